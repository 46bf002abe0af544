import { expect, test, type Page } from '@playwright/test';
import { PHONE } from './support/lots';
import { signIn } from './support/session';

const rosterSummary = (page: Page) => page.getByTestId('roster-summary');

// Two tabs share one device database (IndexedDB): RxDB's leader election lets one replicate, the
// other follows it (src/app/offline/sync/tab-channel.ts). Before, the second tab's sync rounds waited
// for replications that never start there and it showed "No se pudo sincronizar".
test('a second tab shows the same data and state, and what it queues is pushed by the first', async ({ browser }) => {
  test.setTimeout(240_000);
  const context = await browser.newContext({ ...PHONE, locale: 'es-VE', timezoneId: 'America/Caracas' });
  const first = await context.newPage();
  await signIn(first, 'firma1');
  await first.goto('/servicios/tarjetas');
  await expect(rosterSummary(first)).toHaveText(/\b(2\d\d) de \1 tarjetas/, { timeout: 30_000 });
  await expect(first.getByTestId('last-sync')).not.toContainText('nunca', { timeout: 30_000 });

  const second = await context.newPage();
  await second.goto('/servicios/pendientes');
  await expect(second.getByTestId('user-menu')).toBeVisible({ timeout: 30_000 });
  await expect(second.getByTestId('last-sync')).not.toContainText('nunca', { timeout: 30_000 });

  // the second tab asks for a round: the first one runs it
  await second.getByTestId('sync-now').click();

  // a block queued in the second tab goes out through the first one's replication
  await second.goto('/servicios/tarjetas/demo-0004');
  await second.getByTestId('action-card.block').click();
  await second.getByTestId('confirm-action').click();
  await expect(second.getByTestId('card-status')).toContainText('Bloqueada', { timeout: 60_000 });
  await second.goto('/servicios/pendientes');
  await expect(second.getByTestId('requests-summary')).toContainText('0 pendientes', { timeout: 60_000 });
  await expect(second.getByTestId('pending')).toContainText('Pendientes: 0');
  await expect(first.getByTestId('pending')).toContainText('Pendientes: 0');

  // longer than a sync round may wait (60 s): neither tab reports a failed sync
  await second.waitForTimeout(65_000);
  await expect(second.getByTestId('sync-error')).toHaveCount(0);
  await expect(first.getByTestId('sync-error')).toHaveCount(0);
  await context.close();
});
