import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { exampleFileFor } from '../../../domain/lots/layouts';
import { lotSummary } from '../testing/lot-fixtures';
import { nextRequest, settle, setUpPage } from '../testing/page-harness';
import { FileSaver } from '../ui/save-file';
import LotUploadPage from './lot-upload.page';
import { PendingLotFileStore } from './pending-lot-file';

const url = '/api/v1/companies/c1/lots';

/** Waits until the device check (the real Web Worker) is done. */
async function checked(page: LotUploadPage): Promise<void> {
  for (let i = 0; i < 200 && page.check().state !== 'done'; i++) await new Promise((r) => setTimeout(r, 10));
  expect(page.check().state).toBe('done');
}

function choose(page: LotUploadPage, text: string, name = 'recarga.txt'): void {
  page.chooseType('REC');
  const input = document.createElement('input');
  input.type = 'file';
  const transfer = new DataTransfer();
  transfer.items.add(new File([text], name, { type: 'text/plain' }));
  input.files = transfer.files;
  page.chooseFile(input);
}

describe('LotUploadPage', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('checks the file on the device and, offline, keeps it waiting with the send button asking for a connection', async () => {
    setUpPage('carga', ['lots.upload'], false);
    const fixture = TestBed.createComponent(LotUploadPage);
    const page = fixture.componentInstance;
    choose(page, exampleFileFor('REC', 'J000000001', 'ALIM'));
    await checked(page);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="check-result"]')?.textContent).toContain('El archivo es válido: 2 registros por 1.750,50');
    const send = element.querySelector<HTMLButtonElement>('[data-testid="send"]')!;
    expect(send.disabled).toBeTrue();
    expect(send.textContent).toContain('Requiere conexión');
    expect(element.querySelector('[data-testid="needs-connection"]')).not.toBeNull();
    // the checked file waits in memory for the session
    const waiting = TestBed.inject(PendingLotFileStore).get('c1');
    expect(waiting?.file.name).toBe('recarga.txt');
    expect(waiting?.check.valid).toBeTrue();
    // coming back to the page finds it
    const again = TestBed.createComponent(LotUploadPage).componentInstance;
    expect(again.file()?.name).toBe('recarga.txt');
    expect(again.result()?.recordCount).toBe(2);
  });

  it('shows the device’s errors and offers the CSV report', async () => {
    setUpPage('carga', ['lots.upload']);
    const fixture = TestBed.createComponent(LotUploadPage);
    const page = fixture.componentInstance;
    choose(page, 'H;J000000001;ALIM;REC;20261125;1;10.00\nD;V;123;10.00\n', 'mala.txt');
    await checked(page);
    await fixture.whenStable();
    expect(page.result()?.errors.map((e) => e.code)).toEqual(['E_LENGTH']);
    const save = spyOn(TestBed.inject(FileSaver), 'save');
    (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('[data-testid="local-report"]')!.click();
    expect(save).toHaveBeenCalledWith(jasmine.any(Blob), 'errores-mala.csv');
    // invalid files may still be sent: the server is the authority and keeps INVALID lots
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="send"]')?.textContent).toContain('Enviar de todos modos');
  });

  it('sends the checked file and shows the server’s answer with the duplicate warning', async () => {
    setUpPage('carga', ['lots.upload']);
    const fixture = TestBed.createComponent(LotUploadPage);
    const page = fixture.componentInstance;
    choose(page, exampleFileFor('REC', 'J000000001', 'ALIM'));
    await checked(page);
    page.upload();
    const req = await nextRequest(url, 'POST');
    expect(req.request.headers.get('Idempotency-Key')).toBeTruthy();
    expect((req.request.body as FormData).get('productCode')).toBe('ALIM');
    req.flush(lotSummary({ id: 'L2', status: 'VALID', duplicateOf: 'L1' }), { status: 201, statusText: 'Created' });
    await settle();
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="server-result"]')?.textContent).toContain('Lote L2 válido');
    expect(element.querySelector('[data-testid="duplicate"]')?.textContent).toContain('ya se cargó en el lote L1');
    expect(TestBed.inject(PendingLotFileStore).get('c1')).toBeNull();
  });
});
