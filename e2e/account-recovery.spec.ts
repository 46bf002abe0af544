import { expect, test } from '@playwright/test';
import { readOutbox, waitForMail } from './support/outbox';
import { fillSignIn } from './support/session';

// carga is locked here and ends with a new password: no other spec signs in as carga after this file.
test('five wrong passwords lock the account; recovery through the e-mailed link unlocks it with a new password', async ({ page, request }) => {
  // "in a row": a successful sign-in ends any earlier run of failures
  expect((await request.post('/api/v1/auth/login', { data: { userId: 'carga', password: 'Carga#2026' } })).status()).toBe(200);
  for (let i = 0; i < 4; i++) {
    await fillSignIn(page, 'carga', `Equivocada#${i}`);
    await expect(page.getByTestId('login-error')).toHaveText('Usuario o contraseña inválidos');
  }
  await fillSignIn(page, 'carga', 'Equivocada#5');
  await expect(page.getByTestId('login-error')).toContainText('Su cuenta está bloqueada');
  // locked means locked: the right password does not open it either
  await fillSignIn(page, 'carga', 'Carga#2026');
  await expect(page.getByTestId('login-error')).toContainText('Su cuenta está bloqueada');

  const mailsBefore = readOutbox().length;
  await page.getByRole('link', { name: '¿Olvidó su usuario o contraseña?' }).click();
  await expect(page).toHaveURL(/\/recuperar/);
  await page.getByLabel('Usuario o correo').fill('carga');
  await page.getByLabel('RIF de la empresa').fill('J000000001');
  await page.getByLabel('Correo', { exact: true }).fill('carga@alimentos-demo.example');
  await page.getByRole('button', { name: 'Enviar instrucciones' }).click();
  await expect(page.getByText('recibirá en su correo un enlace válido por 15 minutos')).toBeVisible();

  const mail = await waitForMail(mailsBefore, (m) => m.to === 'carga@alimentos-demo.example');
  expect(mail.text).toContain('carga'); // the user id is recovered too
  const link = mail.text.match(/https?:\/\/\S+\/restablecer\?token=[^\s"<]+/)?.[0];
  expect(link).toBeTruthy();

  await page.goto(new URL(link!).pathname + new URL(link!).search);
  await page.getByLabel('Contraseña nueva', { exact: true }).fill('Nueva-Clave-2026!');
  await page.getByLabel('Repita la contraseña nueva').fill('Nueva-Clave-2026!');
  await page.getByRole('button', { name: 'Guardar contraseña' }).click();
  await expect(page).toHaveURL(/\/ingresar/);
  await expect(page.getByTestId('login-notice')).toContainText('Contraseña restablecida');

  await fillSignIn(page, 'carga', 'Nueva-Clave-2026!');
  await expect(page.getByTestId('user-menu')).toBeVisible();

  // the link was single-use
  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out').click();
  await page.goto(new URL(link!).pathname + new URL(link!).search);
  await page.getByLabel('Contraseña nueva', { exact: true }).fill('Otra-Clave-2026!');
  await page.getByLabel('Repita la contraseña nueva').fill('Otra-Clave-2026!');
  await page.getByRole('button', { name: 'Guardar contraseña' }).click();
  await expect(page.getByTestId('reset-invalid')).toBeVisible();
});

test('a password set by an administrator must be changed at the first sign-in', async ({ page, request }) => {
  const admin = await (await request.post('/api/v1/auth/login', { data: { userId: 'admin', password: 'Admin#2026' } })).json();
  const reset = await request.post('/api/v1/users/firma2/password-reset', { headers: { authorization: `Bearer ${admin.accessToken}` } });
  expect(reset.status()).toBe(200);
  const { temporaryPassword } = await reset.json();

  await fillSignIn(page, 'firma2', temporaryPassword);
  await expect(page).toHaveURL(/\/cambiar-clave/);
  await expect(page.getByText('Debe cambiar su contraseña antes de continuar.')).toBeVisible();
  // nothing else opens until it is changed
  await page.goto('/perfil');
  await expect(page).toHaveURL(/\/cambiar-clave/);

  await page.getByLabel('Contraseña actual').fill(temporaryPassword);
  await page.getByLabel('Contraseña nueva', { exact: true }).fill('Nuevo-Acceso-2026');
  await page.getByLabel('Repita la contraseña nueva').fill('Nuevo-Acceso-2026');
  await page.getByRole('button', { name: 'Cambiar contraseña' }).click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await page.goto('/perfil');
  await expect(page).toHaveURL(/\/perfil/);
});
