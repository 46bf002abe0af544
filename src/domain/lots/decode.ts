/**
 * Bytes → text → lines for lot files, in chunks, so a 100 MB file never has to be in memory at once.
 *
 * Encoding rule (LOT-FILES.md): UTF-8 with or without BOM; a file that is not valid UTF-8 is read
 * as Windows-1252. Deciding needs the whole file (the first invalid byte may be the last one), so
 * readers make two passes: `EncodingDetector` over every chunk, then `LotTextDecoder` + `LineSplitter`
 * feeding the validator. Browser (File.stream() in a Worker) and server (a file on disk) both can.
 *
 * Only TextDecoder and Uint8Array are used: this runs in browsers, workers and Node alike.
 */

export type LotEncoding = 'utf-8' | 'windows-1252';

/**
 * Longest line kept in memory. Legitimate lines are a few hundred characters; longer ones are kept
 * only up to this prefix (and flagged) so that a hostile file with no newline cannot exhaust memory.
 */
export const MAX_LINE_CHARS = 1_048_576;

/**
 * First pass: is the whole byte stream valid UTF-8 (per the WHATWG decoder: no overlongs, no
 * surrogates, nothing above U+10FFFF, no sequence cut at the end)? A byte-level state machine
 * carried across chunks: unlike a fatal TextDecoder it builds no string (for a 100 MB file,
 * 200 MB of garbage avoided, and measured faster). Stops doing work at the first invalid byte.
 */
export class EncodingDetector {
  private valid = true;
  /** Continuation bytes still expected, and the allowed range of the next one. */
  private need = 0;
  private lower = 0x80;
  private upper = 0xbf;

  push(chunk: Uint8Array): void {
    if (!this.valid) return;
    let need = this.need;
    let lower = this.lower;
    let upper = this.upper;
    const length = chunk.length;
    for (let i = 0; i < length; i++) {
      const b = chunk[i];
      if (need === 0) {
        if (b < 0x80) continue;
        if (b >= 0xc2 && b <= 0xdf) {
          need = 1;
        } else if (b >= 0xe0 && b <= 0xef) {
          need = 2;
          if (b === 0xe0) lower = 0xa0; // overlong
          else if (b === 0xed) upper = 0x9f; // surrogates
        } else if (b >= 0xf0 && b <= 0xf4) {
          need = 3;
          if (b === 0xf0) lower = 0x90; // overlong
          else if (b === 0xf4) upper = 0x8f; // above U+10FFFF
        } else {
          this.valid = false;
          return;
        }
      } else {
        if (b < lower || b > upper) {
          this.valid = false;
          return;
        }
        lower = 0x80;
        upper = 0xbf;
        need--;
      }
    }
    this.need = need;
    this.lower = lower;
    this.upper = upper;
  }

  /** True once the stream is known not to be UTF-8: later chunks need not be read for this pass. */
  get decided(): boolean {
    return !this.valid;
  }

  finish(): LotEncoding {
    if (this.need !== 0) this.valid = false; // a sequence cut at the very end
    return this.valid ? 'utf-8' : 'windows-1252';
  }
}

export function detectEncoding(bytes: Uint8Array): LotEncoding {
  const detector = new EncodingDetector();
  detector.push(bytes);
  return detector.finish();
}

/**
 * Windows-1252 bytes 0x80–0x9F → Unicode. Browsers decode them so already, but Node's TextDecoder
 * (20.x) reads 'windows-1252' as ISO-8859-1 and gives C1 control characters instead (’ “ ” – €...).
 * Mapping them here makes browser and server read the same text. Unassigned bytes map to themselves,
 * as in the WHATWG Encoding Standard.
 */
const CP1252_C1 =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';
const C1_RANGE = /[\u0080-\u009f]/g;

function fixC1(text: string): string {
  C1_RANGE.lastIndex = 0;
  if (!C1_RANGE.test(text)) return text;
  C1_RANGE.lastIndex = 0;
  return text.replace(C1_RANGE, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]);
}

/** Second pass: chunk decoder for the encoding chosen by the first pass. Drops a UTF-8 BOM. */
export class LotTextDecoder {
  readonly encoding: LotEncoding;
  private readonly decoder: TextDecoder;
  /** Windows-1252 only: leading bytes held back until we know whether they are a UTF-8 BOM. */
  private head: Uint8Array | null;

