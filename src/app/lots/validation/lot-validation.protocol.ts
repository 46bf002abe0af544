import type { LotError } from '../../../domain/lots/errors';
import type { LotEncoding } from '../../../domain/lots/decode';
import type { LotHeader, LotValidationContext } from '../../../domain/lots/validator';
import type { LotType } from '../../../domain/statuses';

/**
 * What the browser knows about the selection when it checks a file: the company's tax id and product
 * codes, the chosen lot type and product. Branch and card lookups are not known on the device, so
 * those checks (E_BRANCH_UNKNOWN, E_CARD_EXISTS, E_NO_CARD) are left to the server.
 */
export interface ClientLotContext {
  taxId: string;
  lotType: LotType;
  productCode: string;
  productCodes: readonly string[];
}

/** How many errors the device keeps for the table and the report; the rest are only counted. */
export const CLIENT_MAX_ERRORS_KEPT = 100_000;

export interface ValidationRequest {
  file: Blob;
  context: ClientLotContext;
  maxErrorsKept?: number;
}

export interface ValidationSummary {
  valid: boolean;
  encoding: LotEncoding;
  header: LotHeader | null;
  recordCount: number;
  validRecordCount: number;
  totalCents: number;
  errorCount: number;
  errors: LotError[];
  errorsTruncated: boolean;
  tooLarge: boolean;
  lineCount: number;
  fileBytes: number;
  durationMs: number;
}

/** Messages from the worker. `fraction` goes 0 → 1 over both passes (encoding 20 %, validation 80 %). */
export type ValidationMessage =
  | { kind: 'progress'; fraction: number; bytesRead: number; pass: 1 | 2 }
  | { kind: 'done'; result: ValidationSummary }
  | { kind: 'failed'; message: string };

export function toValidationContext(context: ClientLotContext): LotValidationContext {
  return {
    taxId: context.taxId,
    lotTypeChosen: context.lotType,
    productCodeChosen: context.productCode,
    products: context.productCodes.map((code) => ({ code })),
  };
}
