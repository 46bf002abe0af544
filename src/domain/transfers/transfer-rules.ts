import { formatCents } from '../money';
import type { TransferSettings } from './transfer-settings';

/**
 * The master-transfer rules both sides need: the period keys the limits count in, the checks of an
 * amount and of a period's usage, and the balances before/after a transfer (the preview). The
 * server applies the same functions inside its MVCC write of the master account, which is what
 * makes them hold under concurrent requests; the client only shows their verdict in advance.
 */

/** Caracas has kept UTC−4 all year since 2016 (no daylight saving), so a fixed offset is exact. */
export const BUSINESS_UTC_OFFSET_HOURS = -4;

export interface TransferPeriods {
  /** calendar day, e.g. `2026-11-25` */
  day: string;
  /** the Monday that starts the calendar week, e.g. `W2026-11-23` */
  week: string;
}

export function periodsOf(at: Date): TransferPeriods {
  const local = new Date(at.getTime() + BUSINESS_UTC_OFFSET_HOURS * 3_600_000);
  const day = local.toISOString().slice(0, 10);
  const sinceMonday = (local.getUTCDay() + 6) % 7;
  const monday = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - sinceMonday));
  return { day, week: `W${monday.toISOString().slice(0, 10)}` };
}

/** What the master account has used of its limits in the current day and week. */
export interface TransferUsage {
  day: string;
  dayAmountCents: number;
  dayCount: number;
  week: string;
  weekAmountCents: number;
  weekCount: number;
}

/** The usage as of `periods`: counters of an earlier day or week start again from zero. */
export function currentUsage(stored: TransferUsage | null | undefined, periods: TransferPeriods): TransferUsage {
  const sameDay = stored?.day === periods.day;
  const sameWeek = stored?.week === periods.week;
  return {
    day: periods.day,
    dayAmountCents: sameDay ? stored!.dayAmountCents : 0,
    dayCount: sameDay ? stored!.dayCount : 0,
    week: periods.week,
    weekAmountCents: sameWeek ? stored!.weekAmountCents : 0,
    weekCount: sameWeek ? stored!.weekCount : 0,
  };
}

export type TransferRefusalCode =
  | 'AMOUNT_BELOW_MIN'
  | 'AMOUNT_ABOVE_MAX'
  | 'DAILY_AMOUNT_LIMIT'
  | 'DAILY_COUNT_LIMIT'
  | 'WEEKLY_AMOUNT_LIMIT'
  | 'WEEKLY_COUNT_LIMIT'
  | 'INSUFFICIENT_FUNDS'
  | 'CARD_INSUFFICIENT_FUNDS'
  | 'CARD_NOT_FOUND'
  | 'CARD_CANCELLED'
  | 'CARD_OTHER_PRODUCT'
  | 'CARD_REPEATED';

export interface TransferRefusal {
  code: TransferRefusalCode;
  message: string;
  /** the line (0-based) a card-level refusal is about */
  line?: number;
}

const money = (cents: number) => formatCents(cents, 'es');

export const REFUSAL_TEXT = {
  AMOUNT_BELOW_MIN: (min: number) => `El monto mínimo por movimiento es ${money(min)}.`,
  AMOUNT_ABOVE_MAX: (max: number) => `El monto máximo por movimiento es ${money(max)}.`,
  DAILY_AMOUNT_LIMIT: (left: number) => `Supera el monto diario de transferencias (disponible hoy: ${money(left)}).`,
  DAILY_COUNT_LIMIT: (left: number) => `Supera el número de movimientos diarios (quedan hoy: ${left}).`,
  WEEKLY_AMOUNT_LIMIT: (left: number) => `Supera el monto semanal de transferencias (disponible esta semana: ${money(left)}).`,
  WEEKLY_COUNT_LIMIT: (left: number) => `Supera el número de movimientos semanales (quedan esta semana: ${left}).`,
  INSUFFICIENT_FUNDS: (available: number) => `Saldo insuficiente en la cuenta maestra (disponible: ${money(available)}).`,
  CARD_INSUFFICIENT_FUNDS: (available: number) => `Saldo insuficiente en la tarjeta (disponible: ${money(available)}).`,
  CARD_NOT_FOUND: () => 'La tarjeta no existe en esta empresa.',
  CARD_CANCELLED: () => 'La tarjeta está cancelada.',
  CARD_OTHER_PRODUCT: () => 'La tarjeta es de otro producto.',
  CARD_REPEATED: () => 'La tarjeta aparece más de una vez en la transferencia.',
} as const;

