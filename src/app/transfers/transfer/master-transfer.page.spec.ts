import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { MasterAccountAnswer, TransferAnswer, TransferPreviewAnswer } from '../../../domain/transfers/transfer.model';
import { DEFAULT_TRANSFER_SETTINGS } from '../../../domain/transfers/transfer-settings';
import { click, nextRequest, settle, setUpPage, typeInto } from '../../lots/testing/page-harness';
import type { TransferCardRow } from '../data/transfers-api';
import MasterTransferPage from './master-transfer.page';

const company = '/api/v1/companies/c1';
const usage = { dayAmountCents: 0, dayCount: 0, weekAmountCents: 0, weekCount: 0 };
const settings = { ...DEFAULT_TRANSFER_SETTINGS, feeCents: 100 };

const account: MasterAccountAnswer = {
  productCode: 'ALIM',
  balanceCents: 1_000_000,
  availableCents: 1_000_000,
  asOf: '2026-11-25T22:00:00Z',
  settings,
  usage,
  fundingAccounts: [],
};
const card = (n: number, balanceCents = 0): TransferCardRow => ({
  cardId: `k${n}`,
  maskedPan: `627100******000${n}`,
  holderName: `Titular ${n}`,
  holderId: `V1000000${n}`,
  status: 'ACTIVE',
  balanceCents,
});

function previewOf(lines: Array<{ cardId: string; amountCents: number }>, refusals: TransferPreviewAnswer['refusals'] = []): TransferPreviewAnswer {
  const total = lines.reduce((a, l) => a + l.amountCents, 0);
  return {
    productCode: 'ALIM',
    kind: 'credit',
    settings,
    preview: {
      master: { beforeCents: 1_000_000, afterCents: 1_000_000 - total - 100 },
      feeCents: 100,
      totalCents: total,
      cards: lines.map((l, i) => ({ ...l, maskedPan: card(i + 1).maskedPan, holderName: card(i + 1).holderName, status: 'ACTIVE', beforeCents: 0, afterCents: l.amountCents })),
    },
    refusals,
    usage,
    asOf: '2026-11-25T22:00:00Z',
  };
}

