import { z } from 'zod';

/**
 * A product's master-transfer settings (PRODUCT.md chapter 5), set by the operator on the product:
 * the fee charged to the master account once per transfer, and the limits. Integer cents; `null`
 * means "no limit".
 *
 * What the limits count: every card movement (one card credited or debited is one movement, of its
 * amount), whether the transfer credits cards or debits them back. Funding the master account from
 * the company's funding account is not a transfer and counts towards none of them.
 *   - minAmountCents / maxAmountCents: each movement's amount (inclusive bounds);
 *   - dailyAmountCents / dailyCount: sum and number of movements in one calendar day;
 *   - weeklyAmountCents / weeklyCount: the same over one calendar week (Monday to Sunday).
 * Days and weeks are those of the company's time zone, Caracas (UTC−4 all year: see `periodsOf`).
 */
const cents = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const limitCents = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).nullable();
const limitCount = z.number().int().min(1).max(10_000_000).nullable();

export const TransferSettingsSchema = z
  .strictObject({
    feeCents: cents,
    minAmountCents: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    maxAmountCents: limitCents,
    dailyAmountCents: limitCents,
    dailyCount: limitCount,
    weeklyAmountCents: limitCents,
    weeklyCount: limitCount,
  })
  .refine((s) => s.maxAmountCents === null || s.maxAmountCents >= s.minAmountCents, {
    message: 'El monto máximo por movimiento no puede ser menor que el mínimo.',
    path: ['maxAmountCents'],
  });
export type TransferSettings = z.output<typeof TransferSettingsSchema>;

/** What a product without settings gets: no fee, any positive amount, no period limits. */
export const DEFAULT_TRANSFER_SETTINGS: TransferSettings = {
  feeCents: 0,
  minAmountCents: 1,
  maxAmountCents: null,
  dailyAmountCents: null,
  dailyCount: null,
  weeklyAmountCents: null,
  weeklyCount: null,
};

export function transferSettingsOf(product: { transfers?: TransferSettings | null }): TransferSettings {
  return product.transfers ?? DEFAULT_TRANSFER_SETTINGS;
}
