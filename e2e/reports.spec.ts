import { expect, test } from '@playwright/test';
import { choose, exportAs, gridRows, openReport } from './support/reports';
import { signIn } from './support/session';

// A phone (390×844): three reports opened from the catalogue, filtered, their chart seen, exported.
test.use({ acceptDownloads: true });

test('reports on a phone: cards issued by branch, master account statement, user activity', async ({ page }) => {
  await signIn(page, 'admin');

  await openReport(page, 'cards-issued', 'Tarjetas emitidas');
  await expect(page.getByTestId('report-count')).toHaveText('200 filas');
  await expect(page.getByTestId('report-chart').locator('canvas')).toBeVisible();
  await page.getByTestId('filter-branch').fill('002');
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('report-count')).not.toHaveText('200 filas');
  await expect(gridRows(page).first()).toContainText('002');
  await page.screenshot({ path: 'test-results/reports-phone-cards-issued.png', fullPage: true });
  await exportAs(page, 'xlsx', 'cards-issued');
  await exportAs(page, 'pdf', 'cards-issued');

  await page.goto('/reportes');
  await openReport(page, 'master-statement', 'Estado de cuenta maestra');
  await expect(gridRows(page).first()).toContainText('Saldo inicial');
  await expect(gridRows(page).first()).toContainText('100.000,00');
  await expect(page.getByTestId('report-chart').locator('canvas')).toBeVisible();
  await page.screenshot({ path: 'test-results/reports-phone-master.png', fullPage: true });
  await exportAs(page, 'pdf', 'master-statement');

  await page.goto('/reportes');
  await openReport(page, 'user-activity', 'Actividad de usuarios');
  await page.getByTestId('filter-user').fill('admin');
  await choose(page, 'filter-status', 'Correcto');
  await page.getByTestId('apply').click();
  await expect(gridRows(page).first()).toContainText('admin');
  await expect(page.getByTestId('report-grid')).toContainText('Exportación de reporte');
  await expect(page.getByTestId('report-chart').locator('canvas')).toBeVisible();
  await page.screenshot({ path: 'test-results/reports-phone-activity.png', fullPage: true });
  await exportAs(page, 'xlsx', 'user-activity');
});