describe('MasterTransferPage', () => {
  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((e) => (e.innerHTML = ''));
  });

  async function render() {
    setUpPage('firma2', ['transfers.execute']);
    const fixture = TestBed.createComponent(MasterTransferPage);
    (await nextRequest(`${company}/master-accounts/ALIM`, 'GET')).flush(account);
    (await nextRequest(`${company}/master-accounts/ALIM/cards`, 'GET')).flush({ items: [card(1), card(2), card(3)], next: null });
    await fixture.whenStable();
    return fixture;
  }

  async function previewThree(fixture: Awaited<ReturnType<typeof render>>, answer = (body: { lines: Array<{ cardId: string; amountCents: number }> }) => previewOf(body.lines)) {
    const page = fixture.componentInstance;
    page.onSelected(page.cards());
    page.applySameAmount('25,50');
    const previewing = page.runPreview();
    const req = await nextRequest(`${company}/transfers/previews`, 'POST');
    expect(req.request.body).toEqual({
      productCode: 'ALIM',
      kind: 'credit',
      lines: [
        { cardId: 'k1', amountCents: 2_550 },
        { cardId: 'k2', amountCents: 2_550 },
        { cardId: 'k3', amountCents: 2_550 },
      ],
    });
    req.flush(answer(req.request.body));
    await previewing;
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('previews the balances before and after, with the fee', async () => {
    const fixture = await render();
    const element = await previewThree(fixture);
    expect(element.querySelector('[data-testid="preview-master"]')?.textContent?.trim()).toBe('10.000,00 → 9.922,50');
    expect(element.querySelector('[data-testid="preview-fee"]')?.textContent?.trim()).toBe('1,00');
    expect((element.querySelector('[data-testid="transfer-confirm"]') as HTMLButtonElement).disabled).toBeFalse();
  });

  it('does not offer to confirm what the server would refuse, and says why', async () => {
    const fixture = await render();
    const element = await previewThree(fixture, (body) =>
      previewOf(body.lines, [{ code: 'DAILY_AMOUNT_LIMIT', message: 'Supera el monto diario de transferencias (disponible hoy: 50,00).' }]),
    );
    expect((element.querySelector('[data-testid="transfer-confirm"]') as HTMLButtonElement).disabled).toBeTrue();
    expect(element.textContent).toContain('Supera el monto diario de transferencias (disponible hoy: 50,00).');
  });

  it('rejects an amount that is not one, without calling the server', async () => {
    const fixture = await render();
    const page = fixture.componentInstance;
    page.onSelected(page.cards());
    page.applySameAmount('1.000,00');
    await page.runPreview();
    await fixture.whenStable();
    expect(page.amountError()).toBeTrue();
    expect(page.amountErrors()).toEqual(['k1', 'k2', 'k3']);
    expect(page.preview()).toBeNull();
  });

  it('"Mismo monto para todas" fills every selected card; each amount can then be changed; the preview shows each card before/after', async () => {
    const fixture = await render();
    const page = fixture.componentInstance;
    const element = fixture.nativeElement as HTMLElement;
    const amountOf = (id: string) => element.querySelector<HTMLInputElement>(`[data-testid="transfer-amount-${id}"]`)!;
    page.onSelected([page.cards()[0], page.cards()[1]]);
    await fixture.whenStable();
    // typed in the common field, as a person does
    typeInto('[data-testid="transfer-same-amount"]', '10,00');
    await fixture.whenStable();
    expect([amountOf('k1').value, amountOf('k2').value]).toEqual(['10,00', '10,00']);
    // a third card picked afterwards gets the common amount too; the second is changed by hand
    page.onSelected(page.cards());
    await fixture.whenStable();
    expect(amountOf('k3').value).toBe('10,00');
    typeInto('[data-testid="transfer-amount-k2"]', '5,25');
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="transfer-typed-total"]')?.textContent).toContain('25,25');

    click('[data-testid="transfer-preview"]');
    const req = await nextRequest(`${company}/transfers/previews`, 'POST');
    expect(req.request.body.lines).toEqual([
      { cardId: 'k1', amountCents: 1_000 },
      { cardId: 'k2', amountCents: 525 },
      { cardId: 'k3', amountCents: 1_000 },
    ]);
    req.flush(previewOf(req.request.body.lines));
    await settle();
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="preview-master"]')?.textContent?.trim()).toBe('10.000,00 → 9.973,75');
    expect(page.previewLines().map((l) => [l.cardId, l.amountCents, l.beforeCents, l.afterCents])).toEqual([
      ['k1', 1_000, 0, 1_000],
      ['k2', 525, 0, 525],
      ['k3', 1_000, 0, 1_000],
    ]);

    // changing any amount (the common one too) drops the preview: what is confirmed is always what was previewed
    typeInto('[data-testid="transfer-same-amount"]', '7,00');
    await fixture.whenStable();
    expect(page.preview()).toBeNull();
    expect(element.querySelector('[data-testid="transfer-preview-card"]')).toBeNull();
    expect([amountOf('k1').value, amountOf('k2').value, amountOf('k3').value]).toEqual(['7,00', '7,00', '7,00']);
    // one card left empty: marked, and nothing is asked of the server
    typeInto('[data-testid="transfer-amount-k3"]', '');
    await fixture.whenStable();
    click('[data-testid="transfer-preview"]');
    await settle();
    await fixture.whenStable();
    expect(page.amountErrors()).toEqual(['k3']);
    expect(element.querySelector('[data-testid="transfer-amount-error"]')?.textContent).toContain('1 tarjetas sin un monto válido');
  });

  it('reassigns one selected card: new holder checked by the shared schema, balance kept said before, password step-up, result shown', async () => {
    const fixture = await render();
    const page = fixture.componentInstance;
    const element = fixture.nativeElement as HTMLElement;
    const withBalance = { ...card(2, 4_550) };
    page.onSelected([card(1), withBalance]);
    await fixture.whenStable();
    expect(page.canReassign()).toBeFalse(); // one card at a time
    page.onSelected([{ ...card(3), status: 'CANCELLED' }]);
    expect(page.canReassign()).toBeFalse();
    page.onSelected([withBalance]);
    await fixture.whenStable();
    expect((element.querySelector('[data-testid="transfer-reassign"]') as HTMLButtonElement).disabled).toBeFalse();

    const reassigning = page.reassign();
    await settle();
    expect(document.querySelector('[data-testid="reassign-balance"]')?.textContent).toContain('El saldo de 45,50 se queda en la tarjeta');
    // a bad document number: the schema's message, and no step-up yet
    typeInto('[data-testid="reassign-idNumber"]', '12');
    typeInto('[data-testid="reassign-firstName"]', 'Rosa');
    typeInto('[data-testid="reassign-lastName"]', 'Quintero');
    click('[data-testid="reassign-next"]');
    await settle();
    expect(document.querySelector('mat-error')?.textContent).toContain('Número de documento inválido');
    expect(document.querySelector('[data-testid="step-up-password"]')).toBeNull();
    typeInto('[data-testid="reassign-idNumber"]', '30500171');
    click('[data-testid="reassign-next"]');
    // the holder dialog closes (animation), then the step-up opens
    for (let i = 0; i < 100 && !document.querySelector('[data-testid="step-up-password"]'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(document.body.textContent).toContain('pasa de Titular 2 a Rosa Quintero (V30500171) con su saldo de 45,50');
    typeInto('[data-testid="step-up-password"]', 'Firma2#2026');
    await settle();
    click('[data-testid="step-up-submit"]');
    const req = await nextRequest(`${company}/master-accounts/ALIM/card-reassignments`, 'POST');
    expect(req.request.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(req.request.body).toEqual({ cardId: 'k2', holder: { idType: 'V', idNumber: '30500171', firstName: 'Rosa', lastName: 'Quintero' }, password: 'Firma2#2026' });
    req.flush({
      cardId: 'k2',
      maskedPan: card(2).maskedPan,
      status: 'ACTIVE',
      balanceCents: 4_550,
      previousHolder: { idType: 'V', idNumber: '10000002', name: 'Titular 2' },
      holder: { idType: 'V', idNumber: '30500171', name: 'Rosa Quintero' },
      reassignedAt: '2026-11-26T03:00:00Z',
      replayed: false,
    });
    (await nextRequest(`${company}/master-accounts/ALIM/cards`, 'GET')).flush({ items: [card(1), { ...withBalance, holderName: 'Rosa Quintero', holderId: 'V30500171' }, card(3)], next: null });
    await reassigning;
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="transfer-reassign-result"]')?.textContent).toContain(
      'Tarjeta 627100******0002 reasignada: de Titular 2 (V10000002) a Rosa Quintero (V30500171). Saldo en la tarjeta: 45,50.',
    );
  });

  it('confirms with password and a transfer code; a retry of the same confirmation sends the same Idempotency-Key', async () => {
    const fixture = await render();
    await previewThree(fixture);
    const page = fixture.componentInstance;
    const confirming = page.confirm();
    await settle();
    click('[data-testid="step-up-send-code"]');
    const code = await nextRequest(`${company}/one-time-codes`, 'POST');
    expect(code.request.body).toEqual({ purpose: 'transfer' });
    code.flush({ purpose: 'transfer', expiresAt: '', sentTo: 'f***@demo.test' });
    await settle();
    typeInto('[data-testid="step-up-password"]', 'Firma2#2026');
    typeInto('[data-testid="step-up-otp"]', '123456');
    await settle();

    // the answer is lost (network): the dialog stays open and the person tries again
    click('[data-testid="step-up-submit"]');
    const first = await nextRequest(`${company}/transfers`, 'POST');
    const key = first.request.headers.get('Idempotency-Key');
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.request.body).toEqual(jasmine.objectContaining({ productCode: 'ALIM', kind: 'credit', password: 'Firma2#2026', otp: '123456' }));
    first.error(new ProgressEvent('error'), { status: 0, statusText: '' });
    await settle();
    expect(document.querySelector('[data-testid="step-up-error"]')).not.toBeNull();
    click('[data-testid="step-up-submit"]');
    const retry = await nextRequest(`${company}/transfers`, 'POST');
    expect(retry.request.headers.get('Idempotency-Key')).toBe(key);
    const done: TransferAnswer = {
      id: 't1',
      kind: 'credit',
      productCode: 'ALIM',
      status: 'COMPLETED',
      amountCents: 7_650,
      feeCents: 100,
      lines: [1, 2, 3].map((n) => ({ cardId: `k${n}`, maskedPan: card(n).maskedPan, holderName: card(n).holderName, amountCents: 2_550, status: 'DONE' as const, balanceAfterCents: 2_550 })),
      master: { beforeCents: 1_000_000, afterCents: 992_250 },
      createdBy: 'firma2',
      createdAt: '2026-11-25T22:00:00Z',
      completedAt: '2026-11-25T22:00:01Z',
    };
    retry.flush(done);
    (await nextRequest(`${company}/master-accounts/ALIM`, 'GET')).flush({ ...account, balanceCents: 992_250, availableCents: 992_250 });
    await confirming;
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="transfer-done"]')?.textContent).toContain('Transferencia realizada: 3 tarjetas abonadas por 76,50 (comisión 1,00).');
    expect(element.querySelector('[data-testid="transfer-done-master"]')?.textContent?.trim()).toBe('Cuenta maestra: 10.000,00 → 9.922,50');

    // a new confirmation is a new key
    page.startAgain();
    (await nextRequest(`${company}/master-accounts/ALIM/cards`, 'GET')).flush({ items: [card(1), card(2), card(3)], next: null });
    await previewThree(fixture);
    const second = page.confirm();
    await settle();
    click('[data-testid="step-up-send-code"]');
    (await nextRequest(`${company}/one-time-codes`, 'POST')).flush({ purpose: 'transfer', expiresAt: '', sentTo: 'f***@demo.test' });
    await settle();
    typeInto('[data-testid="step-up-password"]', 'Firma2#2026');
    typeInto('[data-testid="step-up-otp"]', '654321');
    await settle();
    click('[data-testid="step-up-submit"]');
    const other = await nextRequest(`${company}/transfers`, 'POST');
    expect(other.request.headers.get('Idempotency-Key')).not.toBe(key);
    other.flush(done);
    (await nextRequest(`${company}/master-accounts/ALIM`, 'GET')).flush(account);
    await second;
  });
});
