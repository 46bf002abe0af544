import {
  MAX_LOT_AMOUNT_CENTS,
  addCents,
  formatCents,
  formatLotAmount,
  isSafeCents,
  parseAmount,
  parseTypedCents,
  percentOfCents,
  sumCents,
} from './money';

describe('money: parseAmount (lot format)', () => {
  it('reads amounts exactly as cents', () => {
    expect(parseAmount('1500.00')).toBe(150000);
    expect(parseAmount('0.50')).toBe(50);
    expect(parseAmount('0.00')).toBe(0);
    expect(parseAmount('0.01')).toBe(1);
    expect(parseAmount('1.10')).toBe(110);
    // 0.1 + 0.2 style float traps cannot happen: digits are read, not floats.
    expect(parseAmount('0.29')).toBe(29);
    expect(parseAmount('1234567.89')).toBe(123456789);
  });

  it('accepts 1 to 10 integer digits and nothing more', () => {
    expect(parseAmount('9999999999.99')).toBe(MAX_LOT_AMOUNT_CENTS);
    expect(parseAmount('0000000001.00')).toBe(100);
    expect(parseAmount('10000000000.00')).toBeNull();
    expect(parseAmount('.50')).toBeNull();
  });

  it('refuses everything that is not digits, a dot and exactly two digits', () => {
    for (const bad of [
      '', '1500', '1500.0', '1500.000', '1500,00', '1.500,00', '1,500.00', '-1.00', '+1.00',
      ' 1.00', '1.00 ', '1e3.00', 'abc', '1.0a', '1..00', '١.٠٠', 'NaN', 'Infinity',
    ]) {
      expect(parseAmount(bad)).withContext(JSON.stringify(bad)).toBeNull();
    }
  });
});

describe('money: parseTypedCents (what a person types in a form)', () => {
  it('reads whole units with a comma or a dot and 1–2 decimals into integer cents', () => {
    expect(parseTypedCents('150')).toBe(15_000);
    expect(parseTypedCents('150,5')).toBe(15_050);
    expect(parseTypedCents(' 150.05 ')).toBe(15_005);
    expect(parseTypedCents('0,01')).toBe(1);
    expect(parseTypedCents('0')).toBe(0);
    expect(parseTypedCents('9999999999999.99')).toBe(999_999_999_999_999);
    expect(Number.isSafeInteger(parseTypedCents('9999999999999.99'))).toBeTrue();
  });

  it('is exact where floating point is not (0.29 × 100 = 28.999…)', () => {
    expect(parseTypedCents('0.29')).toBe(29);
    expect(parseTypedCents('1.15')).toBe(115);
    expect(parseTypedCents('4.35')).toBe(435);
  });

  it('refuses signs, separators, exponents, three decimals and more whole digits than allowed', () => {
    for (const bad of ['', ' ', '-5', '+5', '1.000,00', '1,234', '1.', ',5', 'abc', '1e3', '0x10', '１２']) expect(parseTypedCents(bad)).withContext(bad).toBeNull();
    expect(parseTypedCents('12345678901', 10)).toBeNull();
    expect(parseTypedCents('1234567890', 10)).toBe(123_456_789_000);
    expect(parseTypedCents('12345678901234')).toBeNull();
  });
});

describe('money: formatting', () => {
  it('formats the lot format', () => {
    expect(formatLotAmount(150000)).toBe('1500.00');
    expect(formatLotAmount(50)).toBe('0.50');
    expect(formatLotAmount(5)).toBe('0.05');
    expect(formatLotAmount(0)).toBe('0.00');
    expect(formatLotAmount(MAX_LOT_AMOUNT_CENTS)).toBe('9999999999.99');
    expect(() => formatLotAmount(-1)).toThrowError(RangeError);
    expect(() => formatLotAmount(1.5)).toThrowError(RangeError);
  });

  it('round-trips every formatted amount through parseAmount', () => {
    for (const cents of [0, 1, 9, 10, 99, 100, 101, 150000, 123456789, MAX_LOT_AMOUNT_CENTS]) {
      expect(parseAmount(formatLotAmount(cents))).toBe(cents);
    }
  });

  it('formats for people in Spanish by default', () => {
    expect(formatCents(150000)).toBe('1.500,00');
    expect(formatCents(0)).toBe('0,00');
    expect(formatCents(5)).toBe('0,05');
    expect(formatCents(99999)).toBe('999,99');
    expect(formatCents(100000)).toBe('1.000,00');
    expect(formatCents(123456789012)).toBe('1.234.567.890,12');
    expect(formatCents(-150050)).toBe('-1.500,50');
    expect(formatCents(150000, 'en')).toBe('1,500.00');
  });

  it('formats the largest safe integer exactly and refuses beyond', () => {
    expect(formatCents(Number.MAX_SAFE_INTEGER)).toBe('90.071.992.547.409,91');
    expect(() => formatCents(Number.MAX_SAFE_INTEGER + 1)).toThrowError(RangeError);
    expect(() => formatCents(Number.NaN)).toThrowError(RangeError);
  });
});

