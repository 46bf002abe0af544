/**
 * Money is integer cents everywhere (DESIGN.md rule 7). This module is the one place that turns
 * text into cents, cents into text, and the one written-down rounding rule.
 *
 * No floating point is used on amounts: digits are read one by one, and a percentage is computed as
 * an integer product followed by an integer division with explicit half-up rounding.
 */

/** Largest amount a lot file can express: 10 integer digits and 2 decimals (9999999999.99). */
export const MAX_LOT_AMOUNT_CENTS = 999_999_999_999;

/** True for an integer number of cents that arithmetic can hold exactly. */
export function isSafeCents(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

function assertSafe(value: number, what: string): number {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${what}: ${value} is not a safe integer number of cents`);
  }
  return value;
}

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const DOT = 46;

/**
 * Reads an amount in the lot format: 1–10 digits, a dot, exactly 2 digits (`1500.00`, `0.50`).
 * No sign, no thousands separator, no surrounding spaces (callers trim fields first).
 * Returns cents, or null when the text is not in that format.
 */
export function parseAmount(text: string): number | null {
  const length = text.length;
  // Shortest "0.00" (4), longest "9999999999.99" (13).
  if (length < 4 || length > 13 || text.charCodeAt(length - 3) !== DOT) return null;
  let cents = 0;
  for (let i = 0; i < length; i++) {
    if (i === length - 3) continue; // the dot, checked above
    const c = text.charCodeAt(i);
    if (c < DIGIT_0 || c > DIGIT_9) return null;
    cents = cents * 10 + (c - DIGIT_0);
  }
  // At most 12 digits: always below Number.MAX_SAFE_INTEGER (16 digits), so `cents` is exact.
  return cents;
}

/**
 * An amount as a person types it in a form: whole units, optionally a comma or a dot and 1–2 decimals
 * ("150", "150,5", "150.05"; no sign, no thousands separators), surrounding spaces ignored → cents;
 * null when it is not such an amount. `maxWholeDigits` bounds the integer part (13 keeps every result
 * a safe integer). Digits are read as text: no floating point touches money.
 */
export function parseTypedCents(text: string, maxWholeDigits = 13): number | null {
  const digits = Math.min(Math.max(1, Math.trunc(maxWholeDigits)), 13);
  const match = new RegExp(`^\\s*([0-9]{1,${digits}})(?:[.,]([0-9]{1,2}))?\\s*$`).exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Cents in the lot format: 150000 → "1500.00". Negative values are refused (the format has no sign). */
export function formatLotAmount(cents: number): string {
  assertSafe(cents, 'formatLotAmount');
  if (cents < 0) throw new RangeError('formatLotAmount: lot amounts cannot be negative');
  const whole = Math.floor(cents / 100);
  const fraction = cents - whole * 100;
  return `${whole}.${fraction < 10 ? '0' : ''}${fraction}`;
}

export type MoneyLocale = 'es' | 'en';

/**
 * Cents for people: 150000 → "1.500,00" (es) or "1,500.00" (en); negatives get a leading "-".
 * Written by hand instead of Intl so that browser and server print exactly the same text.
 */
export function formatCents(cents: number, locale: MoneyLocale = 'es'): string {
  assertSafe(cents, 'formatCents');
  const thousands = locale === 'es' ? '.' : ',';
  const decimal = locale === 'es' ? ',' : '.';
  const negative = cents < 0;
  const abs = negative ? -cents : cents;
  const whole = Math.floor(abs / 100);
  const fraction = abs - whole * 100;
  const digits = String(whole);
  let grouped = '';
  for (let end = digits.length; end > 0; end -= 3) {
    const start = Math.max(0, end - 3);
    grouped = grouped === '' ? digits.slice(start, end) : `${digits.slice(start, end)}${thousands}${grouped}`;
  }
  return `${negative ? '-' : ''}${grouped}${decimal}${fraction < 10 ? '0' : ''}${fraction}`;
}

/**
 * THE rounding rule of the application: a percentage of an amount, in basis points
 * (1 bp = 0.01 %, so 1.50 % = 150 and 16 % = 1600), rounded half-up to the cent
 * (half away from zero for negative amounts).
 *
 * Fees, commissions and taxes are computed per lot with this function, each figure rounded on its
 * own, and only then summed (per order). Never sum unrounded figures and round at the end: the
 * per-lot figures are what the user sees and what the ledger books.
 *
 * Integer arithmetic only: cents × bp, then divide by 10,000 keeping the remainder. When the product
 * would exceed Number.MAX_SAFE_INTEGER the same computation runs on BigInt, so the result is exact.
 */
export function percentOfCents(cents: number, basisPoints: number): number {
  assertSafe(cents, 'percentOfCents amount');
  if (!Number.isSafeInteger(basisPoints) || basisPoints < 0) {
    throw new RangeError(`percentOfCents: basis points must be a non-negative integer, got ${basisPoints}`);
  }
  const negative = cents < 0;
  const abs = negative ? -cents : cents;
  const product = abs * basisPoints;
  let result: number;
  if (Number.isSafeInteger(product)) {
    const quotient = Math.floor(product / 10_000);
    const remainder = product - quotient * 10_000;
    result = remainder * 2 >= 10_000 ? quotient + 1 : quotient;
  } else {
    const big = BigInt(abs) * BigInt(basisPoints);
    const quotient = big / 10_000n;
    const remainder = big % 10_000n;
    result = assertSafe(Number(remainder * 2n >= 10_000n ? quotient + 1n : quotient), 'percentOfCents result');
  }
  return negative && result !== 0 ? -result : result;
}

/** a + b, refusing results that are not exact. */
export function addCents(a: number, b: number): number {
  assertSafe(a, 'addCents');
  assertSafe(b, 'addCents');
  return assertSafe(a + b, 'addCents result');
}

/** Sum of amounts in cents, refusing results that are not exact. */
export function sumCents(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total = addCents(total, value);
  return total;
}
