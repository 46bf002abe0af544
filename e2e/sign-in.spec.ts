import { expect, test } from '@playwright/test';
import { DEMO_USERS, fillSignIn, openNav, signIn, type DemoUser } from './support/session';

/** What each demo user must (and must not) find in the menu, from API.md's permissions. */
const MENU: Record<DemoUser, { sees: string[]; not: string[] }> = {
  operador: { sees: ['Consola del operador', 'Carga de lotes', 'Reportes'], not: [] },
  carga: { sees: ['Carga de lotes', 'Consulta de tarjetas', 'Reportes'], not: ['Autorización de lotes', 'Transferencia maestra', 'Usuarios'] },
  firma1: { sees: ['Autorización de lotes', 'Órdenes de servicio', 'Transferencia maestra'], not: ['Carga de lotes', 'Usuarios'] },
  firma2: { sees: ['Autorización de lotes', 'Orden de servicio', 'Transferencia maestra'], not: ['Carga de lotes', 'Usuarios'] },
  admin: { sees: ['Carga de lotes', 'Usuarios', 'Sucursales', 'Información general'], not: ['Consola del operador'] },
};

for (const user of Object.keys(DEMO_USERS) as DemoUser[]) {
  test(`${user} signs in, sees the menu of their permissions and signs out`, async ({ page }) => {
    await signIn(page, user);
    await openNav(page);
    const nav = page.getByRole('navigation');
    for (const item of MENU[user].sees) await expect(nav.getByRole('link', { name: item, exact: true })).toBeVisible();
    for (const item of MENU[user].not) await expect(nav.getByRole('link', { name: item, exact: true })).toHaveCount(0);

    await page.keyboard.press('Escape');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await expect(page).toHaveURL(/\/ingresar/);
    await expect(page.getByTestId('login-notice')).toContainText('Sesión cerrada');
  });
}

test('a wrong password gets the generic error and no session', async ({ page }) => {
  await fillSignIn(page, 'carga', 'Incorrecta#2026');
  await expect(page.getByTestId('login-error')).toHaveText('Usuario o contraseña inválidos');
  await fillSignIn(page, 'nadie-existe', 'Incorrecta#2026');
  await expect(page.getByTestId('login-error')).toHaveText('Usuario o contraseña inválidos');
  await page.goto('/perfil');
  await expect(page).toHaveURL(/\/ingresar/);
});

test('the company and product selection switches in one tap and survives a reload', async ({ page }) => {
  await signIn(page, 'admin');
  const trigger = page.getByTestId('context-trigger');
  await expect(trigger).toContainText('Alimentos Demo C.A.');
  await expect(trigger).toContainText('ALIM');
  await trigger.click();
  await page.getByRole('menuitem', { name: /REGA|Regalo/ }).click();
  await expect(trigger).toContainText('REGA');
  await page.reload();
  await expect(page.getByTestId('context-trigger')).toContainText('REGA');
});
