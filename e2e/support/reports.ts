import { expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import { openNav } from './session';

/** Opens a report from the catalogue (through the menu, as a user would). */
export async function openReport(page: Page, id: string, title: string) {
  // the phone's drawer may still be open from the last report: opening it again would toggle it shut
  const link = page.getByRole('navigation').getByRole('link', { name: 'Reportes', exact: true });
  if (!(await link.isVisible())) await openNav(page);
  await link.click();
  await expect(page.getByTestId('report-catalogue')).toBeVisible();
  await page.getByTestId(`report-${id}`).click();
  await expect(page.getByTestId('report-title')).toHaveText(title);
}

/** Clicks an export button and checks the download: its name and its first bytes (XLSX is a zip, PDF says %PDF). */
export async function exportAs(page: Page, format: 'xlsx' | 'pdf' | 'csv', id: string) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${format}`).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^reporte-${id}-\\d{14}\\.${format}$`));
  const file = await download.path();
  const head = fs.readFileSync(file!).subarray(0, 4).toString('latin1');
  expect(head).toBe(format === 'pdf' ? '%PDF' : format === 'xlsx' ? 'PK\u0003\u0004' : head);
  await expect(page.getByTestId('report-exported')).toBeVisible();
  return fs.statSync(file!).size;
}

export const gridRows = (page: Page) => page.getByTestId('report-grid').locator('.ag-row');

/** Chooses a mat-select option by its visible text. */
export async function choose(page: Page, testId: string, option: string | RegExp) {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option }).click();
}
