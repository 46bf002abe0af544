import { parseTypedCents } from '../../../domain/money';

/**
 * An amount to move, as a person types it in bolívares ("150", "150,5", "150,50", "150.50"; at most
 * 10 whole digits and 2 decimals) → integer cents; null when it is not such an amount or is zero.
 * The reading itself is the shared one (src/domain/money.ts).
 */
export function parseTypedAmount(text: string): number | null {
  const cents = parseTypedCents(text, 10);
  return cents !== null && cents > 0 ? cents : null;
}
