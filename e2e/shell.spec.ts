import { expect, test, type Page } from '@playwright/test';
import { openNav, signIn } from './support/session';

/** The user manual's main menu, in its order (PRODUCT.md, issue 2). */
const SECTIONS = ['Operaciones', 'Consultas', 'Servicios', 'Reportes', 'Configuración'];
/** A text missing from es.ts: the translator shows it as ⟦key⟧; a key printed as is looks like `nav.lots`. */
const RAW_KEY = /⟦|\b(?:app|nav|shell|status|home|login|profile|password|placeholder|error|common)\.[a-z][A-Za-z.]*\b/;

async function menuLinks(page: Page): Promise<{ label: string; href: string }[]> {
  return page
    .getByRole('navigation')
    .locator('a[data-feature]')
    .evaluateAll((links) =>
      links.map((a) => ({ label: a.querySelector('[matListItemTitle]')!.textContent!.trim(), href: a.getAttribute('href')! })),
    );
}

test('the menu has the manual’s sections and every entry opens its own page, in Spanish, without overflowing the phone', async ({ page }) => {
  await signIn(page, 'admin');
  await openNav(page);
  const nav = page.getByRole('navigation');
  await expect(nav.locator('h3')).toHaveText(SECTIONS);
  const links = await menuLinks(page);
  expect(links.length).toBeGreaterThanOrEqual(15);
  await page.keyboard.press('Escape');

  for (const { label, href } of links) {
    await page.goto(href);
    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading, href).toContainText(new RegExp(label, 'i'));
    await expect(page.getByTestId('user-menu')).toBeVisible(); // inside the shell, not a redirect to the sign-in
    expect(await page.locator('main').innerText(), href).not.toMatch(RAW_KEY);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${href} is wider than the phone`).toBeLessThanOrEqual(390);
  }
});

test('the online/offline indicator follows the network while the app is open', async ({ page, context }) => {
  await signIn(page, 'firma1');
  const indicator = page.getByTestId('connectivity');
  await expect(indicator).toHaveText(/En línea/);
  await context.setOffline(true);
  await expect(indicator).toHaveText(/Sin conexión/);
  await context.setOffline(false);
  await expect(indicator).toHaveText(/En línea/);
});

test('15 minutes without interaction end the session; activity postpones it', async ({ page }) => {
  await page.clock.install();
  await signIn(page, 'firma1');
  await page.clock.fastForward('14:00');
  await page.getByRole('heading', { level: 1 }).click(); // the user touches the screen
  await page.clock.fastForward('14:00'); // 28 min since sign-in, 14 since the touch
  await page.waitForTimeout(1_000); // (real time) a wrongly ended session would be on its way to /ingresar
  await expect(page).not.toHaveURL(/\/ingresar/);
  await expect(page.getByTestId('user-menu')).toBeVisible();

  await page.clock.fastForward('01:10');
  await expect(page).toHaveURL(/\/ingresar/);
  await expect(page.getByTestId('login-notice')).toHaveText('Sesión cerrada por inactividad');
  await page.goto('/perfil');
  await expect(page).toHaveURL(/\/ingresar/);
});

test('sign-out revokes the session on the server and removes the user’s data from the device: RxDB/IndexedDB databases, saved session and selection', async ({ page, request }) => {
  await signIn(page, 'firma1');
  const deviceData = () =>
    page.evaluate(async () => ({
      databases: (await indexedDB.databases()).map((db) => db.name!).filter((name) => name.startsWith('rxdb-dexie-ce-')),
      storage: Object.keys(localStorage).filter((key) => key.startsWith('ce.')).sort(),
      caches: (await caches.keys()).filter((name) => !name.startsWith('ngsw:')),
    }));
  // the offline engine has created this user's databases and synced the company's cards into them
  await expect.poll(async () => (await deviceData()).databases.length, { timeout: 20_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('last-sync')).not.toContainText('nunca', { timeout: 20_000 });
  expect((await deviceData()).storage).toContain('ce.session');

  await page.getByTestId('user-menu').click();
  // the token the device holds right now (refresh tokens rotate)
  const refreshToken: string = await page.evaluate(() => JSON.parse(localStorage.getItem('ce.session')!).refreshToken);
  expect(refreshToken).toBeTruthy();
  const logout = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/logout'));
  await page.getByTestId('sign-out').click();
  expect((await logout).ok()).toBe(true);
  await expect(page).toHaveURL(/\/ingresar/);
  await expect(page.getByTestId('login-notice')).toContainText('Los datos de este dispositivo fueron borrados');
  await expect.poll(async () => (await deviceData()).databases).toEqual([]);
  const after = await deviceData();
  expect(after.storage).toEqual(['ce.deviceId']); // only the device's id (new-device codes) is kept
  expect(after.caches).toEqual([]); // Cache Storage holds only the service worker's app files
  // the refresh token the device held no longer opens a session (one try: a 200 would spend it)
  expect((await request.post('/api/v1/auth/refresh', { data: { refreshToken } })).status()).toBe(401);
});
