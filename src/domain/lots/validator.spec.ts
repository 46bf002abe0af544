// The lot validator against every rule and error code of LOT-FILES.md. Test files are built as
// strings here (no file system), so this suite runs under Node and in a browser alike.
import { LotType } from '../statuses';
import { LOT_ERROR_CODES, LotError } from './errors';
import { MAX_LINE_CHARS } from './decode';
import { DETAIL_LAYOUTS, MAX_FILE_BYTES, MAX_RECORDS, exampleFileFor } from './layouts';
import {
  LotRecord,
  LotValidationContext,
  LotValidationResult,
  LotValidatorOptions,
  createLotValidator,
  fileSizeError,
  personKey,
  validateLotText,
} from './validator';

const CARDS = new Set(['V10000001', 'V10000002', 'E10000003', 'PAB999999']);

function context(over: Partial<LotValidationContext> = {}): LotValidationContext {
  return {
    taxId: 'J000000001',
    lotTypeChosen: 'EMI',
    products: [
      { code: 'ALIM', maxLoadCents: 500000, maxRechargeCents: 300000, maxRecordsPerFile: 1_000_000 },
      { code: 'REGA' },
    ],
    branchExists: (code) => code === '001' || code === '002',
    personHasCard: (product, key) => product === 'ALIM' && CARDS.has(key),
    ...over,
  };
}

type Fields = Record<string, string>;

const DEFAULTS: Record<LotType, Fields> = {
  EMI: {
    idType: 'V', idNumber: '20000001', firstName: 'Ana', lastName: 'Pérez', birthDate: '19900101',
    email: '', phone: '', branchCode: '001', amount: '100.00',
  },
  REC: { idType: 'V', idNumber: '10000001', amount: '100.00' },
  CAR: { idType: 'V', idNumber: '10000001', amount: '100.00' },
  REP: { idType: 'V', idNumber: '10000001', reason: 'P', branchCode: '001' },
  SUC: { code: '010', name: 'Sucursal Uno', address: 'Calle 1', city: 'Caracas', state: 'Miranda', phone: '', contact: '' },
};

/** A detail line of a type: the defaults above with some fields replaced. */
function d(type: LotType, over: Fields = {}): string {
  const values = { ...DEFAULTS[type], ...over };
  return ['D', ...DETAIL_LAYOUTS[type].fields.map((f) => values[f.name])].join(';');
}

function amountOf(line: string, type: LotType): number {
  const index = DETAIL_LAYOUTS[type].fields.findIndex((f) => f.kind === 'amount');
  if (index < 0) return 0;
  const m = /^(\d{1,10})\.(\d{2})$/.exec((line.split(';')[index + 1] ?? '').trim());
  return m ? Number(m[1]) * 100 + Number(m[2]) : 0;
}

/** A whole file: a header with control figures computed from the details, unless overridden. */
function lot(type: LotType, details: string[], header: Fields = {}): string {
  const cents = details.reduce((sum, line) => sum + amountOf(line, type), 0);
  const h = {
    taxId: 'J000000001', productCode: 'ALIM', lotType: type, date: '20261125',
    recordCount: String(details.length),
    controlTotal: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
    ...header,
  };
  return [
    ['H', h['taxId'], h['productCode'], h['lotType'], h['date'], h['recordCount'], h['controlTotal']].join(';'),
    ...details,
  ].join('\n') + '\n';
}

const seenCodes = new Set<string>();

function run(text: string, over: Partial<LotValidationContext> = {}, options: LotValidatorOptions = {}): LotValidationResult {
  const result = validateLotText(text, context(over), options);
  for (const e of result.errors) seenCodes.add(e.code);
  return result;
}

/** Errors as "line field code" for compact expectations. */
function found(result: LotValidationResult): string[] {
  return result.errors.map((e) => `${e.line} ${e.field ?? '-'} ${e.code}`);
}

/** Errors of a one-detail file of a type (detail on line 2). */
function one(type: LotType, over: Fields, ctx: Partial<LotValidationContext> = {}): string[] {
  return found(run(lot(type, [d(type, over)]), { lotTypeChosen: type, ...ctx }));
}

