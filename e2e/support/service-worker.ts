import type { Page } from '@playwright/test';

/**
 * Resolves once the service worker controls the page and every file of the `prefetch` asset groups
 * of /ngsw.json is in Cache Storage. Going offline earlier makes offline reload tests flaky
 * (TOOLCHAIN.md).
 */
export async function waitForOfflineReady(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, { timeout: timeoutMs });
  await page.waitForFunction(
    async () => {
      const manifest = await (await fetch('/ngsw.json', { cache: 'no-store' })).json();
      const wanted: string[] = manifest.assetGroups
        .filter((g: { installMode: string }) => g.installMode === 'prefetch')
        .flatMap((g: { urls: string[] }) => g.urls);
      const cached = new Set<string>();
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const req of await cache.keys()) cached.add(new URL(req.url).pathname);
      }
      return wanted.every((u) => cached.has(u));
    },
    null,
    { timeout: timeoutMs, polling: 250 },
  );
}
