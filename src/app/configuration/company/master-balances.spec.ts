import { HttpTestingController } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { MasterAccountAnswer } from '../../../domain/transfers/transfer.model';
import { DEFAULT_TRANSFER_SETTINGS } from '../../../domain/transfers/transfer-settings';
import type { Permission } from '../../../domain/permissions';
import { nextRequest, settle, setUpPage } from '../../lots/testing/page-harness';
import { dateTime } from '../../lots/ui/format';
import type { DeviceDatabase } from '../../offline/db/device-database';
import { OfflineEngine } from '../../offline/offline-engine';
import { openTestDatabase } from '../../offline/testing/test-db';
import { MasterBalances } from './master-balances';

/**
 * Información general → master account balances: from the server online, from the device's RxDB
 * `accounts` collection (a real Dexie database in the browser) offline, each with its "as of" time.
 */
describe('Información general: master account balances', () => {
  let db: DeviceDatabase;
  let cleanup: () => Promise<void>;
  const pulledAt = '2026-11-26T02:10:00.000Z';

  beforeEach(async () => {
    ({ db, cleanup } = await openTestDatabase());
    await db.accounts.bulkInsert([
      { _id: 'account:ALIM', rev: '3-a', type: 'account', productCode: 'ALIM', balanceCents: 9_876_543, createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-26T02:00:00Z' },
      { _id: 'funding:principal', rev: '1-b', type: 'funding', id: 'principal', bankName: 'Banco Demo', accountNumberMasked: '0102********5678', holderName: 'Demo', status: 'active' },
    ] as never[]);
  });
  afterEach(async () => {
    TestBed.inject(HttpTestingController).verify();
    await cleanup();
  });

  async function render(permissions: Permission[], online: boolean) {
    setUpPage('firma2', permissions, online);
    TestBed.overrideProvider(OfflineEngine, {
      useValue: { database: signal(db).asReadonly(), pulledAt: signal({ accounts: pulledAt }), lastSyncAt: signal(pulledAt) },
    });
    const fixture = TestBed.createComponent(MasterBalances);
    fixture.detectChanges();
    return fixture;
  }

  async function until(fixture: { detectChanges(): void; nativeElement: HTMLElement }, probe: (e: HTMLElement) => boolean) {
    for (let i = 0; i < 200; i++) {
      fixture.detectChanges();
      if (probe(fixture.nativeElement)) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('timed out: ' + fixture.nativeElement.textContent);
  }

  it('offline: each product with the balance the device holds, "as of" its last pull; a product the device does not hold says so', async () => {
    const fixture = await render(['transfers.execute'], false);
    const element = fixture.nativeElement as HTMLElement;
    await until(fixture, (e) => !!e.querySelector('[data-testid="balance-ALIM"]')?.textContent?.includes('98.765,43'));
    const alim = element.querySelector('[data-testid="balance-ALIM"]')!.textContent!;
    expect(alim).toContain('Alimentación');
    expect(alim).toContain(`Sin conexión: saldo guardado en este dispositivo, al ${dateTime(pulledAt)}`);
    expect(element.querySelector('[data-testid="balance-REGA"]')?.textContent).toContain('Saldo no disponible sin conexión');

    // a newer pull changes what is shown, live
    await db.accounts.upsert({ _id: 'account:REGA', rev: '1-c', type: 'account', productCode: 'REGA', balanceCents: 50_000, createdAt: pulledAt, updatedAt: pulledAt } as never);
    await until(fixture, (e) => !!e.querySelector('[data-testid="balance-REGA"]')?.textContent?.includes('500,00'));
  });

  it('online with transfers.execute: the server balance of every product and its time', async () => {
    const fixture = await render(['transfers.execute'], true);
    const answer = (productCode: string, balanceCents: number): MasterAccountAnswer => ({
      productCode,
      balanceCents,
      availableCents: balanceCents,
      asOf: '2026-11-26T03:15:00.000Z',
      settings: DEFAULT_TRANSFER_SETTINGS,
      usage: { dayAmountCents: 0, dayCount: 0, weekAmountCents: 0, weekCount: 0 },
      fundingAccounts: [],
    });
    (await nextRequest('/api/v1/companies/c1/master-accounts/ALIM', 'GET')).flush(answer('ALIM', 10_000_000));
    (await nextRequest('/api/v1/companies/c1/master-accounts/REGA', 'GET')).flush(answer('REGA', 0));
    await settle();
    const element = fixture.nativeElement as HTMLElement;
    await until(fixture, (e) => !!e.querySelector('[data-testid="balance-ALIM"]')?.textContent?.includes('100.000,00'));
    expect(element.querySelector('[data-testid="balance-ALIM"]')?.textContent).toContain(`Al ${dateTime('2026-11-26T03:15:00.000Z')}`);
    expect(element.querySelector('[data-testid="balance-REGA"]')?.textContent).toContain('0,00');
  });

  it('without transfers.execute or orders.pay: no balances, and why', async () => {
    const fixture = await render(['cards.view'], true);
    await settle();
    fixture.detectChanges();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="master-balances"]')).toBeNull();
    expect(element.querySelector('[data-testid="balances-no-permission"]')).not.toBeNull();
  });
});
