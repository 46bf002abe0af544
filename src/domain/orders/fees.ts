/**
 * THE calculation of a service order's figures (docs/rounding.md), shared by the server (which
 * stores and bills them) and the client (which shows them before generating). Integer cents only.
 *
 * Per lot, each figure is rounded half-up to the cent on its own (percentOfCents), then the order
 * figures are the plain sums of its lots' figures. Never round a sum of unrounded figures.
 */
import { addCents, percentOfCents, sumCents } from '../money';
import type { LotType } from '../statuses';
import type { FeeSchedule, LotFigures, OrderFigures } from './order.model';

export interface LotForFees {
  lotType: LotType;
  /** detail records of the lot (EMI: one card each) */
  recordCount: number;
  /** sum of the detail amounts, in cents */
  totalCents: number;
}

function assertCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what}: ${value} is not a non-negative safe integer`);
}

function assertFees(fees: FeeSchedule): void {
  assertCount(fees.issuanceFeeCents, 'issuanceFeeCents');
  for (const bp of [fees.commissionBasisPoints, fees.taxBasisPoints]) {
    if (!Number.isSafeInteger(bp) || bp < 0 || bp > 10_000) throw new RangeError(`basis points out of range: ${bp}`);
  }
}

/** count × unit, refusing results that are not exact (no silent float past 2^53). */
export function multiplyCents(count: number, unitCents: number): number {
  assertCount(count, 'count');
  assertCount(unitCents, 'unitCents');
  const product = count * unitCents;
  if (!Number.isSafeInteger(product)) throw new RangeError(`multiplyCents: ${count} × ${unitCents} is not a safe integer`);
  return product;
}

/** Cards a lot issues: one per EMI record, none for the other types. */
export function cardsIssuedBy(lot: LotForFees): number {
  return lot.lotType === 'EMI' ? lot.recordCount : 0;
}

/** What is loaded onto cards through the order: EMI initial loads and REC recharges. */
export function rechargeOf(lot: LotForFees): number {
  return lot.lotType === 'EMI' || lot.lotType === 'REC' ? lot.totalCents : 0;
}

/** The figures of one lot with a product's fee schedule. */
export function lotFigures(lot: LotForFees, fees: FeeSchedule): LotFigures {
  assertFees(fees);
  assertCount(lot.recordCount, 'recordCount');
  assertCount(lot.totalCents, 'totalCents');
  const rechargeCents = rechargeOf(lot);
  const issuanceFeesCents = multiplyCents(cardsIssuedBy(lot), fees.issuanceFeeCents);
  const commissionCents = percentOfCents(rechargeCents, fees.commissionBasisPoints);
  const taxCents = percentOfCents(addCents(issuanceFeesCents, commissionCents), fees.taxBasisPoints);
  const totalCents = sumCents([rechargeCents, issuanceFeesCents, commissionCents, taxCents]);
  return { rechargeCents, issuanceFeesCents, commissionCents, taxCents, totalCents };
}

/** A lot with nothing to bill (CAR, REP without fees, SUC) is listed apart and processed once its order is paid. */
export function isBillable(figures: LotFigures): boolean {
  return figures.totalCents > 0;
}

/** Order figures: the sums of the lots' already-rounded figures. */
export function orderFigures(lots: readonly LotFigures[]): OrderFigures {
  const sum = (pick: (f: LotFigures) => number) => sumCents(lots.map(pick));
  const totalCents = sum((f) => f.totalCents);
  return {
    rechargeCents: sum((f) => f.rechargeCents),
    issuanceFeesCents: sum((f) => f.issuanceFeesCents),
    commissionCents: sum((f) => f.commissionCents),
    taxCents: sum((f) => f.taxCents),
    totalCents,
    amountToDepositCents: totalCents,
  };
}
