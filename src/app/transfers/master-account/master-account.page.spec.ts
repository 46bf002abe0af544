import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { MasterAccountAnswer, StatementAnswer } from '../../../domain/transfers/transfer.model';
import { DEFAULT_TRANSFER_SETTINGS } from '../../../domain/transfers/transfer-settings';
import { click, nextRequest, settle, setUpPage, typeInto } from '../../lots/testing/page-harness';
import MasterAccountPage from './master-account.page';

const master = '/api/v1/companies/c1/master-accounts/ALIM';
const account: MasterAccountAnswer = {
  productCode: 'ALIM',
  balanceCents: 12_345_678,
  availableCents: 12_345_678,
  asOf: '2026-11-25T22:00:00Z',
  settings: { ...DEFAULT_TRANSFER_SETTINGS, feeCents: 100 },
  usage: { dayAmountCents: 0, dayCount: 0, weekAmountCents: 0, weekCount: 0 },
  fundingAccounts: [{ id: 'principal', bankName: 'Banco Demo', accountNumberMasked: '0102********5678', holderName: 'Demo' }],
};
const page1: StatementAnswer = {
  productCode: 'ALIM',
  entries: [{ id: 'entry:a:master', at: '2026-11-25T21:00:00Z', cause: 'transfer:t1:fee', description: 'Comisión por transferencia', amountCents: -100, balanceAfterCents: 12_345_678 }],
  next: 'CURSOR',
};

describe('MasterAccountPage', () => {
  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((e) => (e.innerHTML = ''));
  });

  async function render() {
    setUpPage('firma2', ['transfers.execute']);
    const fixture = TestBed.createComponent(MasterAccountPage);
    (await nextRequest(master, 'GET')).flush(account);
    (await nextRequest(`${master}/statement`, 'GET')).flush(page1);
    await settle();
    await fixture.whenStable();
    return fixture;
  }

  it('shows the balance from the ledger with its time, and pages the statement back', async () => {
    const fixture = await render();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="master-balance-amount"]')?.textContent?.trim()).toBe('123.456,78');
    expect(element.querySelector('[data-testid="master-as-of"]')?.textContent).toContain('Saldo según el libro mayor al');
    const more = fixture.componentInstance.more();
    const req = await nextRequest(`${master}/statement`, 'GET');
    expect(req.request.params.get('before')).toBe('CURSOR');
    req.flush({ ...page1, entries: [{ ...page1.entries[0], id: 'entry:b:master' }], next: null });
    await more;
    expect(fixture.componentInstance.entries().length).toBe(2);
    expect(fixture.componentInstance.next()).toBeNull();
  });

  it('funds from the registered account with password, a funding code and one key per confirmation', async () => {
    const fixture = await render();
    const page = fixture.componentInstance;
    page.fundAmount = '0';
    await page.fund();
    expect(page.fundError()).toBe('master.amountInvalid');
    page.fundAmount = '1500,00';
    const funding = page.fund();
    await settle();
    click('[data-testid="step-up-send-code"]');
    const code = await nextRequest('/api/v1/companies/c1/one-time-codes', 'POST');
    expect(code.request.body).toEqual({ purpose: 'funding' });
    code.flush({ purpose: 'funding', expiresAt: '', sentTo: 'f***@demo.test' });
    await settle();
    typeInto('[data-testid="step-up-password"]', 'Firma2#2026');
    typeInto('[data-testid="step-up-otp"]', '123456');
    await settle();
    click('[data-testid="step-up-submit"]');
    const req = await nextRequest(`${master}/fundings`, 'POST');
    expect(req.request.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(req.request.body).toEqual({ fundingAccountId: 'principal', amountCents: 150_000, password: 'Firma2#2026', otp: '123456' });
    req.flush({
      id: 't1', kind: 'funding', productCode: 'ALIM', status: 'COMPLETED', amountCents: 150_000, feeCents: 0, lines: [],
      master: { beforeCents: 12_345_678, afterCents: 12_495_678 }, createdBy: 'firma2', createdAt: '', completedAt: '',
    });
    (await nextRequest(master, 'GET')).flush({ ...account, balanceCents: 12_495_678, availableCents: 12_495_678 });
    (await nextRequest(`${master}/statement`, 'GET')).flush(page1);
    await funding;
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="funded"]')?.textContent).toContain('Fondeo realizado: 1.500,00. Saldo después del fondeo: 124.956,78.');
  });
});
