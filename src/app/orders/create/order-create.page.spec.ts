import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { orderFigures } from '../../../domain/orders/fees';
import type { CalculationAnswer } from '../../../domain/orders/order.model';
import { formatCents } from '../../../domain/money';
import { lotItem } from '../../lots/testing/lot-fixtures';
import { click, nextRequest, settle, setUpPage, typeInto } from '../../lots/testing/page-harness';
import { line, order } from '../testing/order-fixtures';
import OrderCreatePage from './order-create.page';

const company = '/api/v1/companies/c1';

describe('OrderCreatePage', () => {
  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((e) => (e.innerHTML = ''));
  });

  async function render() {
    setUpPage('firma2', ['orders.create', 'orders.view']);
    const fixture = TestBed.createComponent(OrderCreatePage);
    const list = await nextRequest(`${company}/lots`, 'GET');
    expect(list.request.params.get('status')).toBe('AUTHORIZED');
    list.flush({
      lots: [
        lotItem({ id: 'E1', type: 'EMI', status: 'AUTHORIZED', recordCount: 2, totalCents: 150000 }),
        lotItem({ id: 'R1', type: 'REC', status: 'AUTHORIZED', recordCount: 3, totalCents: 234567 }),
        lotItem({ id: 'S1', type: 'SUC', status: 'AUTHORIZED', recordCount: 2, totalCents: 0 }),
      ],
    });
    await fixture.whenStable();
    return fixture;
  }

  /** What the server answers: every figure from the shared fee function (src/domain/orders/fees.ts). */
  function calculation(): CalculationAnswer {
    const lines = [line('E1', 'EMI', 2, 150000), line('R1', 'REC', 3, 234567), line('S1', 'SUC', 2, 0)];
    const groups = lines.map((l) => ({ key: l.lotId, productCode: 'ALIM', lotType: l.lotType, lots: [l], figures: orderFigures([l]) }));
    return {
      id: 'C1',
      grouping: 'per-lot',
      status: 'OPEN',
      createdAt: '2026-11-25T15:00:00Z',
      expiresAt: '2026-11-25T15:30:00Z',
      groups,
      totals: orderFigures(lines),
      notBillable: ['S1'],
    };
  }

  it('calculates the selected lots and shows each group’s figures as the shared fee function gives them', async () => {
    const fixture = await render();
    const page = fixture.componentInstance;
    page.selected.set(page.lots());
    const calculating = page.calculate();
    const req = await nextRequest(`${company}/orders/calculations`, 'POST');
    expect(req.request.body).toEqual({ lotIds: ['E1', 'R1', 'S1'], grouping: 'per-lot' });
    const answer = calculation();
    req.flush(answer);
    await calculating;
    await fixture.whenStable();

    const element = fixture.nativeElement as HTMLElement;
    const figure = (group: string, key: string) =>
      element.querySelector(`[data-testid="${group}"] [data-testid="figure-${key}"] dd`)?.textContent?.trim();
    // EMI of 2 cards with 1,500.00: 5.00 issuance, 22.50 commission, 4.40 tax → 1,531.90
    expect(figure('group-0', 'rechargeCents')).toBe('1.500,00');
    expect(figure('group-0', 'issuanceFeesCents')).toBe('5,00');
    expect(figure('group-0', 'commissionCents')).toBe('22,50');
    expect(figure('group-0', 'taxCents')).toBe('4,40');
    expect(figure('group-0', 'totalCents')).toBe('1.531,90');
    expect(figure('group-0', 'amountToDepositCents')).toBe('1.531,90');
    for (const [i, group] of answer.groups.entries()) {
      for (const key of ['rechargeCents', 'issuanceFeesCents', 'commissionCents', 'taxCents', 'totalCents', 'amountToDepositCents'] as const) {
        expect(figure(`group-${i}`, key)).withContext(`${group.key} ${key}`).toBe(formatCents(group.figures[key]));
      }
    }
    expect(figure('totals', 'amountToDepositCents')).toBe(formatCents(answer.totals.amountToDepositCents));
    expect(element.querySelector('[data-testid="not-billable"]')?.textContent).toContain('S1');
  });

  it('generates the orders with password and a one-time code asked for order.generate', async () => {
    const fixture = await render();
    const page = fixture.componentInstance;
    page.selected.set(page.lots().slice(0, 1));
    page.setGrouping('per-type');
    const calculating = page.calculate();
    const calc = await nextRequest(`${company}/orders/calculations`, 'POST');
    expect(calc.request.body.grouping).toBe('per-type');
    calc.flush(calculation());
    await calculating;

    const generating = page.generate();
    await settle();
    expect((document.querySelector('[data-testid="step-up-submit"]') as HTMLButtonElement).disabled).toBeTrue();
    click('[data-testid="step-up-send-code"]');
    const code = await nextRequest(`${company}/one-time-codes`, 'POST');
    expect(code.request.body).toEqual({ purpose: 'order.generate' });
    code.flush({ purpose: 'order.generate', expiresAt: '', sentTo: 'f***@demo.test' });
    await settle();
    typeInto('[data-testid="step-up-password"]', 'Firma2#2026');
    typeInto('[data-testid="step-up-otp"]', '123456');
    await settle();
    click('[data-testid="step-up-submit"]');
    const generate = await nextRequest(`${company}/orders`, 'POST');
    expect(generate.request.body).toEqual({ calculationId: 'C1', password: 'Firma2#2026', otp: '123456' });
    generate.flush({ orders: [order({ id: 'O9', number: 9 })] });
    (await nextRequest(`${company}/lots`, 'GET')).flush({ lots: [] });
    await generating;
    await fixture.whenStable();
    expect(page.calculation()).toBeNull();
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="generated"]')?.textContent).toContain('Orden N° 9');
  });

  it('drops the calculation with DELETE .../orders/calculations/{id}', async () => {
    const fixture = await render();
    const page = fixture.componentInstance;
    page.selected.set(page.lots());
    const calculating = page.calculate();
    (await nextRequest(`${company}/orders/calculations`, 'POST')).flush(calculation());
    await calculating;
    const discarding = page.discard();
    (await nextRequest(`${company}/orders/calculations/C1`, 'DELETE')).flush(null, { status: 204, statusText: 'No Content' });
    await discarding;
    expect(page.calculation()).toBeNull();
  });
});
