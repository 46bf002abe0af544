import { z } from 'zod';
import { LOT_ID_PATTERN } from '../../src/domain/lots/lot.model';
import { MAX_LOTS_PER_CALCULATION, ORDER_GROUPINGS } from '../../src/domain/orders/order.model';
import { LOT_TYPES, ORDER_STATUSES } from '../../src/domain/statuses';

/** Request and answer shapes of the service-order API (strict: unknown fields refused). */
const secret = z.string().min(1).max(1024);
const otp = z.string().regex(/^[0-9]{6}$/, 'El código tiene 6 dígitos.');
const cents = z.number().int();
const isoDate = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, 'Fecha AAAA-MM-DD.');

export const CalculationBody = z.strictObject({
  lotIds: z.array(z.string().regex(LOT_ID_PATTERN, 'Identificador de lote inválido.')).min(1).max(MAX_LOTS_PER_CALCULATION),
  grouping: z.enum(ORDER_GROUPINGS),
});
export const GenerateBody = z.strictObject({ calculationId: z.string().min(1).max(64), password: secret, otp });
export const VoidBody = z.strictObject({ password: secret });
export const PayBody = z.strictObject({ password: secret, otp });
export const PaymentRecordBody = z.strictObject({
  reference: z.string().trim().min(1).max(60),
  invoiceNumber: z.string().trim().min(1).max(40).optional(),
});
export const InvoiceBody = z.strictObject({ invoiceNumber: z.string().trim().min(1).max(40) });
export const OrderListQuery = z.strictObject({
  status: z.enum(ORDER_STATUSES).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  number: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
});

const FiguresSchema = z.object({
  rechargeCents: cents,
  issuanceFeesCents: cents,
  commissionCents: cents,
  taxCents: cents,
  totalCents: cents,
});
const OrderFiguresSchema = FiguresSchema.extend({ amountToDepositCents: cents });
const LotLineSchema = FiguresSchema.extend({
  lotId: z.string(),
  lotType: z.enum(LOT_TYPES),
  productCode: z.string(),
  recordCount: z.number().int(),
  cards: z.number().int(),
  billable: z.boolean(),
});

export const CalculationAnswerSchema = z.object({
  id: z.string(),
  grouping: z.enum(ORDER_GROUPINGS),
  status: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  groups: z.array(
    z.object({ key: z.string(), productCode: z.string(), lotType: z.enum(LOT_TYPES), lots: z.array(LotLineSchema), figures: OrderFiguresSchema }),
  ),
  totals: OrderFiguresSchema,
  notBillable: z.array(z.string()),
});

export const OrderAnswerSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  status: z.enum(ORDER_STATUSES),
  grouping: z.enum(ORDER_GROUPINGS),
  productCode: z.string(),
  lotType: z.enum(LOT_TYPES),
  lots: z.array(LotLineSchema),
  figures: OrderFiguresSchema,
  createdBy: z.string(),
  createdAt: z.string(),
  payment: z.object({ method: z.enum(['master', 'operator', 'none']), by: z.string(), at: z.string(), reference: z.string().nullable() }).nullable(),
  invoiceNumber: z.string().nullable(),
  invoicedAt: z.string().nullable(),
  voided: z.object({ by: z.string(), at: z.string() }).nullable(),
  processing: z
    .object({
      lots: z.record(z.string(), z.object({ done: z.number(), rejected: z.number(), finishedAt: z.string() })),
      done: z.number(),
      rejected: z.number(),
      startedAt: z.string(),
      finishedAt: z.string().nullable(),
    })
    .nullable(),
  paymentInProgress: z.boolean(),
});
export const OrderListSchema = z.object({ orders: z.array(OrderAnswerSchema) });
