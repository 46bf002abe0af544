import { cardsIssuedBy, isBillable, lotFigures, multiplyCents, orderFigures, rechargeOf } from './fees';
import type { FeeSchedule } from './order.model';

const DEMO: FeeSchedule = { issuanceFeeCents: 250, commissionBasisPoints: 150, taxBasisPoints: 1600 };

describe('orders: fee calculation (docs/rounding.md)', () => {
  it('EMI of 2 cards with 1000.00 and 500.00 on the demo fees: 5.00 + 22.50 + 4.40 → 1531.90', () => {
    const f = lotFigures({ lotType: 'EMI', recordCount: 2, totalCents: 150_000 }, DEMO);
    expect(f).toEqual({ rechargeCents: 150_000, issuanceFeesCents: 500, commissionCents: 2250, taxCents: 440, totalCents: 153_190 });
  });

  it('REC: commission and tax, no issuance fee', () => {
    // 2,345.67 × 1.5 % = 35.18505 → 35.19; 16 % of 35.19 = 5.6304 → 5.63
    expect(lotFigures({ lotType: 'REC', recordCount: 3, totalCents: 234_567 }, DEMO)).toEqual({
      rechargeCents: 234_567,
      issuanceFeesCents: 0,
      commissionCents: 3519,
      taxCents: 563,
      totalCents: 234_567 + 3519 + 563,
    });
  });

  it('rounds half-up at exactly half a cent, each figure on its own', () => {
    // 1.00 × 1.5 % = 1.5 cents → 2; tax 16 % of 2 cents = 0.32 → 0
    expect(lotFigures({ lotType: 'REC', recordCount: 1, totalCents: 100 }, DEMO)).toEqual({
      rechargeCents: 100, issuanceFeesCents: 0, commissionCents: 2, taxCents: 0, totalCents: 102,
    });
    // 50 % tax on 1 cent of commission: 0.5 → 1
    const half: FeeSchedule = { issuanceFeeCents: 0, commissionBasisPoints: 100, taxBasisPoints: 5000 };
    expect(lotFigures({ lotType: 'REC', recordCount: 1, totalCents: 100 }, half).taxCents).toBe(1);
    // just below half rounds down: 0.49 → 0 (commission 1 % of 49 cents)
    expect(lotFigures({ lotType: 'REC', recordCount: 1, totalCents: 49 }, half).commissionCents).toBe(0);
    expect(lotFigures({ lotType: 'REC', recordCount: 1, totalCents: 50 }, half).commissionCents).toBe(1);
  });

  it('sums rounded lot figures per order (never rounds the sum)', () => {
    const lot = lotFigures({ lotType: 'REC', recordCount: 1, totalCents: 100 }, DEMO);
    const order = orderFigures([lot, lot]);
    // unrounded: 2 × 1.5 = 3 cents; the rule gives 2 + 2 = 4
    expect(order.commissionCents).toBe(4);
    expect(order.totalCents).toBe(204);
    expect(order.amountToDepositCents).toBe(204);
  });

  it('zero amounts: an EMI with 0.00 loads still bills issuance fees and their tax', () => {
    expect(lotFigures({ lotType: 'EMI', recordCount: 2, totalCents: 0 }, DEMO)).toEqual({
      rechargeCents: 0, issuanceFeesCents: 500, commissionCents: 0, taxCents: 80, totalCents: 580,
    });
    expect(orderFigures([])).toEqual({
      rechargeCents: 0, issuanceFeesCents: 0, commissionCents: 0, taxCents: 0, totalCents: 0, amountToDepositCents: 0,
    });
  });

  it('CAR, REP and SUC have nothing to bill', () => {
    for (const lotType of ['CAR', 'REP', 'SUC'] as const) {
      const f = lotFigures({ lotType, recordCount: 10, totalCents: lotType === 'CAR' ? 50_000 : 0 }, DEMO);
      expect(f.totalCents).withContext(lotType).toBe(0);
      expect(isBillable(f)).toBeFalse();
    }
    expect(rechargeOf({ lotType: 'CAR', recordCount: 1, totalCents: 100 })).toBe(0);
    expect(cardsIssuedBy({ lotType: 'REC', recordCount: 5, totalCents: 100 })).toBe(0);
    expect(cardsIssuedBy({ lotType: 'EMI', recordCount: 5, totalCents: 100 })).toBe(5);
  });

  it('a 1,000,000-record lot of maximum amounts is exact', () => {
    // 1,000,000 × 9,999,999,999.99 = 999,999,999,999,000,000 cents would overflow; the largest real lot
    // totals stay below 2^53 and are computed exactly (BigInt inside percentOfCents where needed).
    const totalCents = 1_000_000 * 500_000; // 1,000,000 cards × 5,000.00
    const f = lotFigures({ lotType: 'EMI', recordCount: 1_000_000, totalCents }, DEMO);
    expect(f.issuanceFeesCents).toBe(250_000_000);
    expect(f.commissionCents).toBe(7_500_000_000);
    expect(f.taxCents).toBe(1_240_000_000);
    expect(f.totalCents).toBe(totalCents + 250_000_000 + 7_500_000_000 + 1_240_000_000);
  });

  it('refuses figures that would not be exact near Number.MAX_SAFE_INTEGER', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(() => lotFigures({ lotType: 'REC', recordCount: 1, totalCents: max }, DEMO)).toThrowError(RangeError);
    expect(() => multiplyCents(max, 2)).toThrowError(RangeError);
    expect(() => lotFigures({ lotType: 'EMI', recordCount: 2 ** 52, totalCents: 0 }, DEMO)).toThrowError(RangeError);
    // the commission of a near-max amount is still exact (BigInt path) when the total fits
    const big = 9_000_000_000_000_000; // 90 trillion units, × 1.5 % does not fit 2^53 as a product
    const noFees: FeeSchedule = { issuanceFeeCents: 0, commissionBasisPoints: 150, taxBasisPoints: 0 };
    expect(lotFigures({ lotType: 'REC', recordCount: 1, totalCents: big / 10 }, noFees).commissionCents).toBe(13_500_000_000_000);
  });

  it('refuses invalid inputs', () => {
    expect(() => lotFigures({ lotType: 'EMI', recordCount: -1, totalCents: 0 }, DEMO)).toThrowError(RangeError);
    expect(() => lotFigures({ lotType: 'EMI', recordCount: 1.5, totalCents: 0 }, DEMO)).toThrowError(RangeError);
    expect(() => lotFigures({ lotType: 'REC', recordCount: 1, totalCents: -100 }, DEMO)).toThrowError(RangeError);
    expect(() => lotFigures({ lotType: 'REC', recordCount: 1, totalCents: 100 }, { ...DEMO, taxBasisPoints: 10_001 })).toThrowError(RangeError);
    expect(() => lotFigures({ lotType: 'REC', recordCount: 1, totalCents: 0.5 }, DEMO)).toThrowError(RangeError);
  });
});
