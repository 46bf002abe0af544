import { expect, test, type Page } from '@playwright/test';
import { fillSignIn, signIn } from './support/session';

// Creates its own user (never a demo user's password): runs in the accounts project all the same,
// since it signs in and changes a password.

async function createUser(page: Page, userId: string, permissions: string[]): Promise<string> {
  await page.goto('/configuracion/usuarios');
  await expect(page.getByTestId('users-grid').getByText('firma1', { exact: true })).toBeVisible();
  await page.getByTestId('user-new').click();
  await page.getByTestId('user-id').fill(userId);
  await page.getByTestId('user-name').fill('Lucía Campos');
  await page.getByTestId('user-email').fill(`${userId}@alimentos-demo.example`);
  for (const p of permissions) await page.getByTestId(`perm-${p}`).locator('input').check();
  await page.getByTestId('user-save').click();
  const secret = page.getByTestId('one-time-password');
  await expect(secret).toBeVisible();
  await expect(page.getByText('Se muestra solo esta vez')).toBeVisible();
  const temporaryPassword = (await secret.textContent())!.trim();
  expect(temporaryPassword).toMatch(/^\S{14}$/);
  await page.getByTestId('one-time-done').click();
  await expect(secret).toBeHidden();
  return temporaryPassword;
}

test('admin creates a user, who signs in with the one-time password and must change it', async ({ page }) => {
  const userId = `campo${Date.now() % 100000}`;
  await signIn(page, 'admin');
  const temporaryPassword = await createUser(page, userId, ['cards.view', 'cards.manage']);

  // the new user is in the list, with the forced change pending
  const row = page.getByTestId('users-grid').locator('.ag-row', { hasText: userId });
  await expect(row).toContainText('Debe cambiar la contraseña');
  await expect(row).toContainText('2 / 14');

  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/ingresar/);

  await fillSignIn(page, userId, temporaryPassword);
  await expect(page).toHaveURL(/\/cambiar-clave/);
  // nothing else opens until the password is changed
  await page.goto('/servicios/tarjetas');
  await expect(page).toHaveURL(/\/cambiar-clave/);
  await page.getByLabel('Contraseña actual').fill(temporaryPassword);
  await page.getByLabel('Contraseña nueva', { exact: true }).fill('Campo-Propia-2026');
  await page.getByLabel('Repita la contraseña nueva').fill('Campo-Propia-2026');
  await page.getByRole('button', { name: 'Cambiar contraseña' }).click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await expect(page).not.toHaveURL(/\/cambiar-clave/);

  // the one-time password is spent; the new one works and is not asked to change again
  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out').click();
  await fillSignIn(page, userId, temporaryPassword);
  await expect(page.getByTestId('login-error')).toHaveText('Usuario o contraseña inválidos');
  await fillSignIn(page, userId, 'Campo-Propia-2026');
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await expect(page).not.toHaveURL(/\/cambiar-clave/);
});

test('a manager cannot change their own permissions, and can block and unblock another user', async ({ page }) => {
  const userId = `bloq${Date.now() % 100000}`;
  await signIn(page, 'admin');
  const temporaryPassword = await createUser(page, userId, ['cards.view']);

  // own account: permissions are read-only, no block or reset offered
  await page.getByTestId('users-grid').locator('.ag-row', { hasText: 'Admin' }).first().click();
  await expect(page.getByText('No puede cambiar sus propios permisos')).toBeVisible();
  await expect(page.getByTestId('perm-lots.upload').locator('input')).toBeDisabled();
  await expect(page.getByTestId('user-block')).toHaveCount(0);
  await page.getByRole('button', { name: 'Cerrar' }).click();

  await page.getByTestId('users-grid').locator('.ag-row', { hasText: userId }).click();
  await page.getByTestId('user-block').click();
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('users-grid').locator('.ag-row', { hasText: userId })).toContainText('Bloqueado');

  const login = await page.request.post('/api/v1/auth/login', { data: { userId, password: temporaryPassword } });
  expect(login.status()).toBe(401);

  await page.getByTestId('users-grid').locator('.ag-row', { hasText: userId }).click();
  await page.getByTestId('user-unblock').click();
  await expect(page.getByTestId('users-grid').locator('.ag-row', { hasText: userId })).toContainText('Activo');
  expect((await page.request.post('/api/v1/auth/login', { data: { userId, password: temporaryPassword } })).status()).toBe(200);
});

test('the user guide, with the product’s screenshots, downloads from Configuración → Descargas', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/configuracion/descargas');
  const download = page.waitForEvent('download');
  await page.getByTestId('guide-download').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('guia-de-usuario.html');
  const html = await (await page.request.get('/guia/guia-de-usuario.html')).text();
  expect(html).toContain('<h1 id="conexion-empresas-guia-de-usuario">Conexión Empresas — Guía de usuario</h1>');
  for (const chapter of ['Capítulo 1 — Ingreso a la plataforma', 'Capítulo 2 — Configuración de la empresa', 'Capítulo 3 — Operaciones', 'Capítulo 4 — Consultas', 'Capítulo 5 — Servicios', 'Capítulo 7 — Reportes']) {
    expect(html).toContain(chapter);
  }
  expect((html.match(/<img [^>]*src="data:image\/png;base64,/g) ?? []).length).toBeGreaterThanOrEqual(25);
});
