import { expect, test, type Page } from '@playwright/test';
import { phoneOf, stepUp } from './support/lots';
import { openNav } from './support/session';

/** "1.234,56" → 123456 (the page's money format; digits only, no floating point). */
const cents = (text: string) => {
  const match = /(-?)([\d.]+),(\d{2})/.exec(text);
  if (!match) throw new Error(`no amount in «${text}»`);
  return (match[1] ? -1 : 1) * Number(match[2].replace(/\./g, '') + match[3]);
};
const money = (c: number) => {
  const whole = Math.floor(c / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${whole},${String(c % 100).padStart(2, '0')}`;
};

async function masterBalance(page: Page): Promise<number> {
  await expect(page.getByTestId('master-as-of')).toBeVisible();
  return cents((await page.getByTestId('master-balance-amount').textContent()) ?? '');
}

test('firma2 funds the master account and credits three cards, with codes from the outbox (390×844)', async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await phoneOf(browser, 'firma2');

  // Operaciones → Cuenta maestra, from the menu
  await openNav(page);
  await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Cuenta maestra' }).click();
  await expect(page).toHaveURL(/\/operaciones\/cuenta-maestra$/);
  const start = await masterBalance(page);
  await expect(page.getByTestId('statement').getByRole('row').filter({ hasText: 'Saldo inicial' })).toBeVisible();

  // fund 500,00 from the registered account: password + code from the outbox
  await page.getByTestId('fund-amount').fill('500,00');
  await page.getByTestId('fund').click();
  await stepUp(page, 'firma2', {}, true);
  await expect(page.getByTestId('funded')).toContainText(`Fondeo realizado: 500,00. Saldo después del fondeo: ${money(start + 50_000)}`);
  await expect(page.getByTestId('master-balance-amount')).toHaveText(money(start + 50_000));
  const funding = page.getByTestId('statement').getByRole('row').filter({ hasText: 'Fondeo desde cuenta registrada' }).filter({ hasText: money(start + 50_000) });
  await expect(funding).toContainText('500,00');

  // Servicios → Transferencia maestra: three active cards, 25,00 each
  await page.getByTestId('go-transfer').click();
  await expect(page).toHaveURL(/\/servicios\/transferencia-maestra$/);
  await expect(page.getByTestId('transfer-master')).toContainText(money(start + 50_000));
  await page.getByTestId('transfer-search').fill('Yelitza');
  // wait for this search's answer: the rows shown before it belong to the first, unfiltered load
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/cards?') && r.url().includes('q=Yelitza')),
    page.getByTestId('transfer-search').press('Enter'),
  ]);
  const active = page.getByTestId('transfer-cards').getByRole('row').filter({ hasText: 'Activa' });
  await expect(active.nth(2)).toBeVisible();
  // the answer arrived; wait until the grid shows only its rows (the unfiltered ones animate out)
  await expect(page.getByTestId('transfer-cards').getByRole('row').filter({ hasText: '627100' }).filter({ hasNotText: 'Yelitza' })).toHaveCount(0);
  const cards: string[] = [];
  // read the three cards first: checking a row re-renders the grid, so positions are not stable
  for (let i = 0; i < 3; i++) cards.push(/627100\*{6}\d{4}/.exec((await active.nth(i).textContent()) ?? '')![0]);
  for (const card of cards) await active.filter({ hasText: card }).getByRole('checkbox').check();
  await expect(page.getByTestId('transfer-selected')).toHaveText('3 seleccionados');
  // "Mismo monto para todas" fills each selected card's own amount
  await page.getByTestId('transfer-same-amount').fill('25,00');
  for (const input of await page.locator('[data-testid^="transfer-amount-"]').all()) await expect(input).toHaveValue('25,00');
  await expect(page.getByTestId('transfer-typed-total')).toContainText('75,00');
  await page.getByTestId('transfer-preview').click();
  const preview = page.getByTestId('transfer-preview-card');
  await expect(preview).toBeVisible();
  await expect(page.getByTestId('preview-fee')).toHaveText('1,00');
  await expect(page.getByTestId('preview-master')).toHaveText(`${money(start + 50_000)} → ${money(start + 50_000 - 7_600)}`);
  await expect(preview.getByRole('row').filter({ hasText: 'Lista' })).toHaveCount(3);

  await page.getByTestId('transfer-confirm').click();
  await stepUp(page, 'firma2', {}, true);
  const done = page.getByTestId('transfer-done');
  await expect(done).toContainText('Transferencia realizada: 3 tarjetas abonadas por 75,00 (comisión 1,00)');
  await expect(page.getByTestId('transfer-done-master')).toHaveText(`Cuenta maestra: ${money(start + 50_000)} → ${money(start + 50_000 - 7_600)}`);
  const results = page.getByTestId('transfer-result').getByRole('row');
  await expect(results.filter({ hasText: 'Hecho' })).toHaveCount(3);
  for (const card of cards) await expect(results.filter({ hasText: card })).toHaveCount(1);
  await page.screenshot({ path: 'test-results/master-transfer-done.png', fullPage: true });

  // back on the master account: the balance and the statement show the transfer and its fee
  await page.goto('/operaciones/cuenta-maestra');
  expect(await masterBalance(page)).toBe(start + 50_000 - 7_600);
  const statement = page.getByTestId('statement');
  await expect(statement.getByRole('row').filter({ hasText: 'Comisión por transferencia' }).first()).toBeVisible();
  await expect(statement.getByRole('row').filter({ hasText: 'Transferencia a tarjeta' })).not.toHaveCount(0);
  await page.context().close();
});

test('firma2 reassigns the card of a holder who left to a new holder; the balance stays on the card (390×844)', async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await phoneOf(browser, 'firma2');
  await page.goto('/servicios/transferencia-maestra');
  const grid = page.getByTestId('transfer-cards');
  const search = async (q: string) => {
    await page.getByTestId('transfer-search').fill(q);
    await Promise.all([page.waitForResponse((r) => r.url().includes('/cards?') && r.url().includes(`q=${q}`)), page.getByTestId('transfer-search').press('Enter')]);
  };
  // a demo holder no other spec uses
  await search('V10000193');
  const row = grid.getByRole('row').filter({ hasText: 'V10000193' });
  await expect(row).toHaveCount(1);
  const card = /627100\*{6}\d{4}/.exec((await row.textContent()) ?? '')![0];
  const balance = /([\d.]+,\d{2})/.exec((await row.textContent()) ?? '')![1];
  await row.getByRole('checkbox').check();
  await expect(page.getByTestId('transfer-reassign')).toBeEnabled();
  await page.getByTestId('transfer-reassign').click();

  // the new holder; the dialog says, before anything else, that the balance stays on the card
  const dialog = page.locator('mat-dialog-container');
  await expect(dialog.getByTestId('reassign-balance')).toContainText(`El saldo de ${balance} se queda en la tarjeta`);
  const newId = String(40_000_000 + (Date.now() % 9_000_000));
  await dialog.getByTestId('reassign-idNumber').fill('12');
  await dialog.getByTestId('reassign-firstName').fill('Rosa Elena');
  await dialog.getByTestId('reassign-lastName').fill('Quintero');
  await dialog.getByTestId('reassign-next').click();
  await expect(dialog).toContainText('Número de documento inválido');
  await dialog.getByTestId('reassign-idNumber').fill(newId);
  await page.screenshot({ path: 'test-results/reassign-dialog.png' });
  await dialog.getByTestId('reassign-next').click();
  await expect(page.locator('mat-dialog-container')).toContainText(`pasa de`);
  await stepUp(page, 'firma2');
  await expect(page.getByTestId('transfer-reassign-result')).toContainText(`Tarjeta ${card} reasignada: de `);
  await expect(page.getByTestId('transfer-reassign-result')).toContainText('(V10000193)');
  await expect(page.getByTestId('transfer-reassign-result')).toContainText(`a Rosa Elena Quintero (V${newId}). Saldo en la tarjeta: ${balance}.`);
  await page.screenshot({ path: 'test-results/reassign-done.png', fullPage: true });

  // the card is found under the new holder, and no longer under the old one
  await search(newId);
  await expect(grid.getByRole('row').filter({ hasText: card })).toContainText('Rosa Elena Quintero');
  await search('V10000193');
  await expect(grid.getByRole('row').filter({ hasText: card })).toHaveCount(0);
  await page.context().close();
});
