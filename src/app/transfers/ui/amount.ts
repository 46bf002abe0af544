/**
 * An amount as a person types it, in bolívares: "150", "150,5", "150,50" or "150.50" (no thousands
 * separators, at most 2 decimals) → integer cents; null when it is not such an amount or is zero.
 * Digits are read as text: no floating point touches money.
 */
export function parseTypedAmount(text: string): number | null {
  const match = /^\s*(\d{1,10})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return cents > 0 ? cents : null;
}