describe('money: percentOfCents (the rounding rule)', () => {
  it('computes percentages in basis points', () => {
    expect(percentOfCents(100000, 150)).toBe(1500); // 1.50 % of 1000.00 = 15.00
    expect(percentOfCents(25000, 1600)).toBe(4000); // 16 % of 250.00 = 40.00
    expect(percentOfCents(0, 150)).toBe(0);
    expect(percentOfCents(12345, 0)).toBe(0);
    expect(percentOfCents(12345, 10000)).toBe(12345);
  });

  it('rounds exactly-half cents up', () => {
    expect(percentOfCents(100, 150)).toBe(2); // 1.5 cents → 2
    expect(percentOfCents(1, 5000)).toBe(1); // 0.5 cent → 1
    expect(percentOfCents(33, 150)).toBe(0); // 0.495 cent → 0
    expect(percentOfCents(34, 150)).toBe(1); // 0.51 cent → 1
    expect(percentOfCents(3, 5000)).toBe(2); // 1.5 → 2
    expect(percentOfCents(5, 1000)).toBe(1); // 0.5 → 1 (a "0.005" amount in money units)
    expect(percentOfCents(4999, 1)).toBe(0); // 0.4999 → 0
    expect(percentOfCents(5000, 1)).toBe(1); // 0.5 → 1
  });

  it('rounds negative amounts half away from zero (symmetric)', () => {
    expect(percentOfCents(-100, 150)).toBe(-2);
    expect(percentOfCents(-33, 150)).toBe(0);
  });

  it('stays exact when cents × basis points exceed the safe integer range', () => {
    // 9e15 × 1600 overflows doubles; BigInt path: 9e15 × 16 % = 1.44e15.
    expect(percentOfCents(9_000_000_000_000_000, 1600)).toBe(1_440_000_000_000_000);
    expect(percentOfCents(Number.MAX_SAFE_INTEGER, 5000)).toBe(4503599627370496); // ...95.5 → up
    expect(() => percentOfCents(Number.MAX_SAFE_INTEGER, 20000)).toThrowError(RangeError);
  });

  it('refuses non-integer inputs', () => {
    expect(() => percentOfCents(1.5, 150)).toThrowError(RangeError);
    expect(() => percentOfCents(100, 1.5)).toThrowError(RangeError);
    expect(() => percentOfCents(100, -1)).toThrowError(RangeError);
  });

  it('rounds per lot, then sums (documented rule)', () => {
    const lots = [100, 100, 100]; // each 1.5 cents of fee → 2 each
    expect(sumCents(lots.map((c) => percentOfCents(c, 150)))).toBe(6);
  });
});

describe('money: sums', () => {
  it('adds exactly and refuses unsafe results', () => {
    expect(addCents(1, 2)).toBe(3);
    expect(sumCents([150000, 50000, 1])).toBe(200001);
    expect(sumCents([])).toBe(0);
    expect(() => addCents(Number.MAX_SAFE_INTEGER, 1)).toThrowError(RangeError);
    expect(() => addCents(0.1, 0.2)).toThrowError(RangeError);
    expect(isSafeCents(Number.MAX_SAFE_INTEGER)).toBeTrue();
    expect(isSafeCents(Number.MAX_SAFE_INTEGER + 1)).toBeFalse();
    expect(isSafeCents('1')).toBeFalse();
  });
});
