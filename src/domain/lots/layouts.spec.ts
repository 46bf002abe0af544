// The one layout definition: names as LOT-FILES.md spells them, and documents generated from it.
import { LOT_TYPES } from '../statuses';
import {
  DETAIL_LAYOUTS,
  HEADER_LAYOUT,
  LOT_LAYOUTS,
  MAX_FILE_BYTES,
  MAX_RECORDS,
  exampleFileFor,
  fieldCountOf,
  fieldLabel,
  fieldSpec,
  templateFor,
} from './layouts';

const names = (fields: readonly { name: string }[]) => fields.map((f) => f.name);

describe('lot layouts', () => {
  it('spells the header fields as LOT-FILES.md does', () => {
    expect(names(HEADER_LAYOUT.fields)).toEqual(['taxId', 'productCode', 'lotType', 'date', 'recordCount', 'controlTotal']);
    expect(fieldCountOf(HEADER_LAYOUT)).toBe(7);
  });

  it('spells every detail layout as LOT-FILES.md does', () => {
    expect(names(DETAIL_LAYOUTS.EMI.fields)).toEqual([
      'idType', 'idNumber', 'firstName', 'lastName', 'birthDate', 'email', 'phone', 'branchCode', 'amount',
    ]);
    expect(names(DETAIL_LAYOUTS.REC.fields)).toEqual(['idType', 'idNumber', 'amount']);
    expect(names(DETAIL_LAYOUTS.CAR.fields)).toEqual(['idType', 'idNumber', 'amount']);
    expect(names(DETAIL_LAYOUTS.REP.fields)).toEqual(['idType', 'idNumber', 'reason', 'branchCode']);
    expect(names(DETAIL_LAYOUTS.SUC.fields)).toEqual(['code', 'name', 'address', 'city', 'state', 'phone', 'contact']);
  });

  it('has a layout, Spanish labels and descriptions for every lot type', () => {
    for (const type of LOT_TYPES) {
      expect(LOT_LAYOUTS[type].detail.type).toBe(type);
      expect(LOT_LAYOUTS[type].header).toBe(HEADER_LAYOUT);
      for (const field of [...HEADER_LAYOUT.fields, ...DETAIL_LAYOUTS[type].fields]) {
        expect(field.label.length).withContext(field.name).toBeGreaterThan(2);
        expect(field.description.length).withContext(field.name).toBeGreaterThan(10);
        expect(field.example).toBeDefined();
        expect(field.minLength).toBeLessThanOrEqual(field.maxLength);
      }
    }
    expect(fieldLabel('amount')).toBe('Monto');
    expect(fieldLabel('nope')).toBe('nope');
    expect(fieldSpec('SUC', 'contact')?.required).toBeFalse();
    expect(fieldSpec('REC', 'firstName')).toBeUndefined();
  });

  it('marks required and optional fields', () => {
    const optional = (type: keyof typeof DETAIL_LAYOUTS) => DETAIL_LAYOUTS[type].fields.filter((f) => !f.required).map((f) => f.name);
    expect(optional('EMI')).toEqual(['email', 'phone']);
    expect(optional('SUC')).toEqual(['phone', 'contact']);
    expect(optional('REC')).toEqual([]);
    expect(HEADER_LAYOUT.fields.every((f) => f.required)).toBeTrue();
  });

  it('exports the file limits', () => {
    expect(MAX_FILE_BYTES).toBe(100 * 1024 * 1024);
    expect(MAX_RECORDS).toBe(1_000_000);
  });

  it('makes templates with the field names in file order', () => {
    expect(templateFor('REC')).toBe(
      'H;<taxId>;<productCode>;REC;<date>;<recordCount>;<controlTotal>\r\nD;<idType>;<idNumber>;<amount>\r\n',
    );
    for (const type of LOT_TYPES) {
      const [header, detail] = templateFor(type).split('\r\n');
      expect(header.split(';').length).toBe(7);
      expect(detail.split(';').length).toBe(fieldCountOf(DETAIL_LAYOUTS[type]));
    }
  });

  it('makes example files with consistent control figures', () => {
    expect(exampleFileFor('EMI', 'J000000001', 'ALIM').split('\r\n')).toEqual([
      'H;J000000001;ALIM;EMI;20261125;2;1500.00',
      'D;V;12345678;María José;Pérez Ñáñez;19900214;mj.perez@example.com;04141234567;001;1000.00',
      "D;P;AB123456;John;O'Neil;19851130;;;002;500.00",
      '',
    ]);
    expect(exampleFileFor('REP', 'J1', 'X').split('\r\n')[0]).toBe('H;J1;X;REP;20261125;2;0.00');
  });
});
