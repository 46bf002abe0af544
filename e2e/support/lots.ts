import { expect, type Browser, type Page } from '@playwright/test';
import { readOutbox, waitForMail } from './outbox';
import { DEMO_USERS, type DemoUser, signIn } from './session';

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** A page of its own for one demo user (each person on their own phone). */
export async function phoneOf(browser: Browser, user: DemoUser): Promise<Page> {
  const context = await browser.newContext({ ...PHONE, locale: 'es-VE', acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, user);
  return page;
}

/** Picks the lot type and the file on the upload page; the device check runs at once. */
export async function chooseLotFile(page: Page, type: string, name: string, content: string) {
  await page.goto('/operaciones/carga-de-lotes');
  await page.getByTestId('lot-type').click();
  await page.getByRole('option', { name: new RegExp(`^${type}`) }).click();
  await page.getByTestId('lot-file').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(content, 'utf8') });
  await expect(page.getByTestId('check-result')).toBeVisible();
}

/** Fills the step-up dialog: password, extra fields, and the e-mailed one-time code when asked. */
export async function stepUp(page: Page, user: DemoUser, fields: Record<string, string> = {}, withCode = false) {
  const dialog = page.locator('mat-dialog-container');
  await expect(dialog).toBeVisible();
  for (const [field, value] of Object.entries(fields)) await dialog.getByTestId(`step-up-${field}`).fill(value);
  await dialog.getByTestId('step-up-password').fill(DEMO_USERS[user]);
  if (withCode) {
    const before = readOutbox().length;
    await dialog.getByTestId('step-up-send-code').click();
    const mail = await waitForMail(before, (m) => /\b\d{6}\b/.test(m.text));
    await dialog.getByTestId('step-up-otp').fill(/\b(\d{6})\b/.exec(mail.text)![1]);
  }
  await dialog.getByTestId('step-up-submit').click();
  await expect(dialog).toBeHidden({ timeout: 20_000 });
}

export const rowWith = (page: Page, text: string) => page.locator('.ag-row', { hasText: text }).first();
