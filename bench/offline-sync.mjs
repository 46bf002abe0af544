// The offline device end to end, on the production build in headless Chromium (390×844, service
// worker blocked so every request reaches the server): first sync of N cards into a fresh profile,
// a server change reaching an open device, 1,000 requests queued offline drained when the network
// returns, offline search per keystroke, and IndexedDB usage per 10,000 cards. Baseline of the same
// run: the same cards fetched raw from the sync endpoint in the page (`_changes?include_docs=true`,
// the app's page size, network + JSON.parse only).
//
//   node bench/offline-sync.mjs                  10,000 cards (all measures), then 50,000 (first sync)
//   SIZES=10000 node bench/offline-sync.mjs      only the given totals (comma-separated)
//
// Setup per size: an embedded store (PouchDB Server) started in this process, the built server on
// COUCHDB_URL = that store (it seeds the demo: 200 cards), then N − 200 cards written straight into
// co_cdemo000001_cards with _bulk_docs, shaped like the demo's (server/demo/seed.ts), holder ids
// random 8-digit numbers. Sign-in as firma1 (cards.view) through the UI.
//
// Queuing 1,000 requests through the UI is too slow, so the bench calls the app's own
// OfflineEngine.queueRequest in the page: the production chunk holding OfflineEngine is served with
// one statement added to its constructor (`globalThis.__ceOfflineEngine = this`) — nothing else of
// the build is touched.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { machine, percentile, root, startServer, tempDir } from './lib.mjs';

const require = createRequire(import.meta.url);
const { chromium } = await import(path.join(root, 'node_modules/playwright-core/index.mjs'));
const { startEmbeddedStore } = require(path.join(root, 'dist/server/server/store/embedded-server.js'));

const SIZES = (process.env.SIZES ?? '10000,50000').split(',').map(Number);
const CID = 'cdemo000001';
const DEMO_CARDS = 200;
const CHANGES = Number(process.env.CHANGES ?? 20);
const REQUESTS = Number(process.env.REQUESTS ?? 1000);
const PAGE_SIZE = 1000; // company-sync.ts: pull batchSize
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// SKIP=search,changes leaves out measures 4 and 2 (e.g. to look at the drain alone)
const SKIP = new Set((process.env.SKIP ?? '').split(',').filter(Boolean));
const DIAG = !!process.env.DIAG;
const PROFILE = process.env.PROFILE;
const TRACE = process.env.TRACE;

if (!fs.existsSync(path.join(root, 'dist/server/server/main.js')) || !fs.existsSync(path.join(root, 'dist/browser/index.html'))) {
  throw new Error('dist/ missing: npm run build');
}

const out = { machine: machine(), date: new Date().toISOString(), sizes: [] };
console.log(`# offline device — ${out.date} — ${out.machine}`);
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
try {
  for (const total of SIZES) out.sizes.push(await runSize(total, total === SIZES[0]));
} finally {
  await browser.close();
}
console.log('\n' + JSON.stringify(out, null, 1));
// PouchDB (the embedded store loaded in this process) keeps handles open after close
process.exit(0);