/** Each movement's amount against the product's minimum and maximum (inclusive). */
export function checkMovementAmount(amountCents: number, settings: TransferSettings): TransferRefusal | null {
  if (amountCents < settings.minAmountCents) return { code: 'AMOUNT_BELOW_MIN', message: REFUSAL_TEXT.AMOUNT_BELOW_MIN(settings.minAmountCents) };
  if (settings.maxAmountCents !== null && amountCents > settings.maxAmountCents) {
    return { code: 'AMOUNT_ABOVE_MAX', message: REFUSAL_TEXT.AMOUNT_ABOVE_MAX(settings.maxAmountCents) };
  }
  return null;
}

/**
 * Adding `count` movements summing `amountCents` to the period usage: the first limit it would
 * exceed (a limit reached exactly is allowed), or null and the usage after.
 */
export function checkPeriodLimits(
  usage: TransferUsage,
  settings: TransferSettings,
  amountCents: number,
  count: number,
): { refusal: TransferRefusal | null; after: TransferUsage } {
  const after: TransferUsage = {
    ...usage,
    dayAmountCents: usage.dayAmountCents + amountCents,
    dayCount: usage.dayCount + count,
    weekAmountCents: usage.weekAmountCents + amountCents,
    weekCount: usage.weekCount + count,
  };
  const over = (limit: number | null, value: number) => limit !== null && value > limit;
  let refusal: TransferRefusal | null = null;
  if (over(settings.dailyAmountCents, after.dayAmountCents)) {
    refusal = { code: 'DAILY_AMOUNT_LIMIT', message: REFUSAL_TEXT.DAILY_AMOUNT_LIMIT(Math.max(0, settings.dailyAmountCents! - usage.dayAmountCents)) };
  } else if (over(settings.dailyCount, after.dayCount)) {
    refusal = { code: 'DAILY_COUNT_LIMIT', message: REFUSAL_TEXT.DAILY_COUNT_LIMIT(Math.max(0, settings.dailyCount! - usage.dayCount)) };
  } else if (over(settings.weeklyAmountCents, after.weekAmountCents)) {
    refusal = { code: 'WEEKLY_AMOUNT_LIMIT', message: REFUSAL_TEXT.WEEKLY_AMOUNT_LIMIT(Math.max(0, settings.weeklyAmountCents! - usage.weekAmountCents)) };
  } else if (over(settings.weeklyCount, after.weekCount)) {
    refusal = { code: 'WEEKLY_COUNT_LIMIT', message: REFUSAL_TEXT.WEEKLY_COUNT_LIMIT(Math.max(0, settings.weeklyCount! - usage.weekCount)) };
  }
  return { refusal, after };
}

export type TransferKind = 'credit' | 'debit';

/** What a transfer takes from the master account at once: credits + fee, or only the fee for debits. */
export function masterDebitOf(kind: TransferKind, amountsCents: number[], feeCents: number): number {
  const total = amountsCents.reduce((a, b) => a + b, 0);
  return kind === 'credit' ? total + feeCents : feeCents;
}

export interface PreviewCard {
  cardId: string;
  balanceCents: number;
}

export interface TransferPreview {
  master: { beforeCents: number; afterCents: number };
  feeCents: number;
  totalCents: number;
  cards: Array<{ cardId: string; amountCents: number; beforeCents: number; afterCents: number }>;
}

/** Balances before and after: credits move money master → cards, debits cards → master; the fee leaves the master account. */
export function previewTransfer(
  kind: TransferKind,
  masterBalanceCents: number,
  lines: Array<{ card: PreviewCard; amountCents: number }>,
  feeCents: number,
): TransferPreview {
  const sign = kind === 'credit' ? 1 : -1;
  const totalCents = lines.reduce((a, l) => a + l.amountCents, 0);
  return {
    master: { beforeCents: masterBalanceCents, afterCents: masterBalanceCents - sign * totalCents - feeCents },
    feeCents,
    totalCents,
    cards: lines.map((l) => ({
      cardId: l.card.cardId,
      amountCents: l.amountCents,
      beforeCents: l.card.balanceCents,
      afterCents: l.card.balanceCents + sign * l.amountCents,
    })),
  };
}

/** Largest number of cards one transfer may move (one screen's selection; larger batches are lots). */
export const MAX_TRANSFER_LINES = 500;
