import { expect, test } from '@playwright/test';
import { signIn } from './support/session';

// At 1280×800 the navigation is a permanent side menu and the toolbar shows the full name.
test('on a desktop the menu stays open beside the page', async ({ page }) => {
  await signIn(page, 'admin');
  await expect(page.getByRole('button', { name: 'Menú', exact: true })).toHaveCount(0);
  const nav = page.getByRole('navigation');
  await expect(nav.getByRole('link', { name: 'Carga de lotes', exact: true })).toBeVisible();
  await nav.getByRole('link', { name: 'Perfil', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Perfil' })).toBeVisible();
  await expect(page.getByText('Ana Administradora').first()).toBeVisible();
  await expect(page.locator('.toolbar')).toContainText('Conexión Empresas');
});
