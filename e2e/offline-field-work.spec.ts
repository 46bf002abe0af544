import { expect, test, type Page } from '@playwright/test';
import { PHONE } from './support/lots';
import { waitForOfflineReady } from './support/service-worker';
import { signIn } from './support/session';

const summary = (page: Page) => page.getByTestId('requests-summary');
const rosterSummary = (page: Page) => page.getByTestId('roster-summary');

/** Signs in on a phone of its own and waits until the device holds all the company's cards. */
async function syncedPhone(browser: import('@playwright/test').Browser, user: 'firma1' | 'firma2') {
  const context = await browser.newContext({ ...PHONE, locale: 'es-VE', timezoneId: 'America/Caracas' });
  const page = await context.newPage();
  await signIn(page, user);
  await page.goto('/servicios/tarjetas');
  // every card of the company is on the device (200 demo cards, plus any an earlier spec issued)
  await expect(rosterSummary(page)).toHaveText(/\b(2\d\d) de \1 tarjetas/, { timeout: 30_000 });
  await expect(page.getByTestId('last-sync')).not.toContainText('nunca', { timeout: 30_000 });
  return { context, page };
}

async function queueBlock(page: Page, cardId: string) {
  await page.goto(`/servicios/tarjetas/${cardId}`);
  await page.getByTestId('action-card.block').click();
  await page.getByTestId('confirm-action').click();
  await expect(page.getByTestId('block-not-in-force')).toBeVisible();
  await expect(page.getByTestId('block-not-in-force')).toContainText('0800');
}

async function backOnline(page: Page) {
  await page.context().setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
}

test('field work offline: the app starts without network with its cards, queues a delivery and a block that survive closing, and applies them when the network returns', async ({ browser }) => {
  test.setTimeout(240_000);
  const { context, page } = await syncedPhone(browser, 'firma1');

  // online: a damaged-card replacement, then its plastic received at the company, so one can be delivered later
  await page.goto('/servicios/tarjetas/demo-0001');
  await page.getByTestId('action-card.replacement').click();
  await page.getByTestId('replacement-reason').click();
  await page.getByRole('option', { name: 'Deterioro' }).click();
  await page.getByTestId('confirm-action').click();
  await expect(page.getByTestId('request-list').getByText('Aplicada')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('action-card.plastic-received').click();
  await page.getByTestId('confirm-action').click();
  await expect(page.locator('.chips').filter({ hasText: 'Recibido en la empresa' })).toBeVisible({ timeout: 60_000 });

  // offline start: the service worker serves the app, RxDB the data
  await waitForOfflineReady(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await expect(page.getByText('Sin conexión')).toBeVisible();
  await page.goto('/servicios/tarjetas');
  await page.getByTestId('roster-search').fill('10000001');
  await expect(rosterSummary(page)).toHaveText(/\b1 de 2\d\d tarjetas/);

  // the delivery to the cardholder, signed on the screen
  await page.getByTestId('field-delivery-link').click();
  await page.getByTestId('delivery-search').fill('10000001');
  await page.getByTestId('deliver-demo-0001').click();
  const box = (await page.getByTestId('signature-canvas').boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 0; i <= 12; i++) await page.mouse.move(box.x + 20 + (i * (box.width - 40)) / 12, box.y + box.height * (0.3 + 0.4 * (i % 2)));
  await page.mouse.up();
  await page.getByTestId('confirm-action').click();
  await expect(page.getByTestId('delivery-done')).toBeVisible();

  // a block that is not in force until it reaches the server
  await queueBlock(page, 'demo-0002');
  await page.goto('/servicios/pendientes');
  await expect(summary(page)).toContainText('2 pendientes');

  // close the app and open it again, still offline: nothing queued is lost
  await page.close();
  const reopened = await context.newPage();
  await reopened.goto('/servicios/pendientes');
  await expect(summary(reopened)).toContainText('2 pendientes', { timeout: 30_000 });

  // the network returns: both are pushed, applied and shown so
  await backOnline(reopened);
  await expect(summary(reopened)).toContainText('0 pendientes', { timeout: 90_000 });
  await reopened.goto('/servicios/tarjetas/demo-0002');
  await expect(reopened.getByTestId('card-status')).toContainText('Bloqueada', { timeout: 30_000 });
  await reopened.goto('/servicios/tarjetas/demo-0001');
  await expect(reopened.locator('.chips')).toContainText('Entregado al tarjetahabiente', { timeout: 30_000 });
  await context.close();
});

test('two phones act on the same card offline: the first to arrive is applied, the other is rejected with its reason', async ({ browser }) => {
  test.setTimeout(240_000);
  const first = await syncedPhone(browser, 'firma1');
  const second = await syncedPhone(browser, 'firma2');

  await first.context.setOffline(true);
  await second.context.setOffline(true);
  await queueBlock(first.page, 'demo-0003');
  await queueBlock(second.page, 'demo-0003');

  await backOnline(first.page);
  await first.page.goto('/servicios/pendientes');
  await expect(summary(first.page)).toContainText('0 pendientes', { timeout: 90_000 });

  await backOnline(second.page);
  await second.page.goto('/servicios/pendientes');
  await expect(summary(second.page)).toContainText('0 pendientes', { timeout: 90_000 });
  const rejected = second.page.locator('.ag-row', { hasText: 'Rechazada' });
  await expect(rejected).toBeVisible({ timeout: 30_000 });
  await second.page.goto('/servicios/tarjetas/demo-0003');
  await expect(second.page.getByTestId('request-list')).toContainText(/bloquead/i);

  await first.context.close();
  await second.context.close();
});
