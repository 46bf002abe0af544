import { z } from 'zod';
import { MAX_TRANSFER_LINES, type TransferKind, type TransferPreview, type TransferRefusal } from './transfer-rules';
import type { TransferSettings } from './transfer-settings';

/** The shapes of the master account and master transfer API (server/transfers), shared with the client. */

export const PRODUCT_CODE = /^[A-Z0-9]{2,10}$/;
const CARD_ID = /^[A-Za-z0-9._:-]{1,80}$/;
const amount = z.number().int('Monto en céntimos enteros.').min(1, 'El monto debe ser mayor que cero.').max(999_999_999_999);

export const TransferLineSchema = z.strictObject({
  cardId: z.string().regex(CARD_ID, 'Tarjeta inválida.'),
  amountCents: amount,
});

export const TransferPreviewBodySchema = z.strictObject({
  productCode: z.string().regex(PRODUCT_CODE, 'Producto inválido.'),
  kind: z.enum(['credit', 'debit']),
  lines: z.array(TransferLineSchema).min(1, 'Seleccione al menos una tarjeta.').max(MAX_TRANSFER_LINES, `Como máximo ${MAX_TRANSFER_LINES} tarjetas por transferencia.`),
});
export type TransferPreviewBody = z.output<typeof TransferPreviewBodySchema>;

const stepUp = {
  password: z.string().min(1, 'Indique su contraseña.').max(200),
  otp: z.string().min(1, 'Indique el código de un solo uso.').max(20),
};

export const TransferBodySchema = z.strictObject({ ...TransferPreviewBodySchema.shape, ...stepUp });
export type TransferBody = z.output<typeof TransferBodySchema>;

export const FundingBodySchema = z.strictObject({
  fundingAccountId: z.string().regex(/^[a-z0-9-]{1,40}$/, 'Cuenta de fondeo inválida.'),
  amountCents: amount,
  ...stepUp,
});
export type FundingBody = z.output<typeof FundingBodySchema>;

/** `Idempotency-Key`: what the client makes once per confirmation (a UUID fits). */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,200}$/;

export type TransferStatus = 'PENDING' | 'COMPLETED' | 'REFUSED';
export type TransferDocKind = TransferKind | 'funding';

export interface TransferLineAnswer {
  cardId: string;
  maskedPan: string;
  holderName: string;
  amountCents: number;
  status: 'DONE' | 'REJECTED' | 'PENDING';
  reason?: string;
  balanceAfterCents?: number;
}

export interface TransferAnswer {
  id: string;
  kind: TransferDocKind;
  productCode: string;
  status: TransferStatus;
  amountCents: number;
  feeCents: number;
  fundingAccountId?: string;
  lines: TransferLineAnswer[];
  master: { beforeCents: number | null; afterCents: number | null };
  refusal?: TransferRefusal;
  createdBy: string;
  createdAt: string;
  completedAt: string | null;
}

export interface PreviewLineAnswer {
  cardId: string;
  maskedPan: string;
  holderName: string;
  status: string;
  amountCents: number;
  beforeCents: number;
  afterCents: number;
  refusal?: TransferRefusal;
}

export interface TransferPreviewAnswer {
  productCode: string;
  kind: TransferKind;
  settings: TransferSettings;
  preview: Omit<TransferPreview, 'cards'> & { cards: PreviewLineAnswer[] };
  /** what would refuse the transfer now (empty: it would go through at this moment) */
  refusals: TransferRefusal[];
  usage: { dayAmountCents: number; dayCount: number; weekAmountCents: number; weekCount: number };
  asOf: string;
}

export interface MasterAccountAnswer {
  productCode: string;
  /** recomputed from the ledger entries of `master:<product>` */
  balanceCents: number;
  /** the account document's balance, what a transfer may spend now (≤ balance while a transfer is half done) */
  availableCents: number;
  asOf: string;
  settings: TransferSettings;
  usage: { dayAmountCents: number; dayCount: number; weekAmountCents: number; weekCount: number };
  fundingAccounts: Array<{ id: string; bankName: string; accountNumberMasked: string; holderName: string }>;
}

export interface StatementEntryAnswer {
  id: string;
  at: string;
  cause: string;
  /** what the entry is, in Spanish (Fondeo, Transferencia a tarjetas, Pago de orden…) */
  description: string;
  amountCents: number;
  balanceAfterCents: number;
}

export interface StatementAnswer {
  productCode: string;
  entries: StatementEntryAnswer[];
  /** pass as `before` for the next (older) page; null at the first entry */
  next: string | null;
}
