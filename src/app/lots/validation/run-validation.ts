import { LotEncoding } from '../../../domain/lots/decode';
import { validateLotSource } from '../../../domain/lots/source';
import { fileSizeError } from '../../../domain/lots/validator';
import {
  CLIENT_MAX_ERRORS_KEPT,
  type ValidationMessage,
  type ValidationRequest,
  type ValidationSummary,
  toValidationContext,
} from './lot-validation.protocol';

/** Progress is posted at most this often: a 100 MB file must not flood the page with messages. */
const PROGRESS_EVERY_MS = 100;
const PASS_1_SHARE = 0.2;

/**
 * Runs THE validator (src/domain/lots) over a file, the same code the server runs. Used inside the Web
 * Worker (lot-validation.worker.ts); also in the page's thread when a browser has no workers.
 */
export async function runLotValidation(
  request: ValidationRequest,
  post: (message: ValidationMessage) => void,
  now: () => number = () => performance.now(),
): Promise<void> {
  const started = now();
  const { file } = request;
  const size = file.size;
  try {
    const sizeError = fileSizeError(size);
    if (sizeError) {
      post({ kind: 'done', result: summary({ size, started, now, encoding: 'utf-8', errors: [sizeError], tooLarge: true }) });
      return;
    }
    let lastPost = -Infinity;
    const result = await validateLotSource(() => file.stream(), toValidationContext(request.context), {
      fileBytes: size,
      maxErrorsKept: request.maxErrorsKept ?? CLIENT_MAX_ERRORS_KEPT,
      onProgress: (bytesRead, pass) => {
        const t = now();
        if (t - lastPost < PROGRESS_EVERY_MS) return;
        lastPost = t;
        const share = size === 0 ? 1 : Math.min(1, bytesRead / size);
        const fraction = pass === 1 ? share * PASS_1_SHARE : PASS_1_SHARE + share * (1 - PASS_1_SHARE);
        post({ kind: 'progress', fraction, bytesRead, pass });
      },
    });
    post({ kind: 'progress', fraction: 1, bytesRead: size, pass: 2 });
    post({
      kind: 'done',
      result: {
        valid: result.valid,
        encoding: result.encoding,
        header: result.header,
        recordCount: result.recordCount,
        validRecordCount: result.validRecordCount,
        totalCents: result.totalCents,
        errorCount: result.errorCount,
        errors: result.errors,
        errorsTruncated: result.errorsTruncated,
        tooLarge: result.tooLarge,
        lineCount: result.lineCount,
        fileBytes: size,
        durationMs: Math.round(now() - started),
      },
    });
  } catch (error) {
    post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}

function summary(args: {
  size: number;
  started: number;
  now: () => number;
  encoding: LotEncoding;
  errors: ValidationSummary['errors'];
  tooLarge: boolean;
}): ValidationSummary {
  return {
    valid: false,
    encoding: args.encoding,
    header: null,
    recordCount: 0,
    validRecordCount: 0,
    totalCents: 0,
    errorCount: args.errors.length,
    errors: args.errors,
    errorsTruncated: false,
    tooLarge: args.tooLarge,
    lineCount: 0,
    fileBytes: args.size,
    durationMs: Math.round(args.now() - args.started),
  };
}
