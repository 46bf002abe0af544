import { HttpClient, type HttpEvent, HttpHeaders, HttpParams, type HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, forkJoin, map } from 'rxjs';
import type {
  LotErrorsPage,
  LotListAnswer,
  LotListItem,
  LotRecordsPage,
  LotSummary,
} from '../../../domain/lots/lot.model';
import type { LotStatus, LotType } from '../../../domain/statuses';
import { API_BASE } from '../../core/config';

export interface LotUpload {
  type: LotType;
  productCode: string;
  file: Blob;
  fileName: string;
}

export interface LotQuery {
  status?: LotStatus | readonly LotStatus[];
  type?: LotType;
  /** yyyy-mm-dd */
  from?: string;
  to?: string;
}

export interface ConfirmationBody {
  password: string;
  embossLine1?: string;
  embossLine2?: string;
  concept?: string;
}

export type ExportFormat = 'xlsx' | 'csv' | 'pdf';

/** The lot routes of API.md ("Lots"), for the selected company. Errors are the HttpClient's (see api-failure.ts). */
@Injectable({ providedIn: 'root' })
export class LotsApi {
  private readonly http = inject(HttpClient);

  private base(companyId: string): string {
    return `${API_BASE}/companies/${encodeURIComponent(companyId)}/lots`;
  }

  private lot(companyId: string, lotId: string): string {
    return `${this.base(companyId)}/${encodeURIComponent(lotId)}`;
  }

  /**
   * Multipart upload with progress events. `idempotencyKey` is new for each attempt the user makes; a
   * retry of the same attempt (network hiccup) reuses it, so the server stores the lot once.
   */
  upload(companyId: string, upload: LotUpload, idempotencyKey: string): Observable<HttpEvent<LotSummary>> {
    const form = new FormData();
    // Text fields first: the server reads them before it streams the file to disk.
    form.append('type', upload.type);
    form.append('productCode', upload.productCode);
    form.append('file', upload.file, upload.fileName);
    return this.http.post<LotSummary>(this.base(companyId), form, {
      headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }),
      reportProgress: true,
      observe: 'events',
    });
  }

  get(companyId: string, lotId: string): Observable<LotSummary> {
    return this.http.get<LotSummary>(this.lot(companyId, lotId));
  }

  /**
   * The company's lots, newest first. The API filters by one status; several statuses (the tray's
   * three) are asked for in parallel and merged.
   */
  list(companyId: string, query: LotQuery = {}): Observable<LotListItem[]> {
    const statuses = typeof query.status === 'string' ? [query.status] : (query.status ?? []);
    if (statuses.length > 1) {
      return forkJoin(statuses.map((status) => this.list(companyId, { ...query, status }))).pipe(
        map((lists) => lists.flat().sort((a, b) => (a.uploadedAt < b.uploadedAt ? 1 : a.uploadedAt > b.uploadedAt ? -1 : 0))),
      );
    }
    let params = new HttpParams();
    if (statuses.length) params = params.set('status', statuses[0]);
    if (query.type) params = params.set('type', query.type);
    if (query.from) params = params.set('from', query.from);
    if (query.to) params = params.set('to', query.to);
    return this.http
      .get<LotListAnswer | LotListItem[]>(this.base(companyId), { params })
      .pipe(map((answer) => (Array.isArray(answer) ? answer : answer.lots)));
  }

  /** Every error of a lot as the server's CSV report (línea;campo;código;mensaje, UTF-8 with BOM). */
  errorsCsv(companyId: string, lotId: string): Observable<HttpResponse<Blob>> {
    return this.http.get(`${this.lot(companyId, lotId)}/errors.csv`, { responseType: 'blob', observe: 'response' });
  }

  errors(companyId: string, lotId: string, offset: number, limit: number): Observable<LotErrorsPage> {
    const params = new HttpParams().set('offset', offset).set('limit', limit);
    return this.http.get<LotErrorsPage>(`${this.lot(companyId, lotId)}/errors`, { params });
  }

  records(companyId: string, lotId: string, offset: number, limit: number): Observable<LotRecordsPage> {
    const params = new HttpParams().set('offset', offset).set('limit', limit);
    return this.http.get<LotRecordsPage>(`${this.lot(companyId, lotId)}/records`, { params });
  }

  confirm(companyId: string, lotId: string, body: ConfirmationBody): Observable<LotSummary> {
    return this.http.post<LotSummary>(`${this.lot(companyId, lotId)}/confirmation`, body);
  }

  sign(companyId: string, lotId: string, password: string): Observable<LotSummary> {
    return this.http.post<LotSummary>(`${this.lot(companyId, lotId)}/signatures`, { password });
  }

  withdrawSignature(companyId: string, lotId: string, password: string): Observable<LotSummary> {
    return this.http.delete<LotSummary>(`${this.lot(companyId, lotId)}/signatures/mine`, { body: { password } });
  }

  authorize(companyId: string, lotId: string, password: string): Observable<LotSummary> {
    return this.http.post<LotSummary>(`${this.lot(companyId, lotId)}/authorization`, { password });
  }

  remove(companyId: string, lotId: string, password: string): Observable<unknown> {
    return this.http.delete(this.lot(companyId, lotId), { body: { password } });
  }

  /** The lot's records as XLSX, CSV or PDF (the bearer token goes with it: a blob, not a link). */
  export(companyId: string, lotId: string, format: ExportFormat): Observable<HttpResponse<Blob>> {
    const params = new HttpParams().set('format', format);
    return this.http.get(`${this.lot(companyId, lotId)}/export`, { params, responseType: 'blob', observe: 'response' });
  }
}
