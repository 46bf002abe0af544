import { HttpClient, HttpParams, type HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, map } from 'rxjs';
import type { ChartData, ReportFilters, ReportId, ReportPage } from '../../../domain/reports/catalogue';
import { API_BASE } from '../../core/config';

export type ReportFormat = 'xlsx' | 'csv' | 'pdf';

/** GET /companies/{cid}/reports/{id}[/total|/chart|/export] (server/reports/reports.routes.ts). */
@Injectable({ providedIn: 'root' })
export class ReportsApi {
  private readonly http = inject(HttpClient);

  private url(companyId: string, id: ReportId, tail = ''): string {
    return `${API_BASE}/companies/${encodeURIComponent(companyId)}/reports/${id}${tail}`;
  }

  private params(filters: ReportFilters, extra: Record<string, string | number | undefined> = {}): HttpParams {
    let params = new HttpParams();
    for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v !== undefined && v !== '') params = params.set(k, String(v));
    return params;
  }

  page(companyId: string, id: ReportId, filters: ReportFilters, at: { offset: number; limit: number; cursor?: string }): Observable<ReportPage> {
    return this.http.get<ReportPage>(this.url(companyId, id), { params: this.params(filters, at) });
  }

  /** The row count, asked beside the first page (counting a long range is slow on the embedded store). */
  total(companyId: string, id: ReportId, filters: ReportFilters): Observable<number | null> {
    return this.http.get<{ total: number | null }>(this.url(companyId, id, '/total'), { params: this.params(filters) }).pipe(map((a) => a.total));
  }

  chart(companyId: string, id: ReportId, filters: ReportFilters): Observable<ChartData | null> {
    return this.http.get<{ chart: ChartData | null }>(this.url(companyId, id, '/chart'), { params: this.params(filters) }).pipe(map((a) => a.chart));
  }

  export(companyId: string, id: ReportId, filters: ReportFilters, format: ReportFormat): Observable<HttpResponse<Blob>> {
    return this.http.get(this.url(companyId, id, '/export'), { params: this.params(filters, { format }), responseType: 'blob', observe: 'response' });
  }
}
