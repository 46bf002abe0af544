import { expect, test } from '@playwright/test';
import { waitForOfflineReady } from './support/service-worker';
import { signIn } from './support/session';

test('after one visit the app starts with the network off (service worker), signed in, showing offline', async ({ page, context }) => {
  await signIn(page, 'firma1');
  await waitForOfflineReady(page);

  await context.setOffline(true);
  await page.reload();
  // the shell, not the browser's error page
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await expect(page.getByText('Sin conexión')).toBeVisible();
  await page.goto('/perfil');
  await expect(page.getByRole('heading', { name: 'Perfil' })).toBeVisible();

  await context.setOffline(false);
  await page.reload();
  await expect(page.getByText('En línea')).toBeVisible();
});

test('the app is installable: manifest with icons is served and linked', async ({ page, request }) => {
  await page.goto('/ingresar');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifest = await (await request.get('/' + href!.replace(/^\//, ''))).json();
  expect(manifest.name).toBe('Conexión Empresas');
  expect(manifest.display).toBe('standalone');
  const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
  expect(sizes).toContain('192x192');
  expect(sizes).toContain('512x512');
  for (const icon of manifest.icons) expect((await request.get('/' + icon.src.replace(/^\//, ''))).status()).toBe(200);
});