describe('lot validator (LOT-FILES.md)', () => {
  afterAll(() => {
    // Every error code of the contract is produced by at least one spec of this suite.
    const missing = LOT_ERROR_CODES.filter((code) => !seenCodes.has(code));
    expect(missing).withContext('codes never produced').toEqual([]);
  });

  describe('valid files', () => {
    it('accepts the example of LOT-FILES.md', () => {
      const example =
        'H;J000000001;ALIM;EMI;20261125;2;1500.00\n' +
        'D;V;12345678;María José;Pérez Ñáñez;19900214;mj.perez@example.com;04141234567;001;1000.00\n' +
        "D;P;AB123456;John;O'Neil;19851130;;;002;500.00\n";
      const result = run(example);
      expect(found(result)).toEqual([]);
      expect(result.valid).toBeTrue();
      expect(result.recordCount).toBe(2);
      expect(result.validRecordCount).toBe(2);
      expect(result.totalCents).toBe(150000);
      expect(result.lotType).toBe('EMI');
      expect(result.header).toEqual({
        line: 1, taxId: 'J000000001', productCode: 'ALIM', lotType: 'EMI', date: '20261125',
        recordCount: 2, controlTotalCents: 150000,
      });
    });

    for (const type of ['EMI', 'REC', 'CAR', 'REP', 'SUC'] as const) {
      it(`accepts the generated example file of ${type}`, () => {
        const ctx: Partial<LotValidationContext> = {
          lotTypeChosen: type,
          personHasCard: (product, key) => product === 'ALIM' && ['V10000001', 'V10000002'].includes(key),
        };
        expect(found(run(exampleFileFor(type, 'J000000001', 'ALIM'), ctx))).toEqual([]);
      });
    }

    it('accepts CRLF line ends, blank lines anywhere and spaces around fields', () => {
      const text =
        '\r\n  \r\n H ; J000000001 ; ALIM ; REC ; 20261125 ; 2 ; 300.00 \r\n\t\r\n' +
        ' D ; V ; 10000001 ; 100.00\r\n\r\nD;V;10000002;200.00';
      const result = run(text, { lotTypeChosen: 'REC' });
      expect(found(result)).toEqual([]);
      expect(result.lineCount).toBe(7);
      expect(result.header?.line).toBe(3);
    });

    it('compares the tax id ignoring letter case', () => {
      expect(found(run(lot('REC', [d('REC')], { taxId: 'j000000001' }), { lotTypeChosen: 'REC' }))).toEqual([]);
    });

    it('works without a chosen type, reading the header type', () => {
      expect(found(run(lot('REC', [d('REC')]), { lotTypeChosen: undefined }))).toEqual([]);
    });
  });

  describe('file structure', () => {
    it('E_EMPTY_FILE: no bytes, or only blank lines', () => {
      for (const text of ['', '\n', '\r\n\r\n', '   \n\t\n  ']) {
        const result = run(text);
        expect(found(result)).withContext(JSON.stringify(text)).toEqual(['0 - E_EMPTY_FILE']);
        expect(result.valid).toBeFalse();
      }
    });

    it('E_HEADER_MISSING: the first non-blank line is a detail (its fields are still checked)', () => {
      const result = run(`\n${d('EMI', { idNumber: '1' })}\n${d('EMI', { idNumber: '20000002' })}\n`);
      expect(found(result)).toEqual(['2 - E_HEADER_MISSING', '2 idNumber E_LENGTH']);
    });

    it('E_HEADER_MISSING: the first non-blank line is something else', () => {
      expect(found(run('X;1;2\n'))).toEqual(['1 - E_HEADER_MISSING']);
    });

    it('E_HEADER_DUPLICATE: a second H record', () => {
      const text = lot('REC', [d('REC')]) + 'H;J000000001;ALIM;REC;20261125;1;100.00\n';
      expect(found(run(text, { lotTypeChosen: 'REC' }))).toEqual(['3 - E_HEADER_DUPLICATE']);
    });

    it('E_RECORD_TYPE: a line starting with neither H nor D (letter case matters)', () => {
      const text = lot('REC', [d('REC'), 'X;V;10000002;100.00', 'd;V;10000002;100.00'], { recordCount: '3' });
      expect(found(run(text, { lotTypeChosen: 'REC' }))).toEqual(['3 - E_RECORD_TYPE', '4 - E_RECORD_TYPE']);
    });

    it('E_FIELD_COUNT: header with too few or too many fields', () => {
      expect(found(run('H;J000000001;ALIM;REC;20261125;0\n', { lotTypeChosen: 'REC' }))).toEqual(['1 - E_FIELD_COUNT']);
      expect(found(run('H;J000000001;ALIM;REC;20261125;0;0.00;X\n', { lotTypeChosen: 'REC' }))).toEqual([
        '1 - E_FIELD_COUNT',
      ]);
    });

    it('E_FIELD_COUNT: details of every layout, one error per line and nothing more on it', () => {
      const counts: Record<LotType, number> = { EMI: 10, REC: 4, CAR: 4, REP: 5, SUC: 8 };
      for (const type of ['EMI', 'REC', 'CAR', 'REP', 'SUC'] as const) {
        const good = d(type);
        expect(good.split(';').length).toBe(counts[type]);
        const text = lot(type, [good.split(';').slice(0, -1).join(';'), `${good};x;;y`], { controlTotal: '0.00' });
        const errors = found(run(text, { lotTypeChosen: type }));
        expect(errors).withContext(type).toEqual(['2 - E_FIELD_COUNT', '3 - E_FIELD_COUNT']);
      }
    });

    it('counts every physical line, blank ones included, in line numbers', () => {
      const text = `\n\n${lot('REC', [d('REC')]).trimEnd()}\n\n\n${d('REC', { idNumber: '10000002', amount: 'x' })}\n`;
      const result = run(text, { lotTypeChosen: 'REC' });
      expect(found(result)).toEqual(['7 amount E_AMOUNT', '3 recordCount E_COUNT_MISMATCH']);
    });

    it('reports all errors of a file, on all lines and fields', () => {
      const text = lot('EMI', [
        d('EMI', { idType: 'X', firstName: '', email: 'no', amount: '1,00' }),
        d('EMI', { idNumber: '20000002', lastName: 'Pérez 2', phone: '12', branchCode: '009' }),
        d('EMI', { idNumber: '20000003', birthDate: '20200101' }),
      ]);
      expect(found(run(text))).toEqual([
        '2 idType E_FORMAT',
        '2 firstName E_REQUIRED',
        '2 email E_FORMAT',
        '2 amount E_AMOUNT',
        '3 lastName E_FORMAT',
        '3 phone E_LENGTH',
        '3 branchCode E_BRANCH_UNKNOWN',
        '4 birthDate E_AGE',
      ]);
    });
  });

  describe('header fields', () => {
    const rec = (header: Fields, ctx: Partial<LotValidationContext> = {}) =>
      found(run(lot('REC', [d('REC')], header), { lotTypeChosen: 'REC', ...ctx }));

    it('taxId: 5–15 letters/digits, the selected company', () => {
      expect(rec({ taxId: 'J1234' }, { taxId: 'J1234' })).toEqual([]);
      expect(rec({ taxId: 'J12345678901234' }, { taxId: 'J12345678901234' })).toEqual([]);
      expect(rec({ taxId: 'J123' }, { taxId: 'J123' })).toEqual(['1 taxId E_LENGTH']);
      expect(rec({ taxId: 'J123456789012345' })).toEqual(['1 taxId E_LENGTH']);
      expect(rec({ taxId: 'J-0000001' })).toEqual(['1 taxId E_FORMAT']);
      expect(rec({ taxId: 'J000000002' })).toEqual(['1 taxId E_TAX_ID_MISMATCH']);
      expect(rec({ taxId: '' })).toEqual(['1 taxId E_REQUIRED']);
    });

    it('productCode: 2–10 A-Z0-9, a product of the company, the one chosen', () => {
      expect(rec({ productCode: 'REGA' }, { personHasCard: undefined })).toEqual([]);
      expect(rec({ productCode: 'A' })).toEqual(['1 productCode E_LENGTH']);
      expect(rec({ productCode: 'ABCDEFGHIJK' })).toEqual(['1 productCode E_LENGTH']);
      expect(rec({ productCode: 'alim' })).toEqual(['1 productCode E_FORMAT']);
      expect(rec({ productCode: 'AB' })).toEqual(['1 productCode E_PRODUCT']);
      expect(rec({ productCode: 'ABCDEFGHIJ' })).toEqual(['1 productCode E_PRODUCT']);
      expect(rec({ productCode: 'ALIM' }, { productCodeChosen: 'REGA' })).toEqual(['1 productCode E_PRODUCT']);
      expect(rec({ productCode: 'ALIM' }, { productCodeChosen: 'ALIM' })).toEqual([]);
    });

    it('lotType: one of the five, the one chosen', () => {
      expect(rec({ lotType: 'XYZ' })).toEqual(['1 lotType E_FORMAT']);
      expect(rec({ lotType: 'rec' })).toEqual(['1 lotType E_FORMAT']);
      expect(found(run(lot('REC', [d('REC')]), { lotTypeChosen: 'CAR' }))).toEqual(['1 lotType E_LOT_TYPE_MISMATCH']);
    });

    it('date: YYYYMMDD, a real calendar date (leap years)', () => {
      for (const ok of ['20261125', '20240229', '20000229', '20261231', '20260101']) expect(rec({ date: ok })).toEqual([]);
      for (const bad of ['20260229', '19000229', '20261301', '20260001', '20261100', '20260431', '2026112', '202611250', '2026-11-25', '25112026x', '00001125']) {
        expect(rec({ date: bad })).withContext(bad).toEqual(['1 date E_DATE']);
      }
    });

    it('recordCount: a whole number equal to the details', () => {
      expect(rec({ recordCount: '01' })).toEqual([]);
      expect(rec({ recordCount: '2' })).toEqual(['1 recordCount E_COUNT_MISMATCH']);
      expect(rec({ recordCount: '0' })).toEqual(['1 recordCount E_COUNT_MISMATCH']);
      expect(rec({ recordCount: 'uno' })).toEqual(['1 recordCount E_FORMAT']);
      expect(rec({ recordCount: '-1' })).toEqual(['1 recordCount E_FORMAT']);
      expect(rec({ recordCount: '' })).toEqual(['1 recordCount E_REQUIRED']);
      expect(rec({ recordCount: '12345678' })).toEqual(['1 recordCount E_LENGTH']);
    });

    it('controlTotal: an amount equal to the sum of the details', () => {
      expect(rec({ controlTotal: '100.01' })).toEqual(['1 controlTotal E_TOTAL_MISMATCH']);
      expect(rec({ controlTotal: '99.99' })).toEqual(['1 controlTotal E_TOTAL_MISMATCH']);
      expect(rec({ controlTotal: '100' })).toEqual(['1 controlTotal E_AMOUNT']);
      expect(rec({ controlTotal: '1.000,00' })).toEqual(['1 controlTotal E_AMOUNT']);
      const text = lot('REC', [d('REC', { amount: '0.01' }), d('REC', { idNumber: '10000002', amount: '9999.99' })]);
      expect(found(run(text, { lotTypeChosen: 'REC', products: [{ code: 'ALIM' }] }))).toEqual([]);
    });

    it('controlTotal: 0.00 for REP and SUC', () => {
      expect(found(run(lot('REP', [d('REP')], { controlTotal: '1.00' }), { lotTypeChosen: 'REP' }))).toEqual([
        '1 controlTotal E_TOTAL_MISMATCH',
      ]);
      expect(found(run(lot('SUC', [d('SUC')], { controlTotal: '0.01' }), { lotTypeChosen: 'SUC' }))).toEqual([
        '1 controlTotal E_TOTAL_MISMATCH',
      ]);
      expect(found(run(lot('SUC', [d('SUC')]), { lotTypeChosen: 'SUC' }))).toEqual([]);
    });

    it('does not compare the control total when a detail amount is unreadable (no double report)', () => {
      const text = lot('REC', [d('REC', { amount: 'abc' }), d('REC', { idNumber: '10000002' })], { controlTotal: '200.00' });
      expect(found(run(text, { lotTypeChosen: 'REC' }))).toEqual(['2 amount E_AMOUNT']);
    });
  });

  describe('identity fields', () => {
    it('idType: V, E or P', () => {
      expect(one('REC', { idType: 'E', idNumber: '10000003' })).toEqual([]);
      expect(one('REC', { idType: 'P', idNumber: 'AB999999' })).toEqual([]);
      expect(one('REC', { idType: 'X' })).toEqual(['2 idType E_FORMAT']);
      expect(one('REC', { idType: 'v' })).toEqual(['2 idType E_FORMAT']);
      expect(one('REC', { idType: 'VV' })).toEqual(['2 idType E_FORMAT']);
      expect(one('REC', { idType: '' })).toEqual(['2 idType E_REQUIRED']);
    });

    it('idNumber for V and E: 5–10 digits', () => {
      for (const idType of ['V', 'E']) {
        expect(one('EMI', { idType, idNumber: '12345' })).toEqual([]);
        expect(one('EMI', { idType, idNumber: '1234567890' })).toEqual([]);
        expect(one('EMI', { idType, idNumber: '1234' })).toEqual(['2 idNumber E_LENGTH']);
        expect(one('EMI', { idType, idNumber: '12345678901' })).toEqual(['2 idNumber E_LENGTH']);
        expect(one('EMI', { idType, idNumber: '1234567A' })).toEqual(['2 idNumber E_FORMAT']);
        expect(one('EMI', { idType, idNumber: '12.345.678' })).toEqual(['2 idNumber E_FORMAT']);
      }
      expect(one('EMI', { idNumber: '' })).toEqual(['2 idNumber E_REQUIRED']);
    });

    it('idNumber for P: 5–15 letters/digits', () => {
      expect(one('EMI', { idType: 'P', idNumber: 'AB123' })).toEqual([]);
      expect(one('EMI', { idType: 'P', idNumber: 'AB1234567890123' })).toEqual([]);
      expect(one('EMI', { idType: 'P', idNumber: 'AB12' })).toEqual(['2 idNumber E_LENGTH']);
      expect(one('EMI', { idType: 'P', idNumber: 'AB12345678901234' })).toEqual(['2 idNumber E_LENGTH']);
      expect(one('EMI', { idType: 'P', idNumber: 'AB-12345' })).toEqual(['2 idNumber E_FORMAT']);
      expect(one('EMI', { idType: 'P', idNumber: 'ÑB12345' })).toEqual(['2 idNumber E_FORMAT']);
    });

    it('E_DUPLICATE: the second and later records of a person (EMI, REC, CAR, REP)', () => {
      for (const type of ['EMI', 'REC', 'CAR', 'REP'] as const) {
        const text = lot(type, [
          d(type, { idNumber: '10000001' }),
          d(type, { idNumber: '10000002' }),
          d(type, { idNumber: '10000001' }),
          d(type, { idType: 'E', idNumber: '10000001' }),
          d(type, { idNumber: '10000001' }),
        ]);
        const ctx: Partial<LotValidationContext> = { lotTypeChosen: type, personHasCard: undefined };
        expect(found(run(text, ctx))).withContext(type).toEqual(['4 idNumber E_DUPLICATE', '6 idNumber E_DUPLICATE']);
      }
    });

    it('E_DUPLICATE: passports compare ignoring letter case; leading zeros make another number', () => {
      const text = lot('REC', [
        d('REC', { idType: 'P', idNumber: 'AB999999' }),
        d('REC', { idType: 'P', idNumber: 'ab999999' }),
        d('REC', { idNumber: '010000001' }),
        d('REC', { idNumber: '10000001' }),
      ]);
      expect(found(run(text, { lotTypeChosen: 'REC', personHasCard: undefined }))).toEqual(['3 idNumber E_DUPLICATE']);
    });

    it('personKey is idType + idNumber, upper-cased', () => {
      expect(personKey('V', '12345678')).toBe('V12345678');
      expect(personKey('P', 'ab123456')).toBe('PAB123456');
    });
  });

  describe('EMI details', () => {
    it('firstName, lastName: 1–30 letters (accents, ñ, ü), spaces, \' and -', () => {
      for (const name of ['A', 'Ñandú', 'Güerere', "D'Angelo", 'María-José de la Cruz', 'Zoë', 'Ñ'.repeat(30)]) {
        expect(one('EMI', { firstName: name, lastName: name })).withContext(name).toEqual([]);
      }
      expect(one('EMI', { firstName: 'A'.repeat(31) })).toEqual(['2 firstName E_LENGTH']);
      expect(one('EMI', { lastName: 'B'.repeat(31) })).toEqual(['2 lastName E_LENGTH']);
      for (const bad of ['Ana2', 'Ana_María', 'Ana.', 'José@', '-', "'", '<b>']) {
        expect(one('EMI', { firstName: bad })).withContext(bad).toEqual(['2 firstName E_FORMAT']);
      }
      expect(one('EMI', { lastName: '' })).toEqual(['2 lastName E_REQUIRED']);
      expect(one('EMI', { lastName: '   ' })).toEqual(['2 lastName E_REQUIRED']);
    });

    it('birthDate: a real date', () => {
      expect(one('EMI', { birthDate: '19900230' })).toEqual(['2 birthDate E_DATE']);
      expect(one('EMI', { birthDate: '1990021' })).toEqual(['2 birthDate E_DATE']);
      expect(one('EMI', { birthDate: '' })).toEqual(['2 birthDate E_REQUIRED']);
    });

    it('E_AGE: 16 to 100 years old on the header date (20261125)', () => {
      expect(one('EMI', { birthDate: '20101125' })).toEqual([]); // 16 today
      expect(one('EMI', { birthDate: '20101126' })).toEqual(['2 birthDate E_AGE']); // 16 tomorrow
      expect(one('EMI', { birthDate: '19251126' })).toEqual([]); // 100, 101 tomorrow
      expect(one('EMI', { birthDate: '19251125' })).toEqual(['2 birthDate E_AGE']); // 101 today
      expect(one('EMI', { birthDate: '20301125' })).toEqual(['2 birthDate E_AGE']); // not born yet
    });

    it('E_AGE: a 29 February birthday counts from 1 March in common years', () => {
      const on = (date: string) => found(run(lot('EMI', [d('EMI', { birthDate: '20080229' })], { date })));
      expect(on('20240228')).toEqual(['2 birthDate E_AGE']);
      expect(on('20240229')).toEqual([]);
      expect(found(run(lot('EMI', [d('EMI', { birthDate: '20090228' })], { date: '20250228' })))).toEqual([]);
      expect(found(run(lot('EMI', [d('EMI', { birthDate: '20090301' })], { date: '20250228' })))).toEqual([
        '2 birthDate E_AGE',
      ]);
    });

    it('email: optional, at most 60 characters, a valid address', () => {
      expect(one('EMI', { email: '' })).toEqual([]);
      expect(one('EMI', { email: `${'a'.repeat(48)}@example.com` })).toEqual([]);
      expect(one('EMI', { email: `${'a'.repeat(49)}@example.com` })).toEqual(['2 email E_LENGTH']);
      for (const bad of ['ana', 'ana@', '@x.com', 'ana@x', 'ana@@x.com', 'an a@x.com', 'ana@x..com', '.ana@x.com', 'ana.@x.com', 'ana@-x.com']) {
        expect(one('EMI', { email: bad })).withContext(bad).toEqual(['2 email E_FORMAT']);
      }
      for (const ok of ['a.b+c@sub.example.co', 'ANA_1@X.COM']) expect(one('EMI', { email: ok })).toEqual([]);
    });

    it('phone: optional, + then 7–15 digits, or 7–15 digits', () => {
      for (const ok of ['', '1234567', '123456789012345', '+1234567', '+123456789012345']) {
        expect(one('EMI', { phone: ok })).withContext(ok).toEqual([]);
      }
      for (const short of ['123456', '+123456', '1234567890123456', '+1234567890123456', '12345678901234567890']) {
        expect(one('EMI', { phone: short })).withContext(short).toEqual(['2 phone E_LENGTH']);
      }
      for (const bad of ['0414-1234567', '(0414)1234567', '0414 1234567', '++1234567', '1234567+', 'telefono']) {
        expect(one('EMI', { phone: bad })).withContext(bad).toEqual(['2 phone E_FORMAT']);
      }
    });

    it('branchCode: 1–10 A-Z0-9, an existing branch', () => {
      expect(one('EMI', { branchCode: '002' })).toEqual([]);
      expect(one('EMI', { branchCode: '003' })).toEqual(['2 branchCode E_BRANCH_UNKNOWN']);
      expect(one('EMI', { branchCode: 'a01' })).toEqual(['2 branchCode E_FORMAT']);
      expect(one('EMI', { branchCode: '00000000001' })).toEqual(['2 branchCode E_LENGTH']);
      expect(one('EMI', { branchCode: '' })).toEqual(['2 branchCode E_REQUIRED']);
      expect(one('EMI', { branchCode: '003' }, { branchExists: undefined })).toEqual([]);
    });

    it('amount: may be 0.00, at most the product maximum load per card', () => {
      expect(one('EMI', { amount: '0.00' })).toEqual([]);
      expect(one('EMI', { amount: '5000.00' })).toEqual([]);
      expect(one('EMI', { amount: '5000.01' })).toEqual(['2 amount E_AMOUNT_LIMIT']);
      for (const bad of ['1500', '1500.0', '1500.000', '1,500.00', '1.500,00', '-1.00', '+1.00', '12345678901.00', 'abc']) {
        expect(one('EMI', { amount: bad })).withContext(bad).toEqual(['2 amount E_AMOUNT']);
      }
      expect(one('EMI', { amount: '' })).toEqual(['2 amount E_REQUIRED']);
      // A product without a limit: no limit check.
      expect(found(run(lot('EMI', [d('EMI', { amount: '9999999999.99' })], { productCode: 'REGA' })))).toEqual([]);
    });

    it('E_CARD_EXISTS: the person already holds a card of the product', () => {
      expect(one('EMI', { idNumber: '10000001' })).toEqual(['2 idNumber E_CARD_EXISTS']);
      expect(one('EMI', { idType: 'P', idNumber: 'ab999999' })).toEqual(['2 idNumber E_CARD_EXISTS']);
      // Of another product: fine. Without card data (browser): not checked.
      expect(found(run(lot('EMI', [d('EMI', { idNumber: '10000001' })], { productCode: 'REGA' })))).toEqual([]);
      expect(one('EMI', { idNumber: '10000001' }, { personHasCard: undefined })).toEqual([]);
    });
  });

  describe('REC and CAR details', () => {
    for (const type of ['REC', 'CAR'] as const) {
      it(`${type}: amount > 0, at most the product maximum per recharge`, () => {
        expect(one(type, { amount: '0.01' })).toEqual([]);
        expect(one(type, { amount: '3000.00' })).toEqual([]);
        expect(one(type, { amount: '0.00' })).toEqual(['2 amount E_AMOUNT']);
        expect(one(type, { amount: '3000.01' })).toEqual(['2 amount E_AMOUNT_LIMIT']);
        expect(one(type, { amount: '1500' })).toEqual(['2 amount E_AMOUNT']);
      });

      it(`${type}: E_NO_CARD when the person holds no card of the product`, () => {
        expect(one(type, { idNumber: '20000001' })).toEqual(['2 idNumber E_NO_CARD']);
        expect(one(type, { idType: 'E', idNumber: '10000001' })).toEqual(['2 idNumber E_NO_CARD']);
        expect(one(type, { idNumber: '20000001' }, { personHasCard: undefined })).toEqual([]);
      });
    }
  });

  describe('REP details', () => {
    it('reason: P, R, D or N', () => {
      for (const reason of ['P', 'R', 'D', 'N']) expect(one('REP', { reason })).toEqual([]);
      for (const bad of ['X', 'p', 'PR']) expect(one('REP', { reason: bad })).withContext(bad).toEqual(['2 reason E_FORMAT']);
      expect(one('REP', { reason: '' })).toEqual(['2 reason E_REQUIRED']);
    });

    it('card and branch must exist', () => {
      expect(one('REP', { idNumber: '20000001' })).toEqual(['2 idNumber E_NO_CARD']);
      expect(one('REP', { branchCode: '009' })).toEqual(['2 branchCode E_BRANCH_UNKNOWN']);
    });
  });

  describe('SUC details', () => {
    it('code: 1–10 A-Z0-9, once per file', () => {
      expect(one('SUC', { code: '1' })).toEqual([]);
      expect(one('SUC', { code: 'ABCDE12345' })).toEqual([]);
      expect(one('SUC', { code: 'ABCDE123456' })).toEqual(['2 code E_LENGTH']);
      expect(one('SUC', { code: 'ab-1' })).toEqual(['2 code E_FORMAT']);
      expect(one('SUC', { code: '' })).toEqual(['2 code E_REQUIRED']);
      const text = lot('SUC', [d('SUC', { code: '001' }), d('SUC', { code: '002' }), d('SUC', { code: '001' })]);
      expect(found(run(text, { lotTypeChosen: 'SUC' }))).toEqual(['4 code E_DUPLICATE']);
    });

    it('an existing branch code is allowed (it is updated)', () => {
      expect(one('SUC', { code: '001' })).toEqual([]);
    });

    const limits: [string, number, boolean][] = [
      ['name', 60, true], ['address', 120, true], ['city', 40, true], ['state', 40, true], ['contact', 60, false],
    ];
    for (const [field, max, required] of limits) {
      it(`${field}: ${required ? 1 : 0}–${max} characters`, () => {
        expect(one('SUC', { [field]: 'x'.repeat(max) })).toEqual([]);
        expect(one('SUC', { [field]: 'x' })).toEqual([]);
        expect(one('SUC', { [field]: 'x'.repeat(max + 1) })).toEqual([`2 ${field} E_LENGTH`]);
        expect(one('SUC', { [field]: '' })).toEqual(required ? [`2 ${field} E_REQUIRED`] : []);
        expect(one('SUC', { [field]: 'a\u0000b' })).toEqual([`2 ${field} E_FORMAT`]);
      });
    }

    it('phone: optional, as in EMI', () => {
      expect(one('SUC', { phone: '+582125551234' })).toEqual([]);
      expect(one('SUC', { phone: '0212-555' })).toEqual(['2 phone E_FORMAT']);
    });
  });

  describe('limits', () => {
    it('E_TOO_LARGE: more records than the product allows per file, reported once', () => {
      const products = [{ code: 'ALIM', maxRechargeCents: 300000, maxRecordsPerFile: 2 }];
      const two = lot('REC', [d('REC'), d('REC', { idNumber: '10000002' })]);
      expect(found(run(two, { lotTypeChosen: 'REC', products }))).toEqual([]);
      const four = lot('REC', ['10000001', '10000002', '10000003', '10000004'].map((n) => d('REC', { idNumber: n })));
      const result = run(four, { lotTypeChosen: 'REC', products, personHasCard: undefined });
      expect(found(result)).toEqual(['4 - E_TOO_LARGE']);
      expect(result.tooLarge).toBeTrue();
      expect(result.recordCount).toBe(4);
      expect(result.errors[0].message).toContain('2 registros');
    });

    it('E_TOO_LARGE: more than 1,000,000 detail records', () => {
      const v = createLotValidator({}, context({ lotTypeChosen: 'REC', personHasCard: undefined, products: [{ code: 'ALIM' }] }));
      v.pushLine(`H;J000000001;ALIM;REC;20261125;${MAX_RECORDS + 1};${MAX_RECORDS + 1}.00`);
      for (let i = 0; i <= MAX_RECORDS; i++) v.pushLine(`D;V;${10000000 + i};1.00`);
      expect(v.tooLarge).toBeTrue();
      const result = v.finish();
      for (const e of result.errors) seenCodes.add(e.code);
      expect(found(result)).toEqual([`${MAX_RECORDS + 2} - E_TOO_LARGE`]);
    });

    it('accepts exactly 1,000,000 detail records', () => {
      const v = createLotValidator({}, context({ lotTypeChosen: 'REC', personHasCard: undefined, products: [{ code: 'ALIM' }] }));
      v.pushLine(`H;J000000001;ALIM;REC;20261125;${MAX_RECORDS};${MAX_RECORDS}.00`);
      for (let i = 0; i < MAX_RECORDS; i++) v.pushLine(`D;V;${10000000 + i};1.00`);
      const result = v.finish();
      expect(found(result)).toEqual([]);
      expect(result.recordCount).toBe(MAX_RECORDS);
      expect(result.totalCents).toBe(MAX_RECORDS * 100);
    });

    it('E_TOO_LARGE: a file over 100 MB', () => {
      expect(fileSizeError(MAX_FILE_BYTES)).toBeNull();
      expect(fileSizeError(MAX_FILE_BYTES + 1)?.code).toBe('E_TOO_LARGE');
      const result = run(lot('REC', [d('REC')]), { lotTypeChosen: 'REC' }, { fileBytes: MAX_FILE_BYTES + 1 });
      expect(found(result)).toEqual(['0 - E_TOO_LARGE']);
      expect(result.errors[0].message).toContain('100 MB');
    });
  });

  describe('hostile input', () => {
    const fast = (fn: () => LotValidationResult): LotValidationResult => {
      const started = Date.now();
      const result = fn();
      expect(Date.now() - started).toBeLessThan(2000);
      return result;
    };

    it('NUL bytes give clear errors', () => {
      const text = lot('REC', [d('REC', { idNumber: '1000\u00000001' }), 'D\u0000;V;10000002;1.00', '\u0000\u0000\u0000'], {
        recordCount: '3',
      });
      const result = fast(() => run(text, { lotTypeChosen: 'REC' }));
      expect(found(result)).toEqual(['2 idNumber E_FORMAT', '3 - E_RECORD_TYPE', '4 - E_RECORD_TYPE']);
      for (const e of result.errors) expect(e.message).not.toContain('\u0000');
    });

    it('a 200,000-character line gives an error at once', () => {
      const long = 'A'.repeat(200_000);
      const result = fast(() => run(lot('EMI', [d('EMI', { firstName: long }), long]), {}));
      expect(found(result)).toEqual(['2 firstName E_LENGTH', '3 - E_RECORD_TYPE']);
      expect(result.errors.every((e) => e.message.length < 400)).toBeTrue();
    });

    it('a 200,000-character line of separators gives one E_FIELD_COUNT', () => {
      const result = fast(() => run(lot('REC', [`D${';'.repeat(200_000)}`]), { lotTypeChosen: 'REC' }));
      expect(found(result)).toEqual(['2 - E_FIELD_COUNT']);
    });

    it('a line beyond the in-memory limit is cut and reported', () => {
      const v = createLotValidator({}, context({ lotTypeChosen: 'REC' }));
      v.pushText('H;J000000001;ALIM;REC;20261125;2;1.00\n');
      const piece = 'x'.repeat(300_000);
      for (let i = 0; i < 5; i++) v.pushText(piece); // 1.5 million characters, no line end
      v.pushText('\nD;V;10000001;1.00\n');
      const result = v.finish();
      expect(found(result)).toEqual(['2 - E_LENGTH']);
      expect(result.lineCount).toBe(3);
    });

    it('random binary junk finishes quickly with errors', () => {
      let seed = 42;
      const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
      let junk = '';
      for (let i = 0; i < 300_000; i++) junk += String.fromCharCode(Math.floor(random() * 256));
      const result = fast(() => run(junk));
      expect(result.valid).toBeFalse();
      expect(result.errorCount).toBeGreaterThan(0);
      for (const e of result.errors) expect(e.message).not.toMatch(/[\u0000-\u0008]/);
    });
  });

  describe('reporting', () => {
    const manyErrors = () =>
      lot('REC', Array.from({ length: 50 }, (_, i) => d('REC', { idNumber: String(10000001 + i), amount: 'x' })));

    it('keeps the first maxErrorsKept errors, counts all, and streams all to onError', () => {
      const streamed: LotError[] = [];
      const result = run(manyErrors(), { lotTypeChosen: 'REC', personHasCard: undefined }, {
        maxErrorsKept: 10,
        onError: (e) => streamed.push(e),
      });
      expect(result.errorCount).toBe(50);
      expect(result.errors.length).toBe(10);
      expect(result.errorsTruncated).toBeTrue();
      expect(streamed.length).toBe(50);
      expect(streamed.slice(0, 10)).toEqual(result.errors);
    });

    it('keeps 1000 errors by default', () => {
      const text = lot('REC', Array.from({ length: 1200 }, (_, i) => d('REC', { idNumber: String(10000001 + i), amount: 'x' })));
      const result = run(text, { lotTypeChosen: 'REC', personHasCard: undefined });
      expect(result.errorCount).toBe(1200);
      expect(result.errors.length).toBe(1000);
    });

    it('every error has line, field, code and a Spanish message naming them', () => {
      const result = run(lot('REC', [d('REC'), d('REC', { idNumber: '10000002', amount: '1500' })]), { lotTypeChosen: 'REC' });
      const error = result.errors[0];
      expect(Object.keys(error).sort()).toEqual(['code', 'field', 'line', 'message']);
      expect(error.message).toContain(
        'Línea 3, campo amount: el monto debe tener el formato 1500.00 (punto y dos decimales)',
      );
    });

    it('has a specific message for every code', () => {
      const text = lot('EMI', [
        d('EMI', { idNumber: '10000001', amount: '6000.00', branchCode: '009', birthDate: '20200101' }),
      ], { recordCount: '5' });
      for (const e of run(text).errors) {
        expect(e.message).toMatch(/^Línea \d+(, campo \w+)?: \S/);
        expect(e.message).not.toContain('undefined');
        expect(e.message).not.toContain('?');
      }
      expect(run(text).errors.map((e) => e.message)).toEqual([
        'Línea 2, campo amount: el monto 6000.00 supera el máximo de 5000.00 de carga por tarjeta del producto ALIM.',
        'Línea 2, campo idNumber: la persona «V10000001» ya tiene una tarjeta vigente del producto ALIM.',
        'Línea 2, campo branchCode: la sucursal «009» no existe en la empresa.',
        'Línea 2, campo birthDate: el titular debe tener entre 16 y 100 años en la fecha del lote y tendría 6.',
        'Línea 1, campo recordCount: el encabezado indica 5 registros de detalle y el archivo tiene 1.',
      ]);
    });

    it('hands every detail record to onRecord', () => {
      const records: LotRecord[] = [];
      const text = lot('REC', [d('REC', { amount: '1.50' }), d('REC', { idNumber: '20000001' }), 'D;V'], { recordCount: '3' });
      run(text, { lotTypeChosen: 'REC' }, { onRecord: (r) => records.push(r) });
      expect(records).toEqual([
        { line: 2, type: 'REC', fields: { idType: 'V', idNumber: '10000001', amount: '1.50' }, amountCents: 150, personKey: 'V10000001', valid: true },
        { line: 3, type: 'REC', fields: { idType: 'V', idNumber: '20000001', amount: '100.00' }, amountCents: 10000, personKey: 'V20000001', valid: false },
        { line: 4, type: 'REC', fields: {}, amountCents: null, personKey: null, valid: false },
      ]);
    });

    /** Runs a text piece by piece, collecting records and errors as a storing reader does. */
    function collect(text: string, over: Partial<LotValidationContext>) {
      const records: LotRecord[] = [];
      const errors: LotError[] = [];
      const v = createLotValidator({ onRecord: (r) => records.push(r), onError: (e) => errors.push(e) }, context(over));
      for (let i = 0; i < text.length; i += 65_536) v.pushText(text.slice(i, i + 65_536));
      return { records, errors, result: v.finish() };
    }

    it('ends every detail line with its record, whatever the line (unknown type, overlong, unreadable)', () => {
      const overMemoryLimit = 'x'.repeat(MAX_LINE_CHARS + 10);
      const text = lot('REC', [
        d('REC'),
        'X;V;10000002;100.00', // unknown record type
        'Z'.repeat(200_000), // a 200,000-character line without separators
        overMemoryLimit, // cut by the splitter
        'D;V', // too few fields
        'D\u0000;V;10000002;1.00', // NUL in the record type
        d('REC', { idNumber: '10000002' }),
      ], { recordCount: '7' });
      const { records, errors, result } = collect(text, { lotTypeChosen: 'REC' });
      expect(result.recordCount).toBe(7);
      expect(records.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
      expect(records.map((r) => r.valid)).toEqual([true, false, false, false, false, false, true]);
      for (const r of records.slice(1, 6)) {
        expect(r).withContext(`line ${r.line}`).toEqual({ line: r.line, type: 'REC', fields: {}, amountCents: null, personKey: null, valid: false });
      }
      // every error of a detail line belongs to a line that has its record, and was reported before it
      const recordLines = new Set(records.map((r) => r.line));
      const detailErrors = errors.filter((e) => e.line !== 0 && e.line !== result.header?.line);
      expect(detailErrors.map((e) => `${e.line} ${e.code}`)).toEqual(['3 E_RECORD_TYPE', '4 E_RECORD_TYPE', '5 E_LENGTH', '6 E_FIELD_COUNT', '7 E_RECORD_TYPE']);
      for (const e of detailErrors) {
        expect(recordLines.has(e.line)).withContext(`${e.line} ${e.code}`).toBeTrue();
        expect(e.message).toMatch(/^Línea \d+/);
        expect(e.message.length).toBeLessThan(400);
      }
    });

    it('ends every detail line with its record when no lot type is known, or the header is missing', () => {
      const noType = collect(lot('REC', [d('REC'), 'X;1'], { lotType: 'ZZZ', recordCount: '2' }), { lotTypeChosen: undefined });
      expect(noType.records.map((r) => [r.line, r.type, r.valid])).toEqual([[2, null, false], [3, null, false]]);
      expect(noType.result.recordCount).toBe(2);

      const headless = collect(`X;V;10000001;1.00\n${d('REC')}\n`, { lotTypeChosen: 'REC' });
      expect(headless.records.map((r) => r.line)).toEqual([1, 2]);
      expect(headless.result.recordCount).toBe(2);
      expect(headless.errors.map((e) => `${e.line} ${e.code}`)).toEqual(['1 E_HEADER_MISSING']);
    });

    it('hands over as many records as it counts, for random junk too', () => {
      let seed = 7;
      const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
      const pieces = ['D', 'X', ';', 'V', '1', '\n', '\r\n', ' ', 'H', '\u0000', 'ñ', '.'];
      let junk = 'H;J000000001;ALIM;REC;20261125;5;1.00\n';
      for (let i = 0; i < 50_000; i++) junk += pieces[Math.floor(random() * pieces.length)];
      const { records, result } = collect(junk, { lotTypeChosen: 'REC' });
      expect(result.recordCount).toBeGreaterThan(100);
      expect(records.length).toBe(result.recordCount);
      expect(new Set(records.map((r) => r.line)).size).toBe(records.length);
    });

    it('can be fed text in arbitrary pieces with the same result', () => {
      const text = lot('EMI', [d('EMI'), d('EMI', { idNumber: '20000002', email: 'x' })]).replace(/\n/g, '\r\n');
      const whole = run(text);
      for (const size of [1, 2, 3, 7, 64]) {
        const v = createLotValidator({}, context());
        for (let i = 0; i < text.length; i += size) v.pushText(text.slice(i, i + size));
        expect(v.finish()).withContext(`pieces of ${size}`).toEqual(whole);
      }
    });

    it('refuses input after finish()', () => {
      const v = createLotValidator({}, context());
      v.finish();
      expect(() => v.pushLine('H')).toThrowError();
    });
  });
});
