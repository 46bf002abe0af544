import { HttpClient, HttpHeaders, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import type { CardReassignAnswer, ReassignHolder } from '../../../domain/cards/card-reassign';
import type { OneTimeCodeAnswer } from '../../../domain/orders/order.model';
import type {
  MasterAccountAnswer,
  StatementAnswer,
  TransferAnswer,
  TransferPreviewAnswer,
} from '../../../domain/transfers/transfer.model';
import type { TransferKind } from '../../../domain/transfers/transfer-rules';
import { API_BASE } from '../../core/config';

export interface TransferCardRow {
  cardId: string;
  maskedPan: string;
  holderName: string;
  holderId: string;
  status: string;
  balanceCents: number;
}

export interface TransferLineInput {
  cardId: string;
  amountCents: number;
}

/** Master account and master transfer routes (server/transfers), for the selected company. */
@Injectable({ providedIn: 'root' })
export class TransfersApi {
  private readonly http = inject(HttpClient);

  private company(companyId: string): string {
    return `${API_BASE}/companies/${encodeURIComponent(companyId)}`;
  }

  private master(companyId: string, productCode: string): string {
    return `${this.company(companyId)}/master-accounts/${encodeURIComponent(productCode)}`;
  }

  account(companyId: string, productCode: string): Observable<MasterAccountAnswer> {
    return this.http.get<MasterAccountAnswer>(this.master(companyId, productCode));
  }

  statement(companyId: string, productCode: string, before: string | null, limit = 100): Observable<StatementAnswer> {
    let params = new HttpParams().set('limit', limit);
    if (before) params = params.set('before', before);
    return this.http.get<StatementAnswer>(`${this.master(companyId, productCode)}/statement`, { params });
  }

  cards(companyId: string, productCode: string, q: string, after: string | null = null): Observable<{ items: TransferCardRow[]; next: string | null }> {
    let params = new HttpParams().set('limit', 100);
    if (q) params = params.set('q', q);
    if (after) params = params.set('after', after);
    return this.http.get<{ items: TransferCardRow[]; next: string | null }>(`${this.master(companyId, productCode)}/cards`, { params });
  }

  sendCode(companyId: string, purpose: 'transfer' | 'funding'): Observable<OneTimeCodeAnswer> {
    return this.http.post<OneTimeCodeAnswer>(`${this.company(companyId)}/one-time-codes`, { purpose });
  }

  /** `key`: one per confirmation, so a retry of the same confirmation moves money once. */
  fund(companyId: string, productCode: string, key: string, body: { fundingAccountId: string; amountCents: number; password: string; otp: string }): Observable<TransferAnswer> {
    return this.http.post<TransferAnswer>(`${this.master(companyId, productCode)}/fundings`, body, { headers: new HttpHeaders({ 'Idempotency-Key': key }) });
  }

  preview(companyId: string, productCode: string, kind: TransferKind, lines: TransferLineInput[]): Observable<TransferPreviewAnswer> {
    return this.http.post<TransferPreviewAnswer>(`${this.company(companyId)}/transfers/previews`, { productCode, kind, lines });
  }

  execute(companyId: string, key: string, body: { productCode: string; kind: TransferKind; lines: TransferLineInput[]; password: string; otp: string }): Observable<TransferAnswer> {
    return this.http.post<TransferAnswer>(`${this.company(companyId)}/transfers`, body, { headers: new HttpHeaders({ 'Idempotency-Key': key }) });
  }

  setBlocked(companyId: string, productCode: string, key: string, body: { cardIds: string[]; action: 'block' | 'unblock'; password: string }) {
    return this.http.post<{ results: Array<{ cardId: string; result: 'applied' | 'rejected'; message?: string; status?: string }> }>(
      `${this.master(companyId, productCode)}/card-status`,
      body,
      { headers: new HttpHeaders({ 'Idempotency-Key': key }) },
    );
  }

  /** Reassign a card to another holder (transfers.execute, password); `key` once per confirmation. */
  reassign(companyId: string, productCode: string, key: string, body: { cardId: string; holder: ReassignHolder; password: string }): Observable<CardReassignAnswer> {
    return this.http.post<CardReassignAnswer>(`${this.master(companyId, productCode)}/card-reassignments`, body, { headers: new HttpHeaders({ 'Idempotency-Key': key }) });
  }

  recent(companyId: string, productCode: string): Observable<{ items: TransferAnswer[] }> {
    return this.http.get<{ items: TransferAnswer[] }>(`${this.company(companyId)}/transfers`, { params: new HttpParams().set('productCode', productCode).set('limit', 20) });
  }
}

/** A fresh key for one confirmation (RFC 4122 v4; crypto.randomUUID needs a secure context, which the app has). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
