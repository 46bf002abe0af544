// Screenshots of the user guide (docs/guia-de-usuario.md), taken from the running product with
// Playwright on Debian's Chromium. Start a server on a fresh demo store first, then:
//   PORT=8331 DATA_DIR=/tmp/guide-data node dist/server/server/main.js &
//   GUIDE_URL=http://localhost:8331 node docs/tools/capture-guide.mjs
// It prepares some data through the API as the demo users would (a REC lot uploaded, confirmed,
// signed and authorized) so the screens show something, and writes docs/img/*.png.
import { chromium } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { exampleFileFor } = require(path.join(root, 'dist/server/src/domain/lots/layouts.js'));
const { readOutbox } = require(path.join(root, 'dist/server/server/mail/mailer.js'));
/** the server's DATA_DIR: its outbox holds the one-time codes (demo: no SMTP) */
const dataDir = process.env.GUIDE_DATA_DIR ?? '/tmp/guide-data';
const base = process.env.GUIDE_URL ?? 'http://localhost:8331';
const out = (name) => path.join(root, 'docs', 'img', `${name}.png`);
const PASSWORDS = { operador: 'Operador#2026', carga: 'Carga#2026', firma1: 'Firma1#2026', firma2: 'Firma2#2026', admin: 'Admin#2026' };
const CID = 'cdemo000001';