async function runSize(total, full) {
  const dir = tempDir('ce-bench-offline-');
  const store = await startEmbeddedStore(path.join(dir, 'store'));
  const storeUrl = new URL(store.url);
  const auth = 'Basic ' + Buffer.from(`${storeUrl.username}:${storeUrl.password}`).toString('base64');
  const storeBase = `${storeUrl.protocol}//${storeUrl.host}`;
  const sfetch = (p, init = {}) => fetch(storeBase + p, { ...init, headers: { authorization: auth, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  // PORT: the server's port (several benches on one machine: give each its own)
  const port = Number(process.env.PORT ?? 18_500 + Math.floor(Math.random() * 1000));
  const server = await startServer({ port, dataDir: path.join(dir, 'data'), env: { COUCHDB_URL: store.url } });
  const origin = `http://127.0.0.1:${port}`;
  const r = { total };
  try {
    // ---- seed ------------------------------------------------------------------------------------
    const db = `/co_${CID}_cards`;
    const template = await (await sfetch(`${db}/card:demo-0001`)).json();
    if (template.type !== 'card') throw new Error('demo card not found: ' + JSON.stringify(template));
    const t0 = performance.now();
    const extra = total - DEMO_CARDS;
    const ids = new Set();
    const seeded = [];
    for (let i = 0; i < extra; i++) {
      let idNumber;
      do idNumber = String(20_000_000 + Math.floor(Math.random() * 79_999_999)); while (ids.has(idNumber));
      ids.add(idNumber);
      const last4 = String(1000 + ((i * 7919 + 13) % 9000));
      const cardId = `bench-${String(i + 1).padStart(6, '0')}`;
      const { _rev, ...base } = template;
      seeded.push({
        ...base,
        _id: `card:${cardId}`,
        cardId,
        holder: { ...template.holder, idType: 'V', idNumber, firstName: `Nombre${i % 997}`, lastName: `Apellido${i % 1009}` },
        maskedPan: template.maskedPan.slice(0, 12) + last4,
        last4,
      });
    }
    for (let i = 0; i < seeded.length; i += 1000) {
      const res = await sfetch(`${db}/_bulk_docs`, { method: 'POST', body: JSON.stringify({ docs: seeded.slice(i, i + 1000) }) });
      const body = await res.json();
      const bad = body.filter?.((x) => x.error);
      if (res.status >= 300 || bad?.length) throw new Error(`seed ${res.status} ${JSON.stringify(bad?.[0] ?? body)}`);
    }
    console.log(`\n## ${total.toLocaleString('en')} cards — seeded ${extra.toLocaleString('en')} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // ---- browser ---------------------------------------------------------------------------------
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'es-VE',
      timezoneId: 'America/Caracas',
      serviceWorkers: 'block',
    });
    await context.route(/\/chunk-[A-Z0-9]+\.js$/, async (route) => {
      const response = await route.fetch();
      let body = await response.text();
      if (body.includes('queueRequest(')) {
        const patched = body.replace(/constructor\(\)\{(\w+\(\w+\)\.onDestroy\(\(\)=>\{this\.enqueue\(\(\)=>this\.close\(\)\)\}\))/, 'constructor(){globalThis.__ceOfflineEngine=this;$1');
        if (patched !== body) body = patched;
      }
      await route.fulfill({ response, body });
    });
    const page = await context.newPage();
    const consoleErrors = [];
    page.on('pageerror', (e) => console.log('  [page error]', e.message));
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    // DIAG: the company's `_events` long-poll (what starts a sync round), each call's start and end
    const feedLog = [];
    if (DIAG) {
      const at = () => Math.round(performance.now());
      page.on('request', (req) => req.url().includes('/_events') && feedLog.push(`${at()} start ${req.url().replace(/^.*_events/, '').slice(0, 30)}`));
      page.on('requestfinished', (req) => req.url().includes('/_events') && feedLog.push(`${at()} done`));
      page.on('requestfailed', (req) => req.url().includes('/_events') && feedLog.push(`${at()} failed ${req.failure()?.errorText}`));
      page.on('request', (req) => req.url().includes('/cards/_changes') && feedLog.push(`${at()} cards pull`));
      page.on('requestfailed', (req) => req.url().includes('/sync/') && !req.url().includes('/_events') && feedLog.push(`${at()} FAILED ${req.url().replace(/^.*\/sync\/[^/]+\//, '').slice(0, 40)} ${req.failure()?.errorText}`));
      page.on('response', (res) => res.url().includes('/sync/') && res.status() >= 400 && feedLog.push(`${at()} HTTP ${res.status()} ${res.url().replace(/^.*\/sync\/[^/]+\//, '').slice(0, 40)}`));
    }
    await page.goto(origin + '/ingresar');
    const usageBefore = await storageUsage(page);

    // baseline: the same data raw from the sync endpoint, in the page
    const token = await apiToken(origin);
    const baselines = [];
    for (let i = 0; i < 3; i++) baselines.push(await page.evaluate(rawPull, { url: `/api/v1/sync/${CID}/cards/_changes`, token, limit: PAGE_SIZE }));
    if (baselines[0].docs !== total) console.log(`  (baseline saw ${baselines[0].docs} docs)`);
    r.baselineMs = percentile(baselines.map((b) => b.ms), 50);
    console.log(`baseline raw _changes fetch + JSON.parse of ${baselines[0].docs} cards in ${baselines[0].pages} pages: ${baselines.map((b) => b.ms.toFixed(0)).join(' / ')} ms → p50 ${r.baselineMs.toFixed(0)} ms`);

    // 1. first sync
    await page.getByLabel('Usuario', { exact: true }).fill('firma1');
    await page.getByLabel('Contraseña', { exact: true }).fill('Firma1#2026');
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.getByTestId('user-menu').waitFor({ timeout: 60_000 });
    const signedIn = await page.evaluate(() => performance.now());
    // in-app navigation (no reload): the sync started at sign-in goes on
    await page.evaluate(() => {
      history.pushState({}, '', '/servicios/tarjetas');
      dispatchEvent(new PopStateEvent('popstate', { state: {} }));
    });
    const synced = await page.waitForFunction(
      (n) => {
        const text = document.querySelector('[data-testid=roster-summary]')?.textContent ?? '';
        const m = /([\d.,]+)\s+de\s+([\d.,]+)/.exec(text);
        return m && Number(m[1].replace(/\D/g, '')) === n && Number(m[2].replace(/\D/g, '')) === n ? performance.now() : false;
      },
      total,
      { polling: 'raf', timeout: 900_000 },
    );
    r.firstSyncMs = (await synced.jsonValue()) - signedIn;
    console.log(`1. first sync of ${total.toLocaleString('en')} cards, sign-in done → roster "${total} de ${total}": ${(r.firstSyncMs / 1000).toFixed(2)} s → ${(r.firstSyncMs / r.baselineMs).toFixed(1)}× baseline`);

    // 5. storage
    await page.waitForTimeout(2000); // let the last writes land
    const usageAfter = await storageUsage(page);
    r.idbBytes = usageAfter - usageBefore;
    r.idbPer10k = (r.idbBytes / total) * 10_000;
    console.log(`5. navigator.storage.estimate() usage: ${mb(usageBefore)} → ${mb(usageAfter)} (+${mb(r.idbBytes)}; ${mb(r.idbPer10k)} per 10,000 cards)`);

    if (full) {
      // 4. offline search per keystroke
      if (DIAG) console.log(`   feed before going offline: ${feedLog.splice(0).slice(-6).join(' | ')}`);
      await context.setOffline(true);
      await page.evaluate(() => dispatchEvent(new Event('offline')));
      // SEARCH_IDS: how many holder ids are typed (10 by default; more keystrokes for a steadier p95)
      const searchIds = Number(process.env.SEARCH_IDS ?? 10);
      const targets = seeded.filter((_, i) => i % Math.floor(extra / searchIds) === 5).slice(0, searchIds).map((c) => c.holder.idNumber);
      // PROFILE=<file>: a CPU profile of the typing (Chromium's sampling profiler through CDP)
      const cdp = PROFILE ? await context.newCDPSession(page) : null;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
        await cdp.send('Profiler.start');
      }
      if (DIAG) {
        const running = await page.evaluate(() =>
          document.getAnimations().map((a) => `${a.animationName ?? a.constructor.name} on ${a.effect?.target?.tagName?.toLowerCase()}.${[...(a.effect?.target?.classList ?? [])].join('.')}`),
        );
        console.log(`   animations running while typing: ${running.length ? running.join('; ') : 'none'}`);
      }
      // TRACE=<file>: a Chromium trace of the typing (timeline categories: script, style, layout, paint)
      if (TRACE) await browser.startTracing(page, { path: TRACE, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'] });
      const keys = SKIP.has('search') ? [{ ms: 0, changed: true }] : await page.evaluate(typeAndTime, targets);
      if (TRACE) await browser.stopTracing();
      if (cdp) {
        const { profile } = await cdp.send('Profiler.stop');
        fs.writeFileSync(PROFILE, JSON.stringify(profile));
        console.log(`   CPU profile of the typing written to ${PROFILE}`);
      }
      const changed = keys.filter((k) => k.changed).map((k) => k.ms);
      const all = keys.map((k) => k.ms);
      const grid = SKIP.has('search') ? [0] : keys.filter((k) => k.changed && k.gridMs).map((k) => k.gridMs);
      // same-run baseline: the same keystrokes on a plain <input> whose listener filters the holder ids
      // by hand (Array.filter + includes) and writes the count — no framework, no grid
      const plain = SKIP.has('search') ? [0] : (await page.evaluate(typeAndTimePlain, { targets, ids: seeded.map((c) => c.holder.idNumber) })).map((k) => k.ms);
      // per keystroke, by the length of the text typed (the first digits narrow 10,000 cards the most)
      const byLength = {};
      keys.forEach((k, i) => k.changed && (byLength[(i % 8) + 1] ??= []).push(Math.round(k.ms)));
      if (DIAG) console.log('   input → summary by length typed:', JSON.stringify(byLength));
      r.search = {
        keystrokes: keys.length, changed: changed.length, p50: percentile(changed, 50), p95: percentile(changed, 95), max: Math.max(...changed), allP95: percentile(all, 95),
        gridP50: percentile(grid, 50), gridP95: percentile(grid, 95), gridMax: Math.max(...grid),
        rowsAddedPerKeystroke: keys.reduce((sum, k) => sum + (k.rowsAdded ?? 0), 0) / keys.length,
        baselineP50: percentile(plain, 50), baselineP95: percentile(plain, 95),
      };
      console.log(
        `4. offline search, ${keys.length} keystrokes (${targets.length} ids typed digit by digit), ${changed.length} changed the summary: ` +
          `input → summary updated p50 ${r.search.p50.toFixed(1)} ms, p95 ${r.search.p95.toFixed(1)} ms, max ${r.search.max.toFixed(1)} ms ` +
          `(every keystroke, input → next frame when the count did not change: p95 ${r.search.allP95.toFixed(1)} ms)\n` +
          `   input → last change of the grid's DOM (same keystrokes): p50 ${r.search.gridP50.toFixed(1)} ms, p95 ${r.search.gridP95.toFixed(1)} ms, max ${r.search.gridMax.toFixed(1)} ms; ` +
          `grid rows added per keystroke (mean) ${r.search.rowsAddedPerKeystroke.toFixed(1)}\n` +
          `   baseline, plain input + hand filter of ${seeded.length} ids: p50 ${r.search.baselineP50.toFixed(2)} ms, p95 ${r.search.baselineP95.toFixed(2)} ms`,
      );
      await context.setOffline(false);
      await page.evaluate(() => dispatchEvent(new Event('online')));
      await page.getByTestId('connectivity').filter({ hasNotText: 'Sin conexión' }).waitFor({ timeout: 60_000 });

      if (DIAG) console.log(`   back online at ${Math.round(performance.now())}; feed: ${feedLog.splice(0).join(' | ')}`);
      // 2. a server change on an open device
      const card = seeded[Math.floor(extra / 2)];
      await page.getByTestId('roster-search').fill(card.holder.idNumber);
      await page.getByTestId('roster-summary').filter({ hasText: /^\s*1 de / }).waitFor();
      await page.waitForTimeout(1500);
      const lat = [];
      for (let i = 0; i < (SKIP.has('changes') ? 1 : CHANGES); i++) {
        const marker = `Cambio${i}x${Date.now() % 100000}`;
        const w0 = performance.now();
        const ms = await changeShown(page, sfetch, db, card, marker);
        if (ms === null) {
          console.log(`   change ${i}: not shown after 60 s`, DIAG ? JSON.stringify(await page.evaluate(engineState)) : '');
          continue;
        }
        lat.push(ms);
        if (DIAG) console.log(`   change ${i}: written after ${Math.round(w0)}, shown after ${Math.round(ms)} ms; feed since the last: ${feedLog.splice(0).join(' | ')}`);
        await page.waitForTimeout(300 + Math.random() * 700);
      }
      r.change = { n: lat.length, p50: percentile(lat, 50), p95: percentile(lat, 95), max: Math.max(...lat) };
      console.log(`2. server change → shown in the open roster, ${lat.length} changes: p50 ${r.change.p50.toFixed(0)} ms, p95 ${r.change.p95.toFixed(0)} ms, max ${r.change.max.toFixed(0)} ms`);

      // 2b. RECONNECTS=<n>: n cycles of offline (OFFLINE_MS, default 4 s) → online → a change written
      // 1.5 s after the device is back online (the case runs N and O saw take 5.7–8.3 s); see FIRST_PULL_FAILS
      const reconnects = Number(process.env.RECONNECTS ?? 0);
      if (reconnects > 0) {
        const after = [];
        for (let i = 0; i < reconnects; i++) {
          await context.setOffline(true);
          await page.evaluate(() => dispatchEvent(new Event('offline')));
          await page.getByTestId('connectivity').filter({ hasText: 'Sin conexión' }).waitFor({ timeout: 30_000 });
          await page.waitForTimeout(Number(process.env.OFFLINE_MS ?? 4000));
          // FIRST_PULL_FAILS=1: the first cards pull after the network returns fails as if the network
          // were not up yet (Chromium says online before its network is: the race run N's note saw)
          if (process.env.FIRST_PULL_FAILS) await page.route(/\/cards\/_changes\?/, (route) => route.abort('internetdisconnected'), { times: 1 });
          await context.setOffline(false);
          await page.evaluate(() => dispatchEvent(new Event('online')));
          await page.getByTestId('connectivity').filter({ hasNotText: 'Sin conexión' }).waitFor({ timeout: 60_000 });
          await page.waitForTimeout(1500);
          const ms = await changeShown(page, sfetch, db, card, `Vuelta${i}x${Date.now() % 100000}`);
          if (ms === null) console.log(`   reconnect ${i}: change not shown after 60 s`, DIAG ? JSON.stringify(await page.evaluate(engineState)) : '');
          else after.push(ms);
          if (DIAG) console.log(`   reconnect ${i}: change shown after ${ms === null ? '—' : Math.round(ms)} ms; feed: ${feedLog.splice(0).join(' | ')}`);
        }
        r.changeAfterReconnect = { n: after.length, of: reconnects, p50: percentile(after, 50), p95: percentile(after, 95), max: Math.max(...after), all: after.map(Math.round) };
        console.log(`2b. server change 1.5 s after the network returns → shown in the open roster, ${after.length} of ${reconnects} cycles: p50 ${r.changeAfterReconnect.p50.toFixed(0)} ms, p95 ${r.changeAfterReconnect.p95.toFixed(0)} ms, max ${r.changeAfterReconnect.max.toFixed(0)} ms (${after.map(Math.round).join(', ')})`);
      }
      await page.getByTestId('roster-search').fill('');

      // 3. 1,000 requests queued offline, drained and acknowledged
      const hasEngine = await page.evaluate(() => !!globalThis.__ceOfflineEngine);
      if (!hasEngine) {
        console.log('3. not measured: OfflineEngine hook not found in the build');
      } else {
        await context.setOffline(true);
        await page.evaluate(() => dispatchEvent(new Event('offline')));
        await page.getByTestId('connectivity').filter({ hasText: 'Sin conexión' }).waitFor({ timeout: 30_000 });
        const q0 = performance.now();
        const queued = await page.evaluate(async (n) => {
          const engine = globalThis.__ceOfflineEngine;
          const db = await engine.ready();
          const cards = (await db.cards.find({ selector: { cardId: { $regex: '^bench-' } }, limit: n }).exec()).map((d) => d.toJSON());
          for (const card of cards) await engine.queueRequest(card, 'card.block', {});
          return cards.length;
        }, REQUESTS);
        const queueMs = performance.now() - q0;
        await page.getByTestId('pending').filter({ hasText: `Pendientes: ${queued}` }).waitFor({ timeout: 60_000 });
        console.log(`   queued ${queued} card.block requests offline in ${(queueMs / 1000).toFixed(1)} s (status bar: Pendientes: ${queued})`);
        await page.waitForTimeout(1000);
        const net = [];
        if (DIAG) {
          page.on('requestfinished', async (req) => {
            if (!req.url().includes('/requests/')) return;
            const res = await req.response();
            net.push(`${Math.round(performance.now())} ${req.method()} ${req.url().replace(/^.*\/requests\//, '')} ${res?.status()}`);
          });
          page.on('console', (m) => console.log('  [console]', m.type(), m.text().slice(0, 300)));
        }
        const d0 = await page.evaluate(() => performance.now());
        await context.setOffline(false);
        await page.evaluate(() => dispatchEvent(new Event('online')));
        // the status bar's count, sampled each second, so a slow drain still gives a rate
        const samples = [];
        const pendingNow = () => page.evaluate(() => Number(/Pendientes:\s*(\d+)/.exec(document.querySelector('[data-testid=pending]')?.textContent ?? '')?.[1] ?? NaN));
        const limitMs = Number(process.env.DRAIN_LIMIT_MS ?? 600_000);
        for (;;) {
          const left = await pendingNow();
          const at = (await page.evaluate(() => performance.now())) - d0;
          samples.push([Math.round(at), left]);
          if (left === 0 || at > limitMs) break;
          await page.waitForTimeout(1000);
        }
        const [lastAt, lastLeft] = samples.at(-1);
        if (DIAG) {
          console.log('   requests traffic:', net.length, 'calls; last 12:\n    ' + net.slice(-12).join('\n    '));
          console.log('   replication:', JSON.stringify(await page.evaluate(replicationState)));
        }
        r.drain = { n: queued, ms: lastLeft === 0 ? lastAt : null, left: lastLeft, afterMs: lastAt, samples: samples.filter((_, i) => i % 10 === 0 || i === samples.length - 1) };
        if (lastLeft !== 0) console.log(`3. NOT drained: ${lastLeft} of ${queued} still pending after ${(lastAt / 1000).toFixed(0)} s (${(((queued - lastLeft) / lastAt) * 1000).toFixed(1)} acknowledged/s)`);
        // where the requests are on the server: received, and by status
        const reqs = await (await sfetch(`/co_${CID}_requests/_all_docs?include_docs=true`)).json().catch(() => null);
        const byStatus = {};
        for (const row of reqs?.rows ?? []) if (row.id.startsWith('req:')) byStatus[row.doc.status] = (byStatus[row.doc.status] ?? 0) + 1;
        r.drain.serverByStatus = byStatus;
        r.drain.pageConsoleErrors = consoleErrors.slice(-5);
        if (lastLeft === 0) console.log(`3. ${queued} queued requests, back online → "Pendientes: 0": ${(r.drain.ms / 1000).toFixed(1)} s (±1 s sampling)`);
        console.log(`   server requests db by status: ${JSON.stringify(byStatus)}; page console errors: ${consoleErrors.length}${consoleErrors.length ? ' — last: ' + consoleErrors.at(-1).slice(0, 300) : ''}`);
      }
    }
    await context.close();
  } finally {
    await server.stop();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return r;
}

/** Writes the card with a new first name on the store; ms until the open roster shows it (null: 60 s). */
async function changeShown(page, sfetch, db, card, marker) {
  await page.evaluate((m) => {
    window.__seen = new Promise((resolve) => {
      const obs = new MutationObserver(() => {
        if (document.querySelector('[data-testid=roster-grid]')?.textContent?.includes(m)) {
          obs.disconnect();
          resolve(performance.now());
        }
      });
      obs.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  }, marker);
  const doc = await (await sfetch(`${db}/${encodeURIComponent(card._id)}`)).json();
  const w0 = performance.now();
  const res = await sfetch(`${db}/${encodeURIComponent(card._id)}`, {
    method: 'PUT',
    body: JSON.stringify({ ...doc, holder: { ...doc.holder, firstName: marker }, updatedAt: new Date().toISOString() }),
  });
  if (res.status !== 201) throw new Error(`store write ${res.status}`);
  const seen = await Promise.race([page.evaluate(() => window.__seen), new Promise((r) => setTimeout(() => r(null), 60_000))]);
  return seen === null ? null : performance.now() - w0;
}

// ---- in-page functions ---------------------------------------------------------------------------

async function rawPull({ url, token, limit }) {
  const t0 = performance.now();
  let since = 0, docs = 0, pages = 0;
  for (;;) {
    const res = await fetch(`${url}?feed=normal&style=all_docs&include_docs=true&limit=${limit}&since=${encodeURIComponent(since)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.status !== 200) throw new Error(`baseline ${res.status}`);
    const body = JSON.parse(await res.text());
    pages++;
    if (!body.results.length) break;
    docs += body.results.filter((r) => r.doc && !r.deleted).length;
    since = body.last_seq;
  }
  return { ms: performance.now() - t0, docs, pages };
}

async function typeAndTime(targets) {
  const input = document.querySelector('[data-testid=roster-search]');
  const summary = document.querySelector('[data-testid=roster-summary]');
  const grid = document.querySelector('[data-testid=roster-grid]');
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const set = (value) => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };
  const out = [];
  for (const id of targets) {
    set('');
    await frame();
    await frame();
    for (let i = 1; i <= id.length; i++) {
      const before = summary.textContent;
      let changedAt = 0;
      let gridAt = 0;
      const obs = new MutationObserver(() => {
        if (!changedAt && summary.textContent !== before) changedAt = performance.now();
      });
      obs.observe(summary, { subtree: true, childList: true, characterData: true });
      // the grid's rows: the last DOM change inside the grid within three frames of the keystroke
      // and how many row elements it added (work that does not depend on the machine's load)
      let rowsAdded = 0;
      const gridObs = new MutationObserver((records) => {
        gridAt = performance.now();
        for (const record of records) for (const node of record.addedNodes) if (node.classList?.contains('ag-row')) rowsAdded++;
      });
      gridObs.observe(grid, { subtree: true, childList: true, characterData: true, attributes: true });
      const t0 = performance.now();
      set(id.slice(0, i));
      // the summary changes within the frame Angular renders in; wait that frame (and more for the grid)
      for (let f = 0; f < 3; f++) await frame();
      obs.disconnect();
      gridObs.disconnect();
      out.push(changedAt ? { ms: changedAt - t0, changed: true, gridMs: gridAt ? gridAt - t0 : 0, rowsAdded } : { ms: performance.now() - t0, changed: false, rowsAdded });
      await frame();
    }
  }
  set('');
  return out;
}

/** The baseline of measure 4: the same keystrokes on a bare input filtering the ids by hand. */
async function typeAndTimePlain({ targets, ids }) {
  const input = document.createElement('input');
  const count = document.createElement('p');
  document.body.append(input, count);
  input.addEventListener('input', () => {
    const text = input.value;
    count.textContent = String(text ? ids.filter((id) => id.includes(text)).length : ids.length);
  });
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const out = [];
  for (const id of targets) {
    for (let i = 1; i <= id.length; i++) {
      let changedAt = 0;
      const obs = new MutationObserver(() => (changedAt ||= performance.now()));
      obs.observe(count, { subtree: true, childList: true, characterData: true });
      const t0 = performance.now();
      input.value = id.slice(0, i);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await frame();
      obs.disconnect();
      out.push({ ms: (changedAt || performance.now()) - t0 });
    }
  }
  input.remove();
  count.remove();
  return out;
}

/** Diagnostics (DIAG=1): the engine's state when a server change did not show. */
async function engineState() {
  const engine = globalThis.__ceOfflineEngine;
  const session = engine.current;
  return {
    leader: session?.leader, paused: session?.sync?.paused, roundRunning: engine.roundRunning, phase: engine.indicator?.phase?.(),
    online: engine.online?.(), navigatorOnline: navigator.onLine, kinds: session?.sync?.kinds, revoked: session?.revoked,
    text: document.querySelector('[data-testid=roster-grid]')?.textContent?.slice(0, 200),
    onDevice: (await session.db.cards.find({ selector: { cardId: { $regex: '^bench-' } } }).exec()).map((d) => d.holder.firstName).filter((n) => n.startsWith('Cambio')),
  };
}

/** Diagnostics (DIAG=1): the requests replication as RxDB sees it. */
async function replicationState() {
  const engine = globalThis.__ceOfflineEngine;
  const session = engine.current;
  const state = session?.sync?.states?.get('requests');
  const internal = state?.internalReplicationState;
  const db = session.db;
  const pending = await db.requests.count({ selector: { userId: session.context.userId, status: 'PENDING' } }).exec();
  const meta = internal?.input.metaInstance;
  const checkpoints = meta ? await meta.findDocumentsById(['up|1', 'down|1'], true) : [];
  const pendingDocs = (await db.requests.find({ selector: { userId: session.context.userId, status: 'PENDING' } }).exec()).map((d) => d._data);
  const lwts = pendingDocs.map((d) => d._meta.lwt).sort((a, b) => a - b);
  const sample = pendingDocs.slice(0, 3).map((d) => d._id);
  const metaOfSample = meta ? await meta.findDocumentsById(sample.map((id) => id + '|0'), true) : [];
  const all = (await db.requests.find().exec()).map((d) => d._data);
  const allLwts = all.map((d) => d._meta.lwt).sort((a, b) => a - b);
  return {
    checkpoints: checkpoints.map((c) => ({ id: c.id, data: c.checkpointData })),
    pendingLwt: [lwts[0], lwts.at(-1)], allLwt: [allLwts[0], allLwts.at(-1)], sample, metaOfSample: metaOfSample.map((m) => ({ id: m.id, status: m.docData?.status })),
    paused: state?.isPaused(), stopped: state?.isStopped(), syncPausedFlag: session.sync.paused,
    activeUp: internal?.events.active.up.getValue(), activeDown: internal?.events.active.down.getValue(),
    stats: internal?.stats, pending, phase: engine.indicator?.phase?.(), online: engine.online?.(), leader: db.isLeader?.(),
  };
}

async function storageUsage(page) {
  return page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
}

async function apiToken(origin) {
  const res = await fetch(`${origin}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 'firma1', password: 'Firma1#2026' }),
  });
  if (res.status !== 200) throw new Error(`sign-in ${res.status}`);
  return (await res.json()).accessToken;
}

function mb(bytes) {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}
