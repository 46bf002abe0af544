import type { Product } from '../data/config-api';
import { fieldInput, fieldText, parseFieldInput, productGroups, unitOf } from './product-fields';

const product: Product = {
  code: 'ALIM',
  name: 'Alimentación',
  kind: 'meal',
  bin: '627100',
  status: 'active',
  fees: { issuanceFeeCents: 250, commissionBasisPoints: 150, taxBasisPoints: 1600 },
  limits: { maxLoadCents: 500_000, maxRecordsPerFile: 1_000_000, dailyAmountCents: null },
  // a group another issue adds to the product schema: picked up without a screen change
  transfers: { feeCents: 100, minAmountCents: 1, weeklyCount: null },
  updatedAt: '2026-11-25T10:00:00.000Z',
};

describe('product fields (generic)', () => {
  it('reads every number group of the product, whatever its name', () => {
    const groups = productGroups(product);
    expect(groups.map((g) => g.name)).toEqual(['fees', 'limits', 'transfers']);
    expect(groups[2].fields.map((f) => [f.name, f.unit, f.value])).toEqual([
      ['feeCents', 'money', 100],
      ['minAmountCents', 'money', 1],
      ['weeklyCount', 'count', null],
    ]);
  });

  it('tells the unit by the field name', () => {
    expect(unitOf('maxLoadCents')).toBe('money');
    expect(unitOf('taxBasisPoints')).toBe('percent');
    expect(unitOf('maxRecordsPerFile')).toBe('count');
  });

  it('shows and edits money and percentages in integers (never floating point)', () => {
    const [fees, limits] = productGroups(product);
    expect(fees.fields.map(fieldText)).toEqual(['2,50', '1,50 %', '16,00 %']);
    expect(fees.fields.map(fieldInput)).toEqual(['2.50', '1.50', '16.00']);
    expect(limits.fields.map(fieldText)).toEqual(['5.000,00', '1.000.000', '—']);
    expect(parseFieldInput('money', '1500')).toBe(150_000);
    expect(parseFieldInput('money', '1500,5')).toBe(150_050);
    expect(parseFieldInput('money', '0.07')).toBe(7);
    expect(parseFieldInput('percent', '1.50')).toBe(150);
    expect(parseFieldInput('count', '1000')).toBe(1000);
    expect(parseFieldInput('money', '')).toBeNull();
    for (const bad of ['1.234', '-5', '1e3', 'abc', '1.000,00']) expect(parseFieldInput('money', bad)).withContext(bad).toBeNaN();
    expect(parseFieldInput('count', '2.5')).toBeNaN();
  });
});
