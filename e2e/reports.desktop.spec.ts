import { expect, test } from '@playwright/test';
import { exportAs, gridRows, openReport } from './support/reports';
import { signIn } from './support/session';

// A desktop (1280×800): the chart beside the table; three reports filtered and exported.
test.use({ acceptDownloads: true });

test('reports on a desktop: cards by status, user activity, card balances at a date by holder', async ({ page }) => {
  await signIn(page, 'admin');

  await openReport(page, 'cards-by-status', 'Tarjetas por estado');
  await expect(gridRows(page).first()).toContainText('Activa');
  await expect(gridRows(page).first()).toContainText(/1\d\d|2\d\d/); // other specs block a few demo cards
  await expect(page.getByTestId('report-chart').locator('canvas')).toBeVisible();
  await page.screenshot({ path: 'test-results/reports-desktop-status.png' });
  await exportAs(page, 'xlsx', 'cards-by-status');
  await exportAs(page, 'pdf', 'cards-by-status');

  await page.goto('/reportes');
  await openReport(page, 'user-activity', 'Actividad de usuarios');
  const today = new Date(Date.now() - 4 * 3_600_000).toISOString().slice(0, 10);
  await page.getByTestId('filter-from').fill(today);
  await page.getByTestId('filter-user').fill('admin');
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('report-grid')).toContainText('Exportación de reporte');
  await expect(page.getByTestId('report-chart').locator('canvas')).toBeVisible();
  await page.screenshot({ path: 'test-results/reports-desktop-activity.png' });
  await exportAs(page, 'xlsx', 'user-activity');

  await page.goto('/reportes');
  await openReport(page, 'card-balances', 'Saldos de tarjetas a una fecha');
  await expect(page.getByTestId('report-count')).toHaveText(/^2\d\d filas$/); // replacements issued by other specs add cards
  await page.getByTestId('filter-holder').fill('V-10000007');
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('report-count')).toHaveText('1 fila');
  await expect(gridRows(page)).toHaveCount(1);
  await expect(gridRows(page).first()).toContainText('V-10000007');
  await expect(gridRows(page).first()).toContainText('0,00');
  await page.screenshot({ path: 'test-results/reports-desktop-balances.png' });
  await exportAs(page, 'pdf', 'card-balances');
  await exportAs(page, 'xlsx', 'card-balances');
});
