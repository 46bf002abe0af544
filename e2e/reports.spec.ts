import { expect, test } from '@playwright/test';
import { choose, exportAs, gridRows, openReport } from './support/reports';
import { signIn } from './support/session';
import { waitForOfflineReady } from './support/service-worker';
import fs from 'node:fs';

// A phone (390×844): three reports opened from the catalogue, filtered, their chart seen, exported.
test.use({ acceptDownloads: true });

test('reports on a phone: cards issued by branch, master account statement, user activity', async ({ page }) => {
  await signIn(page, 'admin');

  await openReport(page, 'cards-issued', 'Tarjetas emitidas');
  // other specs on the same server issue replacement plastics: at least the 200 demo cards
  await expect(page.getByTestId('report-count')).toHaveText(/^2\d\d filas$/);
  const allCards = await page.getByTestId('report-count').textContent();
  await expect(page.getByTestId('report-chart').locator('canvas')).toBeVisible();
  await page.getByTestId('filter-branch').fill('002');
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('report-count')).not.toHaveText(allCards!);
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

// Offline: reports made of what the device holds (cards, lots, orders) are computed from RxDB;
// the ledger's and the audit log's say they need the network.
test('reports offline on a phone: cards by status from the device, CSV, XLSX and PDF exports; recharges need the network', async ({ page, context }) => {
  await signIn(page, 'carga');
  await page.goto('/servicios/tarjetas');
  await expect(page.getByTestId('roster-summary')).toHaveText(/\b(2\d\d) de \1 tarjetas/, { timeout: 60_000 });
  await expect(page.getByTestId('last-sync')).not.toContainText('nunca', { timeout: 30_000 });
  await waitForOfflineReady(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('user-menu')).toBeVisible();

  await page.goto('/reportes/cards-by-status');
  await expect(page.getByTestId('report-offline')).toBeVisible();
  await expect(gridRows(page).first()).toContainText('Activa');
  await expect(page.getByTestId('report-chart').locator('canvas')).toBeVisible();
  await page.screenshot({ path: 'test-results/reports-phone-offline.png' });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(download.suggestedFilename()).toBe('reporte-cards-by-status-dispositivo.csv');
  const text = fs.readFileSync((await download.path())!, 'utf8');
  expect(text).toContain('Empresa;Alimentos Demo C.A.');
  expect(text).toContain('datos del dispositivo, sin conexión');
  expect(text).toMatch(/Cuenta;Activa;1\d\d|Cuenta;Activa;2\d\d/); // other specs block a few demo cards
  // XLSX and PDF are made on the device too (exceljs and pdfmake come from the service worker's cache)
  for (const format of ['xlsx', 'pdf'] as const) {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${format}`).click()]);
    expect(file.suggestedFilename()).toBe(`reporte-cards-by-status-dispositivo.${format}`);
    const bytes = fs.readFileSync((await file.path())!);
    expect(bytes.subarray(0, format === 'pdf' ? 5 : 2).toString('latin1')).toBe(format === 'pdf' ? '%PDF-' : 'PK');
  }

  await page.goto('/reportes/recharges');
  await expect(page.getByTestId('report-needs-connection')).toBeVisible();
  await context.setOffline(false);
});
