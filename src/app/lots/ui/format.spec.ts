import { errorReportCsv } from './error-report';
import { count, dateOnly, fileSize, money } from './format';

describe('formatting for people', () => {
  it('shows money from integer cents in es-VE style', () => {
    expect(money(150000)).toBe('1.500,00');
    expect(money(5)).toBe('0,05');
    expect(money(123456789012)).toBe('1.234.567.890,12');
    expect(money(null)).toBe('');
  });

  it('shows counts, sizes and dates', () => {
    expect(count(1000000)).toBe('1.000.000');
    expect(fileSize(512)).toBe('512 B');
    expect(fileSize(12.5 * 1024 * 1024)).toBe('12,5 MB');
    expect(dateOnly('2026-11-25')).toBe('25/11/2026');
  });

  it('writes the error report as ; separated CSV with BOM, quoting and no formulas', async () => {
    const blob = errorReportCsv(
      [
        { line: 3, field: 'amount', code: 'E_AMOUNT', message: 'Línea 3, campo Monto: "abc"; no es un monto' },
        { line: 4, field: null, code: 'E_FIELD_COUNT', message: '=HYPERLINK("x")' },
      ],
      { line: 'Línea', field: 'Campo', code: 'Código', message: 'Mensaje' },
    );
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect(Array.from(bytes.slice(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    expect(lines[0]).toBe('Línea;Campo;Código;Mensaje');
    expect(lines[1]).toBe('3;Monto (amount);E_AMOUNT;"Línea 3, campo Monto: ""abc""; no es un monto"');
    expect(lines[2]).toBe(`4;;E_FIELD_COUNT;"'=HYPERLINK(""x"")"`);
  });
});
