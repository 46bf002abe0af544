import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { of } from 'rxjs';
import { nextRequest, settle, setUpPage } from '../lots/testing/page-harness';
import { order } from '../orders/testing/order-fixtures';
import type { OperatorPaymentDialogData } from '../orders/detail/operator-payment-dialog';
import type { CompanyData } from '../configuration/data/config-api';
import { PaymentsTab } from './payments-tab';

const company = (id: string, legalName: string): CompanyData => ({
  id,
  taxId: 'J000000001',
  legalName,
  tradeName: legalName,
  address: 'Caracas',
  phone: '02125550000',
  contact: { name: 'Ana', email: 'ana@x.test' },
  authorizationPolicy: { signaturesRequired: 1 },
  newDeviceCodeRequired: true,
  status: 'active',
  createdAt: '2026-11-25T10:00:00.000Z',
  updatedAt: '2026-11-25T10:00:00.000Z',
});

describe('PaymentsTab (operator)', () => {
  beforeEach(() => setUpPage('operador', [], true, 'operator'));

  async function answerLists(pendingC1: unknown[], paidC1: unknown[], pendingC2: unknown[], paidC2: unknown[]) {
    for (const [cid, status, list] of [['c1', 'PENDING_PAYMENT', pendingC1], ['c1', 'PAID', paidC1], ['c2', 'PENDING_PAYMENT', pendingC2], ['c2', 'PAID', paidC2]] as const) {
      const requests = await nextRequestsFor(`/api/v1/companies/${cid}/orders`, status);
      requests.flush({ orders: list });
    }
  }
  /** The list request of one status (the tab asks for both statuses of each company in parallel). */
  async function nextRequestsFor(url: string, status: string) {
    for (let i = 0; i < 50; i++) {
      const found = TestBed.inject(HttpTestingController).match((r) => r.url === url && r.params.get('status') === status);
      if (found.length === 1) return found[0];
      await settle(1);
    }
    throw new Error(`no request ${url} ${status}`);
  }

  it('lists unpaid orders and paid orders without invoice of every company', async () => {
    const fixture = TestBed.createComponent(PaymentsTab);
    fixture.componentRef.setInput('companies', [company('c1', 'Alimentos Demo C.A.'), company('c2', 'Servicios Dos C.A.')]);
    fixture.detectChanges();
    await answerLists(
      [order({ id: 'A', number: 1 })],
      [order({ id: 'B', number: 2, status: 'PAID', invoiceNumber: 'F-1' }), order({ id: 'C', number: 3, status: 'PAID' })],
      [order({ id: 'D', number: 4 })],
      [],
    );
    await settle(5);
    const rows = fixture.componentInstance.rows();
    expect(rows.map((r) => [r.companyName, r.order.number, r.order.status])).toEqual([
      ['Alimentos Demo C.A.', 1, 'PENDING_PAYMENT'],
      ['Alimentos Demo C.A.', 3, 'PAID'],
      ['Servicios Dos C.A.', 4, 'PENDING_PAYMENT'],
    ]);
  });

  it('records a payment for the order’s own company, then reloads', async () => {
    const fixture = TestBed.createComponent(PaymentsTab);
    fixture.componentRef.setInput('companies', [company('c1', 'Alimentos Demo C.A.'), company('c2', 'Servicios Dos C.A.')]);
    fixture.detectChanges();
    await answerLists([], [], [order({ id: 'D', number: 4 })], []);
    await settle(5);
    let data: OperatorPaymentDialogData | null = null;
    spyOn(TestBed.inject(MatDialog), 'open').and.callFake(((_c: unknown, config: { data: OperatorPaymentDialogData }) => {
      data = config.data;
      return { afterClosed: () => of(order({ id: 'D', number: 4, status: 'PAID' })) };
    }) as never);
    const row = fixture.componentInstance.rows()[0];
    const recording = fixture.componentInstance.record(row, 'payment');
    await settle(2);
    expect(data!.mode).toBe('payment');
    // the dialog's action goes to the order's company (c2), not the selected one (c1)
    data!.run({ reference: 'TRF-9', invoiceNumber: '' }).subscribe();
    const req = await nextRequest('/api/v1/companies/c2/orders/D/payment-record', 'POST');
    expect(req.request.body).toEqual({ reference: 'TRF-9' });
    req.flush(order({ id: 'D', status: 'PAID' }));
    await answerLists([], [], [], []);
    await recording;
    expect(fixture.componentInstance.rows()).toEqual([]);
  });
});
