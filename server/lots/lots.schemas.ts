import { z } from 'zod';
import { LOT_ERROR_CODES } from '../../src/domain/lots';
import { LOT_PAGE_MAX } from '../../src/domain/lots/lot.model';
import { LOT_STATUSES, LOT_TYPES } from '../../src/domain/statuses';

/**
 * Request and answer shapes of the lot API (API.md "Lots"). Routes parse with these (strict:
 * unknown fields refused); the OpenAPI document is generated from them.
 */
const password = z.string().min(1).max(1024);

export const PasswordBody = z.strictObject({ password });

export const ConfirmationBody = z.strictObject({
  password,
  /** EMI: both lines required, 1–26 of A-Z 0-9 and space */
  embossLine1: z.string().max(64).optional(),
  embossLine2: z.string().max(64).optional(),
  /** REC and CAR: required, 1–60 characters */
  concept: z.string().max(200).optional(),
});

/** multipart fields besides `file` */
export const UploadFields = z.strictObject({
  type: z.enum(LOT_TYPES, 'Tipo de lote inválido: EMI, REC, CAR, REP o SUC.'),
  productCode: z.string().regex(/^[A-Z0-9]{2,10}$/, 'Código de producto inválido.'),
});

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_\-:.]{1,128}$/;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z)?$/, 'Fecha AAAA-MM-DD o instante ISO en UTC.');

export const ListQuery = z.strictObject({
  status: z.enum(LOT_STATUSES).optional(),
  type: z.enum(LOT_TYPES).optional(),
  /** uploaded on or after (a day: from its start, UTC) */
  from: day.optional(),
  /** uploaded on or before (a day: to its end, UTC) */
  to: day.optional(),
});

export const PageQuery = z.strictObject({
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(LOT_PAGE_MAX).default(100),
});

export const ExportQuery = z.strictObject({ format: z.enum(['xlsx', 'csv', 'pdf']) });

export const ExampleQuery = z.strictObject({
  companyId: z.string().min(1).max(40),
  productCode: z.string().regex(/^[A-Z0-9]{2,10}$/).optional(),
});

// ---- answers ----------------------------------------------------------------------------------------

export const LotErrorSchema = z.strictObject({
  line: z.number().int(),
  field: z.string().nullable(),
  code: z.enum(LOT_ERROR_CODES),
  message: z.string(),
});

const LotCommon = {
  id: z.string(),
  type: z.enum(LOT_TYPES),
  productCode: z.string(),
  status: z.enum(LOT_STATUSES),
  recordCount: z.number().int(),
  totalCents: z.number().int(),
  errorCount: z.number().int(),
  fileName: z.string(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  duplicateOf: z.string().nullable(),
  progress: z.looseObject({ phase: z.enum(['queued', 'validating', 'storing', 'done']), linesRead: z.number(), bytesRead: z.number(), fileBytes: z.number() }),
  signaturesRequired: z.number().int(),
  signatures: z.array(z.strictObject({ userId: z.string(), at: z.string() })),
  authorization: z.strictObject({ by: z.string(), at: z.string() }).nullable(),
  orderId: z.string().nullable(),
  canConfirm: z.boolean(),
  canSign: z.boolean(),
  canWithdrawSignature: z.boolean(),
  canAuthorize: z.boolean(),
  canDelete: z.boolean(),
};

/** API.md's lot answer plus the extras of docs/lots-design.md (more fields may appear). */
export const LotAnswerSchema = z.looseObject({ ...LotCommon, errors: z.array(LotErrorSchema).max(1000) });
export const LotListAnswerSchema = z.strictObject({ lots: z.array(z.looseObject(LotCommon)) });

export const LotErrorsPageSchema = z.strictObject({
  lotId: z.string(),
  offset: z.number().int(),
  limit: z.number().int(),
  total: z.number().int(),
  errors: z.array(LotErrorSchema),
});

export const LotRecordsPageSchema = z.strictObject({
  lotId: z.string(),
  offset: z.number().int(),
  limit: z.number().int(),
  total: z.number().int(),
  fieldNames: z.array(z.string()),
  records: z.array(
    z.strictObject({
      line: z.number().int(),
      fields: z.record(z.string(), z.string()),
      amountCents: z.number().int().nullable(),
      personKey: z.string().nullable(),
      errors: z.array(LotErrorSchema),
      result: z.looseObject({ line: z.number().int(), status: z.enum(['DONE', 'REJECTED']), reason: z.string().optional() }).nullable(),
    }),
  ),
});

export const LayoutsAnswerSchema = z.looseObject({
  layouts: z.record(z.string(), z.unknown()),
  typeLabels: z.record(z.string(), z.string()),
  maxFileBytes: z.number().int(),
  maxRecords: z.number().int(),
});
