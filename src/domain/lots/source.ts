/**
 * Validating a whole lot file from bytes: the two passes (encoding, then validation) over a source
 * that can be opened twice — a file on disk on the server (fs.createReadStream is an async iterable
 * of Uint8Array), `File.stream()` in the browser's Worker, or one buffer for small files and tests.
 */
import { EncodingDetector, LotEncoding, LotTextDecoder, detectEncoding } from './decode';
import {
  LotValidationContext,
  LotValidationResult,
  LotValidatorOptions,
  createLotValidator,
} from './validator';

export type ByteSource = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

export interface LotSourceOptions extends LotValidatorOptions {
  /** Bytes read so far in each pass (pass 1 decides the encoding, pass 2 validates). */
  onProgress?: (bytesRead: number, pass: 1 | 2) => void;
  /**
   * Called with each piece of decoded text before the validator reads it (`last`: the final piece,
   * then nothing more), and awaited: the place to fetch, for the lines the piece completes, the
   * company data the context's synchronous lookups answer from (the server's cardholders).
   */
  beforeText?: (text: string, last: boolean) => Promise<void> | void;
}

export type LotFileValidation = LotValidationResult & { encoding: LotEncoding };

async function* chunksOf(source: ByteSource): AsyncGenerator<Uint8Array> {
  if ('getReader' in source) {
    const reader = source.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        if (value) yield value;
      }
    } finally {
      // Stopping early (encoding decided, file too large) must not leave the stream locked or open.
      await reader.cancel().catch(() => undefined);
    }
  } else {
    yield* source;
  }
}

/** Reads the file twice through `open()`: once to decide the encoding, once to validate. */
export async function validateLotSource(
  open: () => ByteSource,
  context: LotValidationContext,
  options: LotSourceOptions = {},
): Promise<LotFileValidation> {
  const { onProgress, beforeText } = options;
  const detector = new EncodingDetector();
  let read = 0;
  for await (const chunk of chunksOf(open())) {
    detector.push(chunk);
    read += chunk.length;
    onProgress?.(read, 1);
    if (detector.decided) break; // not UTF-8: the rest cannot change that
  }
  const encoding = detector.finish();

  const decoder = new LotTextDecoder(encoding);
  const validator = createLotValidator(options, context);
  read = 0;
  for await (const chunk of chunksOf(open())) {
    const text = decoder.decode(chunk);
    if (beforeText) await beforeText(text, false);
    validator.pushText(text);
    read += chunk.length;
    onProgress?.(read, 2);
    if (validator.tooLarge) break; // the upload is refused: no need to read on
  }
  if (!validator.tooLarge) {
    const rest = decoder.finish();
    if (beforeText) await beforeText(rest, true);
    validator.pushText(rest);
  }
  return { ...validator.finish(), encoding };
}

/** One buffer in memory (small files, tests). */
export function validateLotBytes(
  bytes: Uint8Array,
  context: LotValidationContext,
  options: LotValidatorOptions = {},
): LotFileValidation {
  const encoding = detectEncoding(bytes);
  const decoder = new LotTextDecoder(encoding);
  const validator = createLotValidator({ fileBytes: bytes.length, ...options }, context);
  validator.pushText(decoder.decode(bytes));
  validator.pushText(decoder.finish());
  return { ...validator.finish(), encoding };
}
