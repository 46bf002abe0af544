import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, map } from 'rxjs';
import type { ApiKeyPermission, ApiKeySummary, CreatedApiKey } from '../../../domain/api-keys';
import { API_BASE } from '../../core/config';

/** The company's ERP API keys (server/api-keys): list, create (the key comes back once), revoke. */
@Injectable({ providedIn: 'root' })
export class ApiKeysApi {
  private readonly http = inject(HttpClient);

  private base(companyId: string): string {
    return `${API_BASE}/companies/${encodeURIComponent(companyId)}/api-keys`;
  }

  list(companyId: string): Observable<ApiKeySummary[]> {
    return this.http.get<{ apiKeys: ApiKeySummary[] }>(this.base(companyId)).pipe(map((a) => a.apiKeys));
  }

  create(companyId: string, body: { name: string; permissions: ApiKeyPermission[]; password: string }): Observable<CreatedApiKey> {
    return this.http.post<CreatedApiKey>(this.base(companyId), body);
  }

  revoke(companyId: string, keyId: string): Observable<ApiKeySummary> {
    return this.http.delete<ApiKeySummary>(`${this.base(companyId)}/${encodeURIComponent(keyId)}`);
  }
}
