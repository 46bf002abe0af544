import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { lotItem } from '../testing/lot-fixtures';
import { click, flushAll, nextRequest, settle, setUpPage, typeInto } from '../testing/page-harness';
import LotTrayPage, { confirmationFields } from './lot-tray.page';

const base = '/api/v1/companies/c1/lots';

describe('lot confirmation fields', () => {
  it('asks EMI for two embossing lines, REC and CAR for a concept', () => {
    expect(confirmationFields({ type: 'EMI' })).toEqual(['embossLine1', 'embossLine2']);
    expect(confirmationFields({ type: 'REC' })).toEqual(['concept']);
    expect(confirmationFields({ type: 'CAR' })).toEqual(['concept']);
    expect(confirmationFields({ type: 'SUC' })).toEqual([]);
  });
});

describe('LotTrayPage', () => {
  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((e) => (e.innerHTML = ''));
  });

  async function render() {
    setUpPage('carga', ['lots.upload']);
    const fixture = TestBed.createComponent(LotTrayPage);
    const lots = [
      lotItem({ id: 'E1', type: 'EMI', status: 'VALID', uploadedAt: '2026-11-25T12:00:00Z' }),
      lotItem({ id: 'R1', type: 'REC', status: 'INVALID', errorCount: 4, canConfirm: false, uploadedAt: '2026-11-25T11:00:00Z' }),
      lotItem({ id: 'X1', status: 'VALID', uploadedBy: 'otro' }),
    ];
    const requests = await flushAll(base, 3, (req) => ({ lots: lots.filter((l) => l.status === req.request.params.get('status')) }));
    expect(requests.map((r) => r.request.params.get('status')).sort()).toEqual(['INVALID', 'VALID', 'VALIDATING']);
    await fixture.whenStable();
    return fixture;
  }

  it('lists the user’s own lots', async () => {
    const fixture = await render();
    expect(fixture.componentInstance.lots().map((l) => l.id)).toEqual(['E1', 'R1']);
  });

  it('confirms a valid EMI lot with password and embossing lines', async () => {
    const fixture = await render();
    const page = fixture.componentInstance;
    page.selected.set([page.lots()[0]]);
    expect(page.canConfirm()).toBeTrue();
    const confirming = page.confirm();
    await settle();
    typeInto('[data-testid="step-up-embossLine1"]', 'ALIMENTOS DEMO');
    typeInto('[data-testid="step-up-embossLine2"]', 'NOMINA 2026');
    typeInto('[data-testid="step-up-password"]', 'Carga#2026');
    click('[data-testid="step-up-submit"]');
    const req = await nextRequest(`${base}/E1/confirmation`, 'POST');
    expect(req.request.body).toEqual({ password: 'Carga#2026', embossLine1: 'ALIMENTOS DEMO', embossLine2: 'NOMINA 2026' });
    req.flush(lotItem({ id: 'E1', status: 'PENDING_AUTHORIZATION' }));
    await flushAll(base, 3, () => ({ lots: [] }));
    await confirming;
    expect(page.lots()).toEqual([]);
  });

  it('an invalid lot cannot be confirmed but can be deleted with the password', async () => {
    const fixture = await render();
    const page = fixture.componentInstance;
    page.selected.set([page.lots()[1]]);
    expect(page.canConfirm()).toBeFalse();
    expect(page.canDelete()).toBeTrue();
    const deleting = page.remove();
    await settle();
    typeInto('[data-testid="step-up-password"]', 'Carga#2026');
    click('[data-testid="step-up-submit"]');
    const req = await nextRequest(`${base}/R1`, 'DELETE');
    expect(req.request.body).toEqual({ password: 'Carga#2026' });
    req.flush(null, { status: 204, statusText: 'No Content' });
    await flushAll(base, 3, () => ({ lots: [] }));
    await deleting;
  });
});