async function api(pathname, { token, json, form, method } = {}) {
  const res = await fetch(`${base}/api/v1${pathname}`, {
    method: method ?? (json || form ? 'POST' : 'GET'),
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(json ? { 'content-type': 'application/json' } : {}) },
    body: json ? JSON.stringify(json) : form,
  });
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  if (!res.ok) throw new Error(`${pathname}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}
const tokenOf = async (userId) => (await api('/auth/login', { json: { userId, password: PASSWORDS[userId] } })).accessToken;

/** A REC lot through the tray and both signatures, as carga, firma1 and firma2 would. */
async function prepareLots() {
  const carga = await tokenOf('carga');
  const upload = async (type) => {
    const form = new FormData();
    form.append('type', type);
    form.append('productCode', 'ALIM');
    form.append('file', new Blob([exampleFileFor(type, 'J000000001', 'ALIM')], { type: 'text/plain' }), `${type.toLowerCase()}.txt`);
    return api(`/companies/${CID}/lots`, { token: carga, form });
  };
  const rec = await upload('REC');
  await upload('EMI'); // stays VALID in the tray
  await api(`/companies/${CID}/lots/${rec.id}/confirmation`, { token: carga, json: { password: PASSWORDS.carga, concept: 'BONO ALIMENTACION NOVIEMBRE' } });
  await api(`/companies/${CID}/lots/${rec.id}/signatures`, { token: await tokenOf('firma1'), json: { password: PASSWORDS.firma1 } });
  const rec2 = await upload('REC');
  await api(`/companies/${CID}/lots/${rec2.id}/confirmation`, { token: carga, json: { password: PASSWORDS.carga, concept: 'BONO DICIEMBRE' } });
  const firma2 = await tokenOf('firma2');
  await api(`/companies/${CID}/lots/${rec.id}/authorization`, { token: firma2, json: { password: PASSWORDS.firma2 } });
  // a second authorized lot becomes a service order waiting for payment (the operator's payments tab)
  const rec3 = await upload('REC');
  await api(`/companies/${CID}/lots/${rec3.id}/confirmation`, { token: carga, json: { password: PASSWORDS.carga, concept: 'BONO ENERO' } });
  await api(`/companies/${CID}/lots/${rec3.id}/signatures`, { token: await tokenOf('firma1'), json: { password: PASSWORDS.firma1 } });
  await api(`/companies/${CID}/lots/${rec3.id}/authorization`, { token: firma2, json: { password: PASSWORDS.firma2 } });
  const calc = await api(`/companies/${CID}/orders/calculations`, { token: firma2, json: { lotIds: [rec3.id], grouping: 'per-lot' } });
  const seen = readOutbox(path.join(dataDir, 'outbox')).length;
  await api(`/companies/${CID}/one-time-codes`, { token: firma2, json: { purpose: 'order.generate' } });
  let otp = null;
  for (let i = 0; i < 100 && !otp; i++) {
    const mail = readOutbox(path.join(dataDir, 'outbox')).slice(seen).find((m) => m.to.startsWith('firma2'));
    otp = mail ? /: ([0-9]{6})\n/.exec(mail.text)?.[1] : null;
    if (!otp) await new Promise((r) => setTimeout(r, 100));
  }
  await api(`/companies/${CID}/orders`, { token: firma2, json: { calculationId: calc.id, password: PASSWORDS.firma2, otp } });
}

const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true };
const desktop = { viewport: { width: 1280, height: 800 } };

async function session(browser, userId, device, password = PASSWORDS[userId]) {
  const context = await browser.newContext({ ...device, baseURL: base, locale: 'es-VE', timezoneId: 'America/Caracas', serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto('/ingresar');
  await page.getByLabel('Usuario', { exact: true }).fill(userId);
  await page.getByLabel('Contraseña', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/ingresar'));
  return { context, page };
}

async function shot(page, name, { url, wait, fullPage = false } = {}) {
  if (url) await page.goto(url);
  if (wait) {
    await page
      .locator(wait)
      .first()
      .waitFor({ state: 'visible', timeout: 15_000 })
      .catch(() => console.warn(`   ${name}: "${wait}" did not show; taken as it is`));
  }
  // not "networkidle": the app keeps a long-poll open for live changes
  await page.waitForTimeout(1200); // animations and grids settle
  await page.screenshot({ path: out(name), fullPage });
  console.log('  ', name);
}

await prepareLots();
const browser = await chromium.launch({ executablePath: process.env.CHROME_BIN ?? '/usr/bin/chromium' });
try {
  // Chapter 1: sign-in
  {
    const context = await browser.newContext({ ...phone, baseURL: base, locale: 'es-VE', serviceWorkers: 'block' });
    const page = await context.newPage();
    await shot(page, '01-ingreso', { url: '/ingresar', wait: 'input' });
    await shot(page, '02-recuperar', { url: '/recuperar', wait: 'input' });
    await context.close();
  }
  // Chapter 2: configuration (admin)
  {
    const { context, page } = await session(browser, 'admin', phone);
    await page.getByTestId('user-menu').waitFor();
    await page.getByRole('button', { name: 'Menú', exact: true }).click();
    await shot(page, '03-menu', { wait: 'mat-nav-list a' });
    await page.keyboard.press('Escape');
    await shot(page, '04-informacion-general', { url: '/configuracion/informacion-general', wait: '[data-testid=legal-name]', fullPage: true });
    await shot(page, '05-sucursales', { url: '/configuracion/sucursales', wait: '.ag-row' });
    await shot(page, '20-perfil', { url: '/perfil', wait: 'mat-card', fullPage: true });
    await context.close();
  }
  let temporary;
  {
    const { context, page } = await session(browser, 'admin', desktop);
    await shot(page, '06-usuarios', { url: '/configuracion/usuarios', wait: '.ag-row' });
    await page.getByTestId('user-new').click();
    await page.getByTestId('user-id').fill('lcampos');
    await page.getByTestId('user-name').fill('Lucía Campos');
    await page.getByTestId('user-email').fill('lcampos@alimentos-demo.example');
    for (const p of ['cards.view', 'cards.manage']) await page.getByTestId(`perm-${p}`).locator('input').check();
    await shot(page, '07-nuevo-usuario');
    await page.getByTestId('user-save').click();
    await shot(page, '08-clave-un-solo-uso', { wait: '[data-testid=one-time-password]' });
    temporary = (await page.getByTestId('one-time-password').textContent()).trim();
    await page.getByTestId('one-time-done').click();
    await page.getByTestId('users-grid').locator('.ag-row', { hasText: 'firma1' }).click();
    await shot(page, '09-editar-usuario', { wait: '[data-testid=user-reset]' });
    await page.keyboard.press('Escape');
    await shot(page, '10-descargas', { url: '/configuracion/descargas', wait: '.ag-row' });
    await shot(page, '29-claves-api', { url: '/configuracion/claves-de-api', wait: 'h1' });
    await context.close();
  }
  {
    const { context, page } = await session(browser, 'lcampos', phone, temporary);
    await shot(page, '11-cambio-obligatorio', { wait: 'input' });
    await context.close();
  }
  // Chapter 3: operations
  {
    const { context, page } = await session(browser, 'carga', phone);
    await page.getByTestId('user-menu').waitFor();
    await shot(page, '12-carga-de-lotes', { url: '/operaciones/carga-de-lotes', wait: 'h1' });
    await shot(page, '13-bandeja', { url: '/operaciones/bandeja', wait: '.ag-row' });
    await context.close();
  }
  {
    const { context, page } = await session(browser, 'firma1', phone);
    await page.getByTestId('user-menu').waitFor();
    await shot(page, '14-autorizacion', { url: '/operaciones/autorizacion', wait: '.ag-row' });
    await context.close();
  }
  {
    const { context, page } = await session(browser, 'firma2', desktop);
    await page.getByTestId('user-menu').waitFor();
    await shot(page, '15-orden-de-servicio', { url: '/operaciones/orden-de-servicio', wait: '.ag-row' });
    // Chapter 4: queries
    await shot(page, '16-ordenes', { url: '/consultas/ordenes-de-servicio', wait: 'ag-grid-angular' });
    await shot(page, '17-lotes', { url: '/consultas/lotes', wait: '.ag-row' });
    // Chapter 5: services
    await shot(page, '18-tarjetas', { url: '/servicios/tarjetas', wait: '.ag-row' });
    await page.locator('.ag-row').first().click();
    await shot(page, '30-detalle-tarjeta', { wait: 'h1' });
    await shot(page, '28-cuenta-maestra', { url: '/operaciones/cuenta-maestra', wait: '.ag-row' });
    await context.close();
  }
  for (const [name, url] of [['19-transferencia', '/servicios/transferencia-maestra'], ['21-reportes', '/reportes']]) {
    const { context, page } = await session(browser, 'firma2', desktop);
    await page.getByTestId('user-menu').waitFor();
    await shot(page, name, { url, wait: 'h1' }).catch((err) => console.warn(`   ${name} failed: ${err.message}`));
    await context.close().catch(() => {});
  }
  {
    const { context, page } = await session(browser, 'firma2', phone);
    await page.getByTestId('user-menu').waitFor();
    await shot(page, '22-tarjetas-movil', { url: '/servicios/tarjetas', wait: 'h1' });
    await shot(page, '23-pendientes', { url: '/servicios/pendientes', wait: 'h1' });
    await context.close();
  }
  // Operator
  {
    const { context, page } = await session(browser, 'operador', desktop);
    await page.getByTestId('user-menu').waitFor();
    await shot(page, '24-operador-empresas', { url: '/operador', wait: '.ag-row' });
    await page.getByRole('tab', { name: 'Productos' }).click();
    await shot(page, '25-operador-productos', { wait: '[data-testid=product-ALIM]' });
    await page.getByTestId('product-ALIM').click();
    await shot(page, '26-operador-producto', { wait: '[data-testid=product-save]' });
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: 'Pagos y facturas' }).click();
    await page.locator('[data-testid=payments-grid] .ag-row').first().click();
    await shot(page, '27-operador-pagos', { wait: '[data-testid=record-payment]' });
    await page.getByTestId('record-payment').click();
    await page.getByTestId('payment-reference').fill('TRF-000123');
    await shot(page, '31-operador-registrar-pago', { wait: '[data-testid=operator-submit]' });
    await context.close();
  }
} finally {
  await browser.close();
}
