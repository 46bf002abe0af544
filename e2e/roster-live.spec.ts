import { expect, test, type Browser, type Page } from '@playwright/test';
import { PHONE } from './support/lots';
import { type DemoUser, signIn } from './support/session';

/**
 * Issue 4 point 2 (live updates) on the cards page while online: the roster shows the server's
 * search there, and a change made on the server — here another user blocking and unblocking the
 * card from another phone — must reach the open roster within seconds, every time, not only the
 * first. Uses demo card demo-0178 (V-10000178), which no other spec touches.
 */
const CARD = 'demo-0178';
const HOLDER_ID = '10000178';

async function phone(browser: Browser, user: DemoUser): Promise<Page> {
  const context = await browser.newContext({ ...PHONE, locale: 'es-VE', timezoneId: 'America/Caracas' });
  const page = await context.newPage();
  await signIn(page, user);
  return page;
}

test('a card changed on the server again and again shows each change in the open roster', async ({ browser }) => {
  test.setTimeout(180_000);
  const watcher = await phone(browser, 'firma1');
  await watcher.goto('/servicios/tarjetas');
  // the device holds the company's cards (the roster's live data) and the server search found the card
  // other specs on the same server issue and replace cards: the company holds 200 and more
  await expect(watcher.getByTestId('roster-summary')).toHaveText(/\b(2\d\d) de \1 tarjetas/, { timeout: 60_000 });
  await watcher.getByTestId('roster-search').fill(HOLDER_ID);
  await expect(watcher.getByTestId('server-summary')).toContainText('1 tarjetas', { timeout: 30_000 });
  const row = watcher.getByTestId('roster-grid').locator('.ag-row', { hasText: `V-${HOLDER_ID}` });
  await expect(row).toContainText('Activa');

  const actor = await phone(browser, 'firma2');
  await actor.goto(`/servicios/tarjetas/${CARD}`);
  await expect(actor.getByTestId('card-status')).toHaveText('Activa', { timeout: 30_000 });
  for (const [action, shown] of [
    ['card.block', 'Bloqueada'],
    ['card.unblock', 'Activa'],
    ['card.block', 'Bloqueada'],
  ] as const) {
    await actor.getByTestId(`action-${action}`).click();
    await actor.getByTestId('confirm-action').click();
    await expect(actor.getByTestId('card-status')).toHaveText(shown, { timeout: 30_000 });
    // the watcher did nothing: the change arrives by replication into the open page
    await expect(row).toContainText(shown, { timeout: 10_000 });
  }
  // leave the demo card as it was
  await actor.getByTestId('action-card.unblock').click();
  await actor.getByTestId('confirm-action').click();
  await expect(actor.getByTestId('card-status')).toHaveText('Activa', { timeout: 30_000 });
  await watcher.context().close();
  await actor.context().close();
});
