import { HttpClient, HttpParams, type HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, map } from 'rxjs';
import type {
  CalculationAnswer,
  GenerateOrdersAnswer,
  OneTimeCodeAnswer,
  OneTimeCodePurpose,
  OrderAnswer,
  OrderGrouping,
  OrderListAnswer,
} from '../../../domain/orders/order.model';
import type { OrderStatus } from '../../../domain/statuses';
import { API_BASE } from '../../core/config';

export interface OrderQuery {
  status?: OrderStatus;
  /** yyyy-mm-dd */
  from?: string;
  to?: string;
  number?: string;
}

/** Service order routes (docs/lots-design.md "Service orders"), for the selected company. */
@Injectable({ providedIn: 'root' })
export class OrdersApi {
  private readonly http = inject(HttpClient);

  private company(companyId: string): string {
    return `${API_BASE}/companies/${encodeURIComponent(companyId)}`;
  }

  private order(companyId: string, orderId: string): string {
    return `${this.company(companyId)}/orders/${encodeURIComponent(orderId)}`;
  }

  calculate(companyId: string, lotIds: readonly string[], grouping: OrderGrouping): Observable<CalculationAnswer> {
    return this.http.post<CalculationAnswer>(`${this.company(companyId)}/orders/calculations`, { lotIds, grouping });
  }

  dropCalculation(companyId: string, calculationId: string): Observable<unknown> {
    return this.http.delete(`${this.company(companyId)}/orders/calculations/${encodeURIComponent(calculationId)}`);
  }

  generate(companyId: string, calculationId: string, password: string, otp: string): Observable<GenerateOrdersAnswer> {
    return this.http.post<GenerateOrdersAnswer>(`${this.company(companyId)}/orders`, { calculationId, password, otp });
  }

  /** Mails a 6-digit code to the user for one purpose (10 minutes, 5 tries). */
  sendCode(companyId: string, purpose: OneTimeCodePurpose): Observable<OneTimeCodeAnswer> {
    return this.http.post<OneTimeCodeAnswer>(`${this.company(companyId)}/one-time-codes`, { purpose });
  }

  list(companyId: string, query: OrderQuery = {}): Observable<OrderAnswer[]> {
    let params = new HttpParams();
    for (const [key, value] of Object.entries(query)) if (value) params = params.set(key, String(value));
    return this.http
      .get<OrderListAnswer | OrderAnswer[]>(`${this.company(companyId)}/orders`, { params })
      .pipe(map((answer) => (Array.isArray(answer) ? answer : answer.orders)));
  }

  get(companyId: string, orderId: string): Observable<OrderAnswer> {
    return this.http.get<OrderAnswer>(this.order(companyId, orderId));
  }

  /** The order as PDF, fetched with the bearer token (a plain link would carry none). */
  pdf(companyId: string, orderId: string): Observable<HttpResponse<Blob>> {
    return this.http.get(`${this.order(companyId, orderId)}/pdf`, { responseType: 'blob', observe: 'response' });
  }

  voidOrder(companyId: string, orderId: string, password: string): Observable<OrderAnswer> {
    return this.http.post<OrderAnswer>(`${this.order(companyId, orderId)}/void`, { password });
  }

  /** Operator: a payment received outside the portal; an invoice number may come with it. */
  recordPayment(companyId: string, orderId: string, reference: string, invoiceNumber?: string): Observable<OrderAnswer> {
    return this.http.post<OrderAnswer>(`${this.order(companyId, orderId)}/payment-record`, { reference, ...(invoiceNumber ? { invoiceNumber } : {}) });
  }

  /** Operator: the invoice of an order. */
  invoice(companyId: string, orderId: string, invoiceNumber: string): Observable<OrderAnswer> {
    return this.http.post<OrderAnswer>(`${this.order(companyId, orderId)}/invoice`, { invoiceNumber });
  }

  pay(companyId: string, orderId: string, password: string, otp: string): Observable<OrderAnswer> {
    return this.http.post<OrderAnswer>(`${this.order(companyId, orderId)}/payment`, { password, otp });
  }
}
