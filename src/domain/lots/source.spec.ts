// Two-pass validation over byte sources: async iterables (server streams) and ReadableStream (browser).
import { LotValidationContext } from './validator';
import { ByteSource, validateLotBytes, validateLotSource } from './source';

const context: LotValidationContext = {
  taxId: 'J000000001',
  lotTypeChosen: 'EMI',
  products: [{ code: 'ALIM', maxLoadCents: 500000 }],
  branchExists: (code) => code === '001' || code === '002',
};

const EXAMPLE =
  'H;J000000001;ALIM;EMI;20261125;2;1500.00\r\n' +
  'D;V;12345678;María José;Pérez Ñáñez;19900214;mj.perez@example.com;04141234567;001;1000.00\r\n' +
  "D;P;AB123456;John;O'Neil;19851130;;;002;500.00\r\n";

function cp1252(text: string): Uint8Array {
  return Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
}

async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

function stream(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

describe('lot validation from bytes', () => {
  for (const [name, bytes, encoding] of [
    ['UTF-8', new TextEncoder().encode(EXAMPLE), 'utf-8'],
    ['UTF-8 with BOM', new TextEncoder().encode(`\uFEFF${EXAMPLE}`), 'utf-8'],
    ['Windows-1252', cp1252(EXAMPLE), 'windows-1252'],
  ] as const) {
    it(`validates the LOT-FILES.md example saved as ${name}`, async () => {
      const whole = validateLotBytes(bytes, context);
      expect(whole.errors).toEqual([]);
      expect(whole.encoding).toBe(encoding);
      const sources: (() => ByteSource)[] = [() => pieces(bytes, 7), () => stream(bytes, 5)];
      for (const open of sources) {
        const records: string[] = [];
        const progress: number[] = [];
        const result = await validateLotSource(open, context, {
          onRecord: (r) => records.push(`${r.fields.firstName} ${r.fields.lastName}`),
          onProgress: (n, pass) => pass === 2 && progress.push(n),
        });
        expect(result.valid).toBeTrue();
        expect(result.encoding).toBe(encoding);
        expect(records).toEqual(['María José Pérez Ñáñez', "John O'Neil"]);
        expect(progress[progress.length - 1]).toBe(bytes.length);
      }
    });
  }

  it('reports errors with the right lines from chunked bytes', async () => {
    const bytes = new TextEncoder().encode(EXAMPLE.replace('1000.00', '1000,00') + '\r\n\r\nZ\r\n');
    const result = await validateLotSource(() => pieces(bytes, 3), context);
    expect(result.errors.map((e) => `${e.line} ${e.field} ${e.code}`)).toEqual([
      '2 amount E_AMOUNT',
      '6 null E_RECORD_TYPE',
      '1 recordCount E_COUNT_MISMATCH',
    ]);
  });

  it('stops reading once the file is too large', async () => {
    let chunksRead = 0;
    const lines = ['H;J000000001;ALIM;REC;20261125;5;5.00', ...[1, 2, 3, 4, 5].map((i) => `D;V;1000000${i};1.00`)];
    const bytes = new TextEncoder().encode(lines.join('\n') + '\n');
    async function* counted(): AsyncGenerator<Uint8Array> {
      for await (const c of pieces(bytes, 8)) {
        chunksRead++;
        yield c;
      }
    }
    const result = await validateLotSource(counted, {
      ...context,
      lotTypeChosen: 'REC',
      products: [{ code: 'ALIM', maxRecordsPerFile: 1 }],
    });
    expect(result.errors.map((e) => e.code)).toEqual(['E_TOO_LARGE']);
    expect(chunksRead).toBeLessThan(Math.ceil(bytes.length / 8) * 2);
  });
});
