import { expect, test, type Browser, type Page } from '@playwright/test';
import { PHONE } from './support/lots';
import { type DemoUser, signIn } from './support/session';

/**
 * Issue 5, card part, at 390×844: a field manager blocks a card and requests a replacement; the
 * operator moves the new plastic from the bank to the company; the manager marks it delivered.
 * Online, each action is a request the server decides, and the screen shows its outcome.
 * Uses demo card demo-0177 (V-10000177), which no other spec touches.
 */
const CARD = 'demo-0177';
const HOLDER_ID = '10000177';

async function phone(browser: Browser, user: DemoUser): Promise<Page> {
  const context = await browser.newContext({ ...PHONE, locale: 'es-VE', timezoneId: 'America/Caracas' });
  const page = await context.newPage();
  await signIn(page, user);
  return page;
}

const chips = (page: Page) => page.locator('.chips');
/** The snack bar that says this (an earlier one may still be leaving). */
const snack = (page: Page, text: string) => page.locator('mat-snack-bar-container', { hasText: text });

test('a field manager blocks a card and requests a replacement; the operator sends the plastic; the manager delivers it', async ({ browser }) => {
  test.setTimeout(180_000);
  const manager = await phone(browser, 'firma1');

  // the online search finds the card on the server by the holder's id
  await manager.goto('/servicios/tarjetas');
  await manager.getByTestId('roster-search').fill(HOLDER_ID);
  await expect(manager.getByTestId('server-summary')).toContainText('1 tarjetas', { timeout: 30_000 });
  const row = manager.getByTestId('roster-grid').locator('.ag-row', { hasText: `V-${HOLDER_ID}` });
  await expect(row).toBeVisible();
  await row.locator('.holder-cell').click();
  await expect(manager).toHaveURL(new RegExp(`/servicios/tarjetas/${CARD}$`));
  await expect(manager.getByTestId('card-number')).toHaveText(/^\d{6}\*{6}\d{4}$/);
  await expect(manager.getByTestId('card-status')).toHaveText('Activa', { timeout: 30_000 });

  // block: the outcome comes back from the server in seconds
  await manager.getByTestId('action-card.block').click();
  await manager.getByTestId('confirm-action').click();
  await expect(snack(manager, 'Bloqueo temporal: aplicada.')).toBeVisible({ timeout: 30_000 });
  await expect(manager.getByTestId('card-status')).toHaveText('Bloqueada', { timeout: 30_000 });
  // a blocked card offers unblock, not block or PIN
  await expect(manager.getByTestId('action-card.unblock')).toBeVisible();
  await expect(manager.getByTestId('action-card.block')).toHaveCount(0);
  await expect(manager.getByTestId('action-card.pin')).toHaveCount(0);

  // replacement: lost, delivered at branch 002
  await manager.getByTestId('action-card.replacement').click();
  await manager.getByTestId('replacement-reason').click();
  await manager.getByRole('option', { name: 'Pérdida' }).click();
  await manager.getByRole('combobox', { name: 'Sucursal de entrega' }).click();
  await manager.getByRole('option', { name: /^002/ }).click();
  await manager.getByTestId('confirm-action').click();
  await expect(snack(manager, 'Solicitud de reposición: aplicada.')).toBeVisible({ timeout: 30_000 });
  await expect(chips(manager)).toContainText('En el banco', { timeout: 30_000 });
  await expect(manager.getByTestId('card-all-requests')).toContainText('Solicitud de reposición', { timeout: 30_000 });

  // the operator sends the new plastic from the bank to the company
  const operator = await phone(browser, 'operador');
  await operator.getByTestId('context-trigger').click();
  await operator.getByTestId('context-cdemo000001-ALIM').click();
  await operator.goto('/operador/plasticos');
  await expect(operator.getByRole('heading', { name: 'Plásticos en el banco' })).toBeVisible();
  await operator.getByTestId('plastics-search').fill(HOLDER_ID);
  await operator.getByTestId('plastics-search').press('Enter');
  await expect(operator.getByTestId('plastics-count')).toContainText('1 plásticos en el banco', { timeout: 30_000 });
  await operator.getByTestId('plastics-grid').locator('.ag-row', { hasText: HOLDER_ID }).locator('.ag-selection-checkbox input').check();
  await operator.getByTestId('plastics-send').click();
  await expect(snack(operator, '1 plásticos enviados a la empresa; 0 rechazados.')).toBeVisible({ timeout: 30_000 });
  await expect(operator.getByTestId('plastics-count')).toContainText('0 plásticos en el banco', { timeout: 30_000 });
  await operator.context().close();

  // the manager's phone learns it by sync; received at the company, then delivered (signed on screen)
  await expect(chips(manager)).toContainText('Enviado a la empresa', { timeout: 60_000 });
  await expect(manager.getByTestId('action-card.plastic-delivered')).toHaveCount(0);
  await manager.getByTestId('action-card.plastic-received').click();
  await manager.getByTestId('confirm-action').click();
  await expect(chips(manager)).toContainText('Recibido en la empresa', { timeout: 30_000 });
  await manager.getByTestId('action-card.plastic-delivered').click();
  const box = (await manager.getByTestId('signature-canvas').boundingBox())!;
  await manager.mouse.move(box.x + 20, box.y + box.height / 2);
  await manager.mouse.down();
  for (let i = 0; i <= 10; i++) await manager.mouse.move(box.x + 20 + (i * (box.width - 40)) / 10, box.y + box.height * (0.3 + 0.4 * (i % 2)));
  await manager.mouse.up();
  await manager.getByTestId('confirm-action').click();
  await expect(snack(manager, 'Entrega del plástico: aplicada.')).toBeVisible({ timeout: 30_000 });
  await expect(chips(manager)).toContainText('Entregado al tarjetahabiente', { timeout: 30_000 });

  // the history tells the whole journey, with the operator's dispatch
  const history = manager.getByTestId('card-history');
  for (const step of ['Bloqueo temporal', 'Solicitud de reposición', 'Plástico enviado a la empresa', 'Plástico recibido en la empresa', 'Entrega del plástico']) {
    await expect(history).toContainText(step);
  }
  // never a full card number on the screen: at most the first 6 and the last 4
  const text = await manager.locator('body').innerText();
  expect(text).toMatch(/\d{6}\*{6}\d{4}/);
  expect(text).not.toMatch(/\d{13,19}/);
  await manager.screenshot({ path: 'test-results/cards-journey-delivered.png', fullPage: true });
  await manager.context().close();
});
