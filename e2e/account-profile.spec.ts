import { expect, test } from '@playwright/test';
import { DEMO_USERS, fillSignIn, signIn } from './support/session';

// firma1 ends with a new password: this file runs in the accounts project, after every other spec.
test('a user changes their own password on the profile page; the old one stops working', async ({ page }) => {
  await signIn(page, 'firma1');
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Perfil' }).click();
  await expect(page).toHaveURL(/\/perfil/);
  await expect(page.locator('mat-card-title', { hasText: 'Cambiar contraseña' })).toBeVisible();

  // the shared policy is applied before anything is sent
  await page.getByLabel('Contraseña actual').fill(DEMO_USERS.firma1);
  await page.getByLabel('Contraseña nueva', { exact: true }).fill('firma1-nueva');
  await page.getByLabel('Repita la contraseña nueva').fill('firma1-nueva');
  await page.getByRole('button', { name: 'Cambiar contraseña' }).click();
  await expect(page.getByText('No puede ser ni contener su usuario')).toBeVisible();

  // a wrong current password is refused by the server
  await page.getByLabel('Contraseña actual').fill('Equivocada#2026');
  await page.getByLabel('Contraseña nueva', { exact: true }).fill('Perfil-Propia-2026');
  await page.getByLabel('Repita la contraseña nueva').fill('Perfil-Propia-2026');
  await page.getByRole('button', { name: 'Cambiar contraseña' }).click();
  await expect(page.getByTestId('password-error')).toHaveText('La contraseña actual no es correcta');

  await page.getByLabel('Contraseña actual').fill(DEMO_USERS.firma1);
  await page.getByRole('button', { name: 'Cambiar contraseña' }).click();
  await expect(page.getByText('Contraseña cambiada')).toBeVisible();
  await expect(page).toHaveURL(/\/perfil/); // still signed in

  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out').click();
  await fillSignIn(page, 'firma1', DEMO_USERS.firma1);
  await expect(page.getByTestId('login-error')).toHaveText('Usuario o contraseña inválidos');
  await fillSignIn(page, 'firma1', 'Perfil-Propia-2026');
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await expect(page).not.toHaveURL(/\/cambiar-clave/);
});
