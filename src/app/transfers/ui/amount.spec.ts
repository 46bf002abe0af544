import { parseTypedAmount } from './amount';

describe('parseTypedAmount', () => {
  it('reads bolívares with a comma or a dot into integer cents', () => {
    expect(parseTypedAmount('150')).toBe(15_000);
    expect(parseTypedAmount('150,5')).toBe(15_050);
    expect(parseTypedAmount(' 150.05 ')).toBe(15_005);
    expect(parseTypedAmount('0,01')).toBe(1);
    expect(parseTypedAmount('9999999999,99')).toBe(999_999_999_999);
  });

  it('refuses what is not an amount, and zero', () => {
    for (const bad of ['', '0', '0,00', '-5', '1.000,00', '1,234', 'abc', '1e3', '12345678901']) expect(parseTypedAmount(bad)).withContext(bad).toBeNull();
  });
});
