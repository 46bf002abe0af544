import { expect, type Page } from '@playwright/test';

export const DEMO_USERS = {
  operador: 'Operador#2026',
  carga: 'Carga#2026',
  firma1: 'Firma1#2026',
  firma2: 'Firma2#2026',
  admin: 'Admin#2026',
} as const;
export type DemoUser = keyof typeof DEMO_USERS;

export async function fillSignIn(page: Page, userId: string, password: string) {
  await page.goto('/ingresar');
  await page.getByLabel('Usuario', { exact: true }).fill(userId);
  await page.getByLabel('Contraseña', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
}

export async function signIn(page: Page, user: DemoUser) {
  await fillSignIn(page, user, DEMO_USERS[user]);
  await expect(page.getByTestId('user-menu')).toBeVisible();
}

/** Opens the navigation drawer on a phone (on a desktop it is always open). */
export async function openNav(page: Page) {
  const toggle = page.getByRole('button', { name: 'Menú', exact: true });
  if (await toggle.isVisible()) await toggle.click();
}