  constructor(encoding: LotEncoding) {
    this.encoding = encoding;
    // For UTF-8, TextDecoder removes the BOM itself (ignoreBOM defaults to false).
    this.decoder = new TextDecoder(encoding);
    this.head = encoding === 'windows-1252' ? new Uint8Array(0) : null;
  }

  decode(chunk: Uint8Array): string {
    if (this.head) {
      // A file that starts with a UTF-8 BOM but is not valid UTF-8 further on: the BOM is not text.
      const joined = new Uint8Array(this.head.length + chunk.length);
      joined.set(this.head);
      joined.set(chunk, this.head.length);
      if (joined.length < 3) {
        this.head = joined;
        return '';
      }
      this.head = null;
      const bom = joined[0] === 0xef && joined[1] === 0xbb && joined[2] === 0xbf;
      return this.decodeBody(bom ? joined.subarray(3) : joined);
    }
    return this.decodeBody(chunk);
  }

  finish(): string {
    let text = '';
    if (this.head) {
      text = this.decodeBody(this.head);
      this.head = null;
    }
    const rest = this.decoder.decode();
    return text + (this.encoding === 'windows-1252' ? fixC1(rest) : rest);
  }

  private decodeBody(bytes: Uint8Array): string {
    const text = this.decoder.decode(bytes, { stream: true });
    return this.encoding === 'windows-1252' ? fixC1(text) : text;
  }
}

/** Whole-buffer convenience (small files, tests): encoding detection and decoding in one call. */
export function decodeLotBytes(bytes: Uint8Array): { encoding: LotEncoding; text: string } {
  const encoding = detectEncoding(bytes);
  const decoder = new LotTextDecoder(encoding);
  return { encoding, text: decoder.decode(bytes) + decoder.finish() };
}

const CR = 13;

/** Receives one physical line, without its line end. `overlong`: cut at MAX_LINE_CHARS. */
export type LineSink = (line: string, overlong: boolean) => void;

/**
 * Splits decoded text chunks into physical lines: LF or CRLF ends a line (a CRLF may be cut between
 * two chunks); a line may span any number of chunks. Every physical line is delivered, blank ones
 * included, so the receiver can number them from 1. A last line without a line end is delivered by
 * `finish()`; a final line end does not make an extra empty line.
 */
export class LineSplitter {
  private pending = '';
  private pendingOverlong = false;
  private readonly sink: LineSink;
  private readonly maxLineChars: number;

  constructor(sink: LineSink, maxLineChars: number = MAX_LINE_CHARS) {
    this.sink = sink;
    this.maxLineChars = maxLineChars;
  }

  push(text: string): void {
    let start = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      if (this.pending.length > 0 || this.pendingOverlong) {
        this.append(text, start, newline);
        const line = this.pending;
        const overlong = this.pendingOverlong;
        this.pending = '';
        this.pendingOverlong = false;
        this.emit(line, overlong);
      } else {
        // CRLF: the CR belongs to the line end, not to the last field (nor to the length).
        const end = newline > start && text.charCodeAt(newline - 1) === CR ? newline - 1 : newline;
        if (end - start > this.maxLineChars) this.sink(text.slice(start, start + this.maxLineChars), true);
        else this.sink(text.slice(start, end), false);
      }
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    if (start < text.length) this.append(text, start, text.length);
  }

  finish(): void {
    if (this.pending.length > 0 || this.pendingOverlong) {
      const line = this.pending;
      const overlong = this.pendingOverlong;
      this.pending = '';
      this.pendingOverlong = false;
      this.emit(line, overlong);
    }
  }

  /**
   * Adds text[from, to) to the line being assembled. Keeps at most maxLineChars + 1 characters:
   * the extra one may be the CR of a CRLF cut between chunks.
   */
  private append(text: string, from: number, to: number): void {
    if (this.pendingOverlong) return;
    const room = this.maxLineChars + 1 - this.pending.length;
    if (to - from > room) {
      this.pending += text.slice(from, from + room);
      this.pendingOverlong = true;
    } else {
      this.pending += text.slice(from, to);
    }
  }

  /** Delivers an assembled line: without its CR, cut to maxLineChars (and flagged) when longer. */
  private emit(line: string, overlong: boolean): void {
    if (!overlong && line.length > 0 && line.charCodeAt(line.length - 1) === CR) line = line.slice(0, -1);
    if (overlong || line.length > this.maxLineChars) this.sink(line.slice(0, this.maxLineChars), true);
    else this.sink(line, false);
  }
}
