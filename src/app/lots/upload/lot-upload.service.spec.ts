import { HttpEventType, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { lotSummary } from '../testing/lot-fixtures';
import { LOT_POLL_MS, LotUploadService, type UploadProgress, newIdempotencyKey } from './lot-upload.service';

describe('LotUploadService', () => {
  let service: LotUploadService;
  let http: HttpTestingController;
  const file = new File(['H;J000000001;ALIM;REC;20261125;0;0.00\n'], 'recarga.txt', { type: 'text/plain' });
  const url = '/api/v1/companies/c1/lots';

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: LOT_POLL_MS, useValue: 1000 }],
    });
    service = TestBed.inject(LotUploadService);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('posts multipart type, productCode and file with an Idempotency-Key and progress', () => {
    const seen: UploadProgress[] = [];
    service.upload('c1', { type: 'REC', productCode: 'ALIM', file, fileName: 'recarga.txt' }, 'key-1').subscribe((p) => seen.push(p));

    const req = http.expectOne(url);
    expect(req.request.method).toBe('POST');
    expect(req.request.headers.get('Idempotency-Key')).toBe('key-1');
    expect(req.request.reportProgress).toBeTrue();
    const body = req.request.body as FormData;
    expect(body instanceof FormData).toBeTrue();
    expect(body.get('type')).toBe('REC');
    expect(body.get('productCode')).toBe('ALIM');
    const sent = body.get('file') as File;
    expect(sent.name).toBe('recarga.txt');
    expect(sent.size).toBe(file.size);
    // text fields come before the file, so the server knows what it receives before streaming it
    expect([...body.keys()]).toEqual(['type', 'productCode', 'file']);

    req.event({ type: HttpEventType.UploadProgress, loaded: 50, total: 100 });
    req.flush(lotSummary({ status: 'VALID' }), { status: 201, statusText: 'Created' });

    expect(seen[0]).toEqual({ phase: 'sending', fraction: 0.5 });
    expect(seen[seen.length - 1]).toEqual({ phase: 'done', lot: jasmine.objectContaining({ status: 'VALID' }) });
  });

  it('generates a new key per attempt', () => {
    service.upload('c1', { type: 'REC', productCode: 'ALIM', file, fileName: 'a.txt' }).subscribe();
    service.upload('c1', { type: 'REC', productCode: 'ALIM', file, fileName: 'a.txt' }).subscribe();
    const [a, b] = http.match(url);
    const keyA = a.request.headers.get('Idempotency-Key');
    const keyB = b.request.headers.get('Idempotency-Key');
    expect(keyA).toBeTruthy();
    expect(keyA).not.toBe(keyB);
    a.flush(lotSummary());
    b.flush(lotSummary());
    expect(newIdempotencyKey()).toMatch(/^[0-9a-f-]{32,36}$/);
  });

  describe('202 VALIDATING', () => {
    beforeEach(() => jasmine.clock().install());
    afterEach(() => jasmine.clock().uninstall());

    it('polls GET .../lots/{id} with the server progress until VALID or INVALID', () => {
      const seen: UploadProgress[] = [];
      let completed = false;
      service.upload('c1', { type: 'REC', productCode: 'ALIM', file, fileName: 'big.txt' }, 'k').subscribe({
        next: (p) => seen.push(p),
        complete: () => (completed = true),
      });
      const validating = (bytesRead: number) =>
        lotSummary({ id: 'L1', status: 'VALIDATING', progress: { phase: 'validating', linesRead: 10, bytesRead, fileBytes: 1000 } });
      http.expectOne(url).flush(validating(0), { status: 202, statusText: 'Accepted' });
      expect(seen[seen.length - 1]).toEqual(jasmine.objectContaining({ phase: 'validating', fraction: 0 }));

      http.expectNone(`${url}/L1`);
      jasmine.clock().tick(1000);
      http.expectOne(`${url}/L1`).flush(validating(400));
      expect(seen[seen.length - 1]).toEqual(jasmine.objectContaining({ phase: 'validating', fraction: 0.4 }));

      jasmine.clock().tick(1000);
      const req = http.expectOne(`${url}/L1`);
      expect(req.request.method).toBe('GET');
      req.flush(lotSummary({ id: 'L1', status: 'INVALID', errorCount: 3 }));
      expect(seen[seen.length - 1]).toEqual({ phase: 'done', lot: jasmine.objectContaining({ status: 'INVALID', errorCount: 3 }) });
      expect(completed).toBeTrue();

      jasmine.clock().tick(5000);
      http.expectNone(`${url}/L1`);
    });
  });

  it('passes the server refusal on (413 E_TOO_LARGE)', () => {
    let status = 0;
    service.upload('c1', { type: 'REC', productCode: 'ALIM', file, fileName: 'x.txt' }).subscribe({ error: (e) => (status = e.status) });
    http.expectOne(url).flush({ error: { code: 'E_TOO_LARGE', message: 'demasiado grande' } }, { status: 413, statusText: 'Too Large' });
    expect(status).toBe(413);
  });
});
