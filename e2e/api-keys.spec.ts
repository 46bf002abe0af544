import { expect, test } from '@playwright/test';
import { signIn } from './support/session';

/**
 * Configuración → Claves de API: an administrator creates a key (shown once), the key works against
 * the API, the administrator revokes it and the API refuses it. At 390×844 (project) and 1280×800.
 */
const CID = 'cdemo000001';

for (const viewport of [
  { name: 'phone', size: { width: 390, height: 844 } },
  { name: 'desktop', size: { width: 1280, height: 800 } },
]) {
  test(`API keys: create, use, revoke (${viewport.name})`, async ({ page }) => {
    await page.setViewportSize(viewport.size);
    await signIn(page, 'admin');
    await page.goto('/configuracion/claves-de-api');
    await expect(page.getByRole('heading', { name: 'Claves de API' })).toBeVisible();

    await page.getByTestId('api-key-create').click();
    const dialog = page.locator('mat-dialog-container');
    await dialog.getByTestId('api-key-name').fill(`ERP nómina ${viewport.name}`);
    await dialog.getByRole('checkbox', { name: 'Cargar lotes' }).check();
    await dialog.getByRole('checkbox', { name: 'Consultar tarjetas' }).check();
    await dialog.getByTestId('api-key-password').fill('Admin#2026');
    await page.screenshot({ path: `test-results/api-keys-create-${viewport.name}.png` });
    await dialog.getByTestId('api-key-submit').click();
    const secret = dialog.getByTestId('api-key-secret');
    await expect(secret).toHaveValue(/^cek_[a-z0-9]{16}_[A-Za-z0-9_-]{43}$/);
    const key = await secret.inputValue();
    await page.screenshot({ path: `test-results/api-keys-shown-once-${viewport.name}.png` });
    await dialog.getByTestId('api-key-done').click();
    await expect(dialog).toBeHidden();

    const row = page.locator('.ag-row', { hasText: `ERP nómina ${viewport.name}` }).first();
    await expect(row).toContainText('Activa');
    const byKey = await page.request.get(`/api/v1/companies/${CID}/cards?limit=1`, { headers: { 'X-Api-Key': key } });
    expect(byKey.status()).toBe(200);
    await page.getByTestId('api-key-reload').click();
    await expect(row).not.toContainText('Nunca');
    await page.screenshot({ path: `test-results/api-keys-list-${viewport.name}.png` });

    await row.click();
    await page.getByTestId('api-key-revoke').click();
    await page.getByTestId('api-key-revoke-confirm').click();
    await expect(row).toContainText('Revocada');
    const refused = await page.request.get(`/api/v1/companies/${CID}/cards?limit=1`, { headers: { 'X-Api-Key': key } });
    expect(refused.status()).toBe(401);
    await page.screenshot({ path: `test-results/api-keys-revoked-${viewport.name}.png` });
  });
}
