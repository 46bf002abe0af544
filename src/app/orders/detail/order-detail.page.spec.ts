import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { click, nextRequest, settle, setUpPage, typeInto } from '../../lots/testing/page-harness';
import { FileSaver } from '../../lots/ui/save-file';
import { order } from '../testing/order-fixtures';
import OrderDetailPage from './order-detail.page';

const url = '/api/v1/companies/c1/orders/O1';

describe('OrderDetailPage', () => {
  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((e) => (e.innerHTML = ''));
  });

  async function render(permissions: Parameters<typeof setUpPage>[1], answer = order(), role: 'operator' | 'company' = 'company') {
    setUpPage(role === 'operator' ? 'operador' : 'firma2', permissions, true, role);
    const fixture = TestBed.createComponent(OrderDetailPage);
    fixture.componentRef.setInput('orderId', 'O1');
    fixture.detectChanges();
    (await nextRequest(url, 'GET')).flush(answer);
    await settle();
    await fixture.whenStable();
    return fixture;
  }

  it('shows status, figures and the invoice number', async () => {
    const fixture = await render(['orders.view'], order({ status: 'PAID', invoiceNumber: 'F-000123' }));
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="order-status"]')?.textContent).toContain('Pagada');
    expect(element.querySelector('[data-testid="invoice"]')?.textContent).toContain('F-000123');
    expect(element.querySelector('[data-testid="figure-amountToDepositCents"] dd')?.textContent).toContain('1.780,96') // 1.750,50 + 26,26 + 4,20;
    expect(element.querySelector('[data-testid="pay"]')).toBeNull();
    expect(element.querySelector('[data-testid="void"]')).toBeNull();
  });

  it('downloads the PDF as a blob with the server’s file name', async () => {
    const fixture = await render(['orders.view']);
    const save = spyOn(TestBed.inject(FileSaver), 'save');
    const downloading = fixture.componentInstance.downloadPdf();
    const req = await nextRequest(`${url}/pdf`, 'GET');
    expect(req.request.responseType).toBe('blob');
    req.flush(new Blob(['%PDF-1.7']), { headers: { 'Content-Disposition': 'attachment; filename="orden-7.pdf"' } });
    await downloading;
    expect(save).toHaveBeenCalledWith(jasmine.any(Blob), 'orden-7.pdf');
  });

  it('pays with password and a one-time code for order.pay', async () => {
    const fixture = await render(['orders.view', 'orders.pay']);
    expect(fixture.componentInstance.canPay()).toBeTrue();
    expect(fixture.componentInstance.canVoid()).toBeFalse(); // no orders.cancel
    const paying = fixture.componentInstance.pay();
    await settle();
    click('[data-testid="step-up-send-code"]');
    const code = await nextRequest('/api/v1/companies/c1/one-time-codes', 'POST');
    expect(code.request.body).toEqual({ purpose: 'order.pay' });
    code.flush({ purpose: 'order.pay', expiresAt: '', sentTo: '' });
    await settle();
    typeInto('[data-testid="step-up-password"]', 'Firma2#2026');
    typeInto('[data-testid="step-up-otp"]', '654321');
    click('[data-testid="step-up-submit"]');
    const pay = await nextRequest(`${url}/payment`, 'POST');
    expect(pay.request.body).toEqual({ password: 'Firma2#2026', otp: '654321' });
    pay.flush(order({ status: 'PAID' }));
    (await nextRequest(url, 'GET')).flush(order({ status: 'PAID' }));
    await paying;
    expect(fixture.componentInstance.order()?.status).toBe('PAID');
  });

  it('voids a pending, not invoiced order with the password', async () => {
    const fixture = await render(['orders.view', 'orders.cancel']);
    const voiding = fixture.componentInstance.voidOrder();
    await settle();
    typeInto('[data-testid="step-up-password"]', 'Firma2#2026');
    click('[data-testid="step-up-submit"]');
    const req = await nextRequest(`${url}/void`, 'POST');
    expect(req.request.body).toEqual({ password: 'Firma2#2026' });
    req.flush(order({ status: 'VOIDED' }));
    (await nextRequest(url, 'GET')).flush(order({ status: 'VOIDED' }));
    await voiding;
  });

  it('does not offer void once invoiced', async () => {
    const fixture = await render(['orders.view', 'orders.cancel'], order({ invoiceNumber: 'F-1' }));
    expect(fixture.componentInstance.canVoid()).toBeFalse();
  });

  it('lets only the operator record a payment received outside the portal, with its reference and invoice', async () => {
    const company = await render(['orders.view', 'orders.pay']);
    expect(company.componentInstance.canRecordPayment()).toBeFalse();
    expect((company.nativeElement as HTMLElement).querySelector('[data-testid="record-payment"]')).toBeNull();
    TestBed.resetTestingModule();

    const fixture = await render(['orders.view'], order(), 'operator');
    fixture.detectChanges();
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="record-payment"]')).not.toBeNull();
    const recording = fixture.componentInstance.recordPayment();
    await settle();
    click('[data-testid="operator-submit"]'); // the reference is required: nothing is sent
    await settle();
    typeInto('[data-testid="payment-reference"]', 'TRF-998877');
    typeInto('[data-testid="invoice-number"]', 'F-000555');
    click('[data-testid="operator-submit"]');
    const req = await nextRequest(`${url}/payment-record`, 'POST');
    expect(req.request.body).toEqual({ reference: 'TRF-998877', invoiceNumber: 'F-000555' });
    req.flush(order({ status: 'PAID', invoiceNumber: 'F-000555' }));
    (await nextRequest(url, 'GET')).flush(order({ status: 'PAID', invoiceNumber: 'F-000555' }));
    await recording;
    expect(fixture.componentInstance.canRecordPayment()).toBeFalse();
    expect(fixture.componentInstance.canInvoice()).toBeFalse(); // already invoiced
  });

  it('lets the operator add the invoice of a paid order', async () => {
    const fixture = await render(['orders.view'], order({ status: 'PAID' }), 'operator');
    expect(fixture.componentInstance.canInvoice()).toBeTrue();
    const invoicing = fixture.componentInstance.recordInvoice();
    await settle();
    typeInto('[data-testid="invoice-number"]', 'F-000777');
    click('[data-testid="operator-submit"]');
    const req = await nextRequest(`${url}/invoice`, 'POST');
    expect(req.request.body).toEqual({ invoiceNumber: 'F-000777' });
    req.flush(order({ status: 'PAID', invoiceNumber: 'F-000777' }));
    (await nextRequest(url, 'GET')).flush(order({ status: 'PAID', invoiceNumber: 'F-000777' }));
    await invoicing;
    expect(fixture.componentInstance.order()?.invoiceNumber).toBe('F-000777');
  });
});
