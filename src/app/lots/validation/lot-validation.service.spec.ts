import { TestBed } from '@angular/core/testing';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { exampleFileFor } from '../../../domain/lots/layouts';
import type { ClientLotContext, ValidationMessage, ValidationSummary } from './lot-validation.protocol';
import { LOT_VALIDATION_WORKER, LotValidationService } from './lot-validation.service';

const context: ClientLotContext = { taxId: 'J000000001', lotType: 'EMI', productCode: 'ALIM', productCodes: ['ALIM', 'REGA'] };

/** Windows-1252 bytes of a text made only of Latin-1 characters (what Spanish Notepad saves). */
function windows1252(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => {
    const code = char.charCodeAt(0);
    if (code > 0xff) throw new Error('not Latin-1');
    return code;
  });
}

async function done(service: LotValidationService, file: Blob, ctx = context): Promise<ValidationSummary> {
  const messages = await lastValueFrom(service.validate(file, ctx).pipe(toArray()));
  const last = messages[messages.length - 1];
  if (last.kind !== 'done') throw new Error(`validation did not finish: ${JSON.stringify(last)}`);
  return last.result;
}

describe('LotValidationService (real Web Worker, shared validator)', () => {
  let service: LotValidationService;
  beforeEach(() => (service = TestBed.inject(LotValidationService)));

  it('accepts the example EMI file (UTF-8) with its record count and total in cents', async () => {
    const file = new File([exampleFileFor('EMI', 'J000000001', 'ALIM')], 'emi.txt', { type: 'text/plain' });
    const result = await done(service, file);
    expect(result.valid).toBeTrue();
    expect(result.encoding).toBe('utf-8');
    expect(result.recordCount).toBe(2);
    expect(result.totalCents).toBe(150000);
    expect(result.errors).toEqual([]);
  });

  it('reads a Windows-1252 file (ñ, á survive) and still finds it valid', async () => {
    const text = exampleFileFor('EMI', 'J000000001', 'ALIM');
    expect(text).toContain('Ñáñez');
    const result = await done(service, new Blob([windows1252(text) as BlobPart]));
    expect(result.encoding).toBe('windows-1252');
    expect(result.valid).toBeTrue();
    expect(result.recordCount).toBe(2);
  });

  it('reports every error with line, field, code and a Spanish message', async () => {
    const text = [
      'H;J999999999;ALIM;EMI;20261125;3;1500.00',
      'D;V;12345678;María;Pérez;19900214;;;001;1000.00',
      'D;X;12345678;Juan;Gómez;19900214;;;001;abc',
      'D;V;12345678;María;Pérez;19900214;;;001;500.00',
    ].join('\r\n');
    const result = await done(service, new File([text], 'emi.txt'));
    expect(result.valid).toBeFalse();
    const codes = result.errors.map((e) => `${e.line}:${e.field ?? '-'}:${e.code}`);
    expect(codes).toContain('1:taxId:E_TAX_ID_MISMATCH');
    expect(codes).toContain('3:idType:E_FORMAT');
    expect(codes).toContain('3:amount:E_AMOUNT');
    expect(codes).toContain('4:idNumber:E_DUPLICATE');
    expect(result.errorCount).toBe(result.errors.length);
    expect(result.errors.every((e) => e.message.startsWith('Línea'))).toBeTrue();
  });

  it('checks the header against the chosen lot type and product', async () => {
    const file = new File([exampleFileFor('REC', 'J000000001', 'ALIM')], 'rec.txt');
    const result = await done(service, file, { ...context, lotType: 'EMI', productCode: 'REGA' });
    const codes = result.errors.map((e) => e.code);
    expect(codes).toContain('E_LOT_TYPE_MISMATCH');
    expect(codes).toContain('E_PRODUCT');
  });

  it('leaves branch and card checks to the server (no lookups on the device)', async () => {
    const text = 'H;J000000001;ALIM;REC;20261125;1;10.00\nD;V;99999999;10.00\n';
    const result = await done(service, new File([text], 'rec.txt'), { ...context, lotType: 'REC' });
    expect(result.valid).toBeTrue();
  });

  it('reports an empty file', async () => {
    const result = await done(service, new File([''], 'empty.txt'));
    expect(result.errors.map((e) => e.code)).toEqual(['E_EMPTY_FILE']);
  });

  it('ends with progress 1 before the result', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `D;V;${10000000 + i};1.00`);
    const text = `H;J000000001;ALIM;REC;20261125;3000;3000.00\n${rows.join('\n')}\n`;
    const messages = await lastValueFrom(
      service.validate(new File([text], 'big.txt'), { ...context, lotType: 'REC' }).pipe(toArray()),
    );
    const progress = messages.filter((m): m is Extract<ValidationMessage, { kind: 'progress' }> => m.kind === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[progress.length - 1].fraction).toBe(1);
    expect(messages[messages.length - 1].kind).toBe('done');
  });

  it('stops the worker when the caller unsubscribes', async () => {
    const workers: Worker[] = [];
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      providers: [
        {
          provide: LOT_VALIDATION_WORKER,
          useValue: () => {
            const worker = new Worker(new URL('./lot-validation.worker', import.meta.url), { type: 'module' });
            spyOn(worker, 'terminate').and.callThrough();
            workers.push(worker);
            return worker;
          },
        },
      ],
    });
    const local = TestBed.inject(LotValidationService);
    const subscription = local.validate(new File(['H;'], 'x.txt'), context).subscribe();
    subscription.unsubscribe();
    expect(workers.length).toBe(1);
    expect(workers[0].terminate).toHaveBeenCalled();
  });

  it('runs in the page when the browser has no Web Worker', async () => {
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({ providers: [{ provide: LOT_VALIDATION_WORKER, useValue: () => null }] });
    const local = TestBed.inject(LotValidationService);
    const first = await firstValueFrom(
      local.validate(new File([exampleFileFor('SUC', 'J000000001', 'ALIM')], 's.txt'), { ...context, lotType: 'SUC' }).pipe(toArray()),
    );
    expect(first[first.length - 1].kind).toBe('done');
  });
});
