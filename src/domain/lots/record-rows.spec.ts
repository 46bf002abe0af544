// Packed records chunks give back exactly the records the validator handed over.
import { LotError } from './errors';
import { DETAIL_LAYOUTS, LotFieldName } from './layouts';
import { StoredLotRecord } from './lot.model';
import { packRecords, recordsOfChunk } from './record-rows';
import { LotType } from '../statuses';
import { createLotValidator } from './validator';

/** What a storing reader keeps of each record (as server/lots/lot-validation.ts does). */
function storedRecordsOf(type: LotType, text: string): { fieldNames: LotFieldName[]; records: StoredLotRecord[] } {
  const fieldNames = DETAIL_LAYOUTS[type].fields.map((f) => f.name);
  const records: StoredLotRecord[] = [];
  let lineErrors: LotError[] = [];
  const v = createLotValidator(
    {
      onError: (e) => {
        if (lineErrors[0] && lineErrors[0].line !== e.line) lineErrors = [];
        lineErrors.push(e);
      },
      onRecord: (r) => {
        const values = r.fields as Record<string, string | undefined>;
        const readable = values[fieldNames[0]] !== undefined;
        const errors = lineErrors[0]?.line === r.line ? lineErrors : [];
        lineErrors = [];
        records.push({
          line: r.line,
          fields: readable ? fieldNames.map((n) => values[n] ?? '') : [],
          amountCents: r.amountCents,
          personKey: r.personKey,
          ...(errors.length ? { errors } : {}),
        });
      },
    },
    {
      taxId: 'J000000001',
      lotTypeChosen: type,
      products: [{ code: 'ALIM', maxRechargeCents: 100000 }],
      personHasCard: (_p, key) => key !== 'V10000009',
      branchExists: (code) => code === '001',
    },
  );
  v.pushText(text);
  v.finish();
  return { fieldNames, records };
}

describe('packed lot records (record-rows)', () => {
  it('gives back every record, valid or not, with its amount, person key and errors', () => {
    const text = [
      'H;J000000001;ALIM;REC;20261125;9;99.00',
      'D;V;10000001;10.00',
      'D;P;ab12345;1.50', // passport: key upper-cased
      'D;V;10000001;10.00', // duplicate: key kept
      'D;V;10000009;10.00', // no card: key kept
      'D;V;12;10.00', // too short: no key
      'D;X;10000003;10.00', // bad type: no key
      'D;V;10000004;abc', // bad amount
      'D;V', // unreadable
      'Q;1;2;3', // unknown record type
    ].join('\n');
    const { fieldNames, records } = storedRecordsOf('REC', text);
    expect(records.length).toBe(9);
    const packed = packRecords(records);
    expect(Object.keys(packed.errorsAt ?? {}).length).toBe(records.filter((r) => r.errors).length);
    expect(recordsOfChunk({ fieldNames, ...packed })).toEqual(records);
    expect(records.map((r) => r.personKey)).toEqual(['V10000001', 'PAB12345', 'V10000001', 'V10000009', null, null, 'V10000004', null, null]);
  });

  it('keeps EMI and SUC records, empty optional fields included', () => {
    const emi = storedRecordsOf('EMI', "H;J000000001;ALIM;EMI;20261125;2;3.00\nD;V;20000001;Ana María;Pérez Ñáñez;19900214;;;001;1.00\nD;P;AB123456;John;O'Neil;19851130;a@b.co;+584141234567;009;2.00\n");
    expect(recordsOfChunk({ fieldNames: emi.fieldNames, ...packRecords(emi.records) })).toEqual(emi.records);
    const suc = storedRecordsOf('SUC', 'H;J000000001;ALIM;SUC;20261125;1;0.00\nD;010;Sucursal;Calle 1;Caracas;Miranda;;\n');
    expect(recordsOfChunk({ fieldNames: suc.fieldNames, ...packRecords(suc.records) })).toEqual(suc.records);
  });

  it('reads chunks written record by record (older documents) as they are', () => {
    const records: StoredLotRecord[] = [{ line: 2, fields: ['V', '10000001', '1.00'], amountCents: 100, personKey: 'V10000001' }];
    expect(recordsOfChunk({ fieldNames: ['idType', 'idNumber', 'amount'], records })).toBe(records);
  });
});
