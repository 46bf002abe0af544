import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import type { CardStatus, PlasticStatus } from '../../../domain/statuses';
import { API_BASE } from '../../core/config';

/** A card as the search answers it (server/cards/cards.routes.ts cardSummary): masked number only. */
export interface CardSummary {
  cardId: string;
  productCode: string;
  maskedPan: string;
  last4: string;
  holder: { idType: string; idNumber: string; firstName: string; lastName: string };
  status: CardStatus;
  plasticStatus: PlasticStatus;
  branchCode: string;
  balanceCents: number;
  lotId: string | null;
  orderId: string | null;
  updatedAt: string;
}

export interface CardSearchQuery {
  q?: string;
  status?: CardStatus | null;
  plastic?: PlasticStatus | null;
  branch?: string | null;
  limit: number;
  bookmark?: string | null;
}

export interface CardHistoryAnswer {
  ledger: { entries: Array<{ id: string; at: string; cause: string; leg: string; amountCents: number }>; total: number; balanceCents: number };
  requests: Array<{
    id: string;
    kind: string;
    status: string;
    userId: string;
    createdAt: string;
    appliedAt: string | null;
    outcome: { code: string; message: string } | null;
  }>;
}

export interface DispatchAnswer {
  results: Array<{ cardId: string; result: 'applied' | 'rejected'; code?: string; message?: string }>;
}

/** The card routes (online): search pages, a card's history, the operator's plastics. */
@Injectable({ providedIn: 'root' })
export class CardsApi {
  private readonly http = inject(HttpClient);

  search(companyId: string, query: CardSearchQuery): Observable<{ items: CardSummary[]; bookmark: string | null }> {
    let params = new HttpParams().set('limit', query.limit);
    const q = query.q?.trim();
    if (q) params = params.set('q', q);
    if (query.status) params = params.set('status', query.status);
    if (query.plastic) params = params.set('plastic', query.plastic);
    if (query.branch) params = params.set('branch', query.branch);
    if (query.bookmark) params = params.set('bookmark', query.bookmark);
    return this.http.get<{ items: CardSummary[]; bookmark: string | null }>(`${API_BASE}/companies/${encodeURIComponent(companyId)}/cards`, { params });
  }

  history(companyId: string, cardId: string): Observable<CardHistoryAnswer> {
    return this.http.get<CardHistoryAnswer>(`${API_BASE}/companies/${encodeURIComponent(companyId)}/cards/${encodeURIComponent(cardId)}/history`);
  }

  plasticsAtBank(companyId: string, q?: string): Observable<{ items: CardSummary[]; more: boolean }> {
    let params = new HttpParams().set('limit', 500);
    if (q?.trim()) params = params.set('q', q.trim());
    return this.http.get<{ items: CardSummary[]; more: boolean }>(`${API_BASE}/operator/companies/${encodeURIComponent(companyId)}/plastics`, { params });
  }

  dispatch(companyId: string, batchId: string, cardIds: string[]): Observable<DispatchAnswer> {
    return this.http.post<DispatchAnswer>(`${API_BASE}/operator/companies/${encodeURIComponent(companyId)}/plastics/dispatch`, { batchId, cardIds });
  }
}
