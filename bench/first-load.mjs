// What a phone downloads, measured in a real browser against the built server (`npm run build` first):
// the sign-in page on a first visit, then signing in to the home page, then what the service worker
// fetches in the background so that every page works offline. Bytes are as they crossed the wire
// (compressed), next to their unpacked size; the same-run baseline is the initial bundle as
// bench/bundle-size.mjs counts it (index.html's own scripts, gzip -9 on disk).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { machine, root, startServer, tempDir } from './lib.mjs';

const { chromium } = await import(path.join(root, 'node_modules/playwright-core/index.mjs'));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const port = Number(process.env.PORT ?? 18320);
const browserDir = path.join(root, 'dist/browser');

const html = fs.readFileSync(path.join(browserDir, 'index.html'), 'utf8');
const indexScripts = [...html.matchAll(/(?:src|href)="([^"]+\.js)"/g)].map((m) => m[1]);
const baselineGzip = indexScripts.reduce((n, f) => n + zlib.gzipSync(fs.readFileSync(path.join(browserDir, f)), { level: 9 }).length, 0);

const dataDir = tempDir('ce-bench-first-load-');
const server = await startServer({ port, dataDir });
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
try {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'es-VE' });
  const page = await context.newPage();
  // what the page itself asks for (the service worker's own fetches are counted below from its cache)
  const seen = [];
  page.on('requestfinished', async (request) => {
    const url = new URL(request.url());
    if (url.origin !== `http://127.0.0.1:${port}` || !/\.(js|css)$/.test(url.pathname)) return;
    const sizes = await request.sizes();
    const response = await request.response();
    // a bundle the service worker (or the memory cache) answered did not cross the network
    const local = response?.fromServiceWorker() || sizes.responseBodySize < 0;
    seen.push({ file: url.pathname.slice(1), wire: local ? 0 : sizes.responseBodySize, local, encoding: response?.headers()['content-encoding'] ?? 'none' });
  });
  const phase = () => {
    const files = seen.splice(0);
    const wire = files.reduce((n, f) => n + f.wire, 0);
    const raw = files.reduce((n, f) => n + fs.statSync(path.join(browserDir, f.file)).size, 0);
    return { files, wire, raw, local: files.filter((f) => f.local).length };
  };

  const t0 = performance.now();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.getByLabel('Usuario', { exact: true }).waitFor();
  const signInMs = performance.now() - t0;
  await page.waitForLoadState('networkidle');
  const signInPage = phase();

  await page.getByLabel('Usuario', { exact: true }).fill('admin');
  await page.getByLabel('Contraseña', { exact: true }).fill('Admin#2026');
  const t1 = performance.now();
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.getByTestId('user-menu').waitFor();
  const homeMs = performance.now() - t1;
  await page.waitForLoadState('networkidle');
  const home = phase();

  // the service worker caches every bundle for offline use; wait until its app group is complete
  const cached = await page.evaluate(async () => {
    for (let i = 0; i < 600; i++) {
      const names = await caches.keys();
      const app = names.find((n) => n.includes(':assets:app:cache'));
      if (app) {
        const keys = await (await caches.open(app)).keys();
        const js = keys.filter((r) => r.url.endsWith('.js'));
        if (js.length > 0 && (await navigator.serviceWorker.ready)) {
          await new Promise((r) => setTimeout(r, 500));
          const again = (await (await caches.open(app)).keys()).filter((r) => r.url.endsWith('.js'));
          if (again.length === js.length) return again.map((r) => new URL(r.url).pathname.slice(1));
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return [];
  });
  const swRaw = cached.reduce((n, f) => n + fs.statSync(path.join(browserDir, f)).size, 0);
  const swBrotli = cached.reduce((n, f) => n + zlib.brotliCompressSync(fs.readFileSync(path.join(browserDir, f)), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }).length, 0);

  const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
  const line = (name, p, ms) =>
    `${name}: ${p.files.length} JS/CSS files (${p.local} of them from the service worker or cache), ${kb(p.wire)} over the wire ` +
    `(${kb(p.raw)} unpacked; encodings ${[...new Set(p.files.filter((f) => !f.local).map((f) => f.encoding))].join(', ')}), shown in ${ms.toFixed(0)} ms`;
  console.log(`# first load — ${new Date().toISOString()} — ${machine()} — Chromium 390×844, loopback`);
  console.log(`baseline: index.html's scripts, gzip -9 on disk: ${kb(baselineGzip)}`);
  console.log(line('sign-in page, first visit', signInPage, signInMs) + ` → ${(signInPage.wire / baselineGzip).toFixed(2)}× baseline`);
  console.log(line('signing in → home page', home, homeMs));
  console.log(`service worker, every bundle for offline use: ${cached.length} JS files, ${kb(swRaw)} unpacked, about ${kb(swBrotli)} as the server's brotli (quality 4) sends it`);
} finally {
  await browser.close();
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
