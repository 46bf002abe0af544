// Reports over a big ledger: 100,000 cards and 1,000,000 ledger entries (bench/lib/ledger-seed.mjs:
// the product's transactions and card shape, written by `_bulk_docs` into the company's databases of
// the stopped server's embedded store). Three phases on one persistent DATA dir, so the long ones can
// run outside the shared bench lock and the timed one inside it:
//
//   PHASE=seed  DATA=/tmp/ledger-1m node bench/reports-ledger.mjs     fresh store, demo data, then the seed
//   PHASE=build DATA=/tmp/ledger-1m node bench/reports-ledger.mjs     every view built by its first query
//   PHASE=time  DATA=/tmp/ledger-1m flock /tmp/ce-bench.lock node bench/reports-ledger.mjs
//   PHASE=export DATA=/tmp/ledger-1m flock /tmp/ce-bench.lock node bench/reports-ledger.mjs   XLSX exports (EXPORTS)
//
// CARDS (100,000) and ENTRIES (1,000,000) size the seed. The server runs as `npm run serve` runs it
// (package.json's flags: MALLOC_ARENA_MAX=2, --max-old-space-size=384) with INDEX_WARMER=off, so each
// one-time build below is one view's alone, timed by the request that first reads it (retried while
// the build outlasts an HTTP timeout); the server's peak RSS (VmHWM) is read after each phase.
// The build phase then waits for the reduction rollups (server/store/view-rollup.ts) the server builds
// in the background from every change at its first start (REPORT_ROLLUP=off: none, the reduces then
// scan their ranges as before — the same-run comparison).
// The timed phase starts a fresh server process and reads, per report: the first page (200 rows),
// the chart and the count (own request), medians of REPEAT (5); baseline, same run and process:
// `GET /cards?limit=200` (a page of the card query API over the same 100,000 cards).
// ONLY=card-balances,statement times only the cases whose report id, filters or name contain one of
// the comma-separated words (the baseline always); CHARTS=0 and COUNTS=0 skip charts and counts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { machine, percentile, root, serveFlags, startServer } from './lib.mjs';
import { openStoppedStore, seedCardsAndLedger } from './lib/ledger-seed.mjs';
import { REPORT_CASES } from './lib/report-cases.mjs';

const PHASE = process.env.PHASE ?? 'time';
const DATA = process.env.DATA ?? '/tmp/ledger-1m';
const CARDS = Number(process.env.CARDS ?? 100_000);
const ENTRIES = Number(process.env.ENTRIES ?? 1_000_000);
const REPEAT = Number(process.env.REPEAT ?? 5);
const ONLY = process.env.ONLY ? process.env.ONLY.split(',').map((w) => w.trim()).filter(Boolean) : null;
const timed = (name) => !ONLY || ONLY.some((w) => name.includes(w));
const CID = 'cdemo000001';
const port = Number(process.env.PORT ?? 8601);
const base = `http://127.0.0.1:${port}/api/v1`;
const env = { INDEX_WARMER: 'off' };
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
const record = (name, value) => fs.writeFileSync(path.join(DATA, `${name}.json`), JSON.stringify(value, null, 2));
const recall = (name) => JSON.parse(fs.readFileSync(path.join(DATA, `${name}.json`), 'utf8'));

if (process.env.BUILD !== '0') spawnSync('npm', ['run', 'build:server'], { cwd: root, stdio: 'ignore' });
console.log(`reports-ledger ${PHASE} — ${machine()} — ${new Date().toISOString()} — load ${load()} — flags ${JSON.stringify(serveFlags())}`);

if (PHASE === 'seed') {
  fs.rmSync(DATA, { recursive: true, force: true });
  fs.mkdirSync(DATA, { recursive: true });
  const server = await startServer({ port, dataDir: DATA, env }); // databases, design documents, demo data
  await server.stop();
  const store = await openStoppedStore(DATA);
  const loadBefore = load();
  const seeded = await seedCardsAndLedger(store, { cid: CID, cards: CARDS, entries: ENTRIES, progress: console.log });
  await store.close();
  record('seed', { ...seeded, loadBefore, loadAfter: load(), at: new Date().toISOString() });
  console.log(JSON.stringify(recall('seed')));
  process.exit(0);
}

// the build phase also waits for the server's reduction rollups (server/store/view-rollup.ts), built
// from every change at its first start and snapshotted: their log lines say when and how long
const rollupLines = [];
const rollupWaiters = [];
const onLog = (line) => {
  if (!line.includes('report rollup')) return;
  try {
    rollupLines.push(JSON.parse(line));
  } catch {
    return;
  }
  for (const w of rollupWaiters.splice(0)) w();
};
const rollupDone = async (database, timeoutMs = 3_600_000) => {
  const t0 = performance.now();
  for (;;) {
    const line = rollupLines.find((l) => l.database === database);
    if (line) return line;
    if (performance.now() - t0 > timeoutMs) throw new Error(`no rollup line for ${database}`);
    await new Promise((r) => {
      rollupWaiters.push(r);
      setTimeout(r, 5_000);
    });
  }
};
const buildEnv = PHASE === 'build' && process.env.REPORT_ROLLUP !== 'off' ? { LOG_LEVEL: 'info' } : {};
const server = await startServer({ port, dataDir: DATA, env: { ...env, ...buildEnv }, healthTimeoutMs: 600_000, onLog: PHASE === 'build' ? onLog : undefined });
const vmHwmMb = () => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))[1]) / 1024;
let token = await signIn();
let signedAt = performance.now();
const auth = async () => {
  if (performance.now() - signedAt > 10 * 60_000) {
    token = await signIn();
    signedAt = performance.now();
  }
  return { authorization: `Bearer ${token}` };
};
async function get(p, { timeoutMs = 3_600_000 } = {}) {
  const res = await fetch(base + p, { headers: await auth(), signal: AbortSignal.timeout(timeoutMs) });
  const body = await res.text();
  if (res.status !== 200) throw Object.assign(new Error(`${p}: ${res.status} ${body.slice(0, 300)}`), { status: res.status });
  return body;
}
const firstCard = `${'L20260101120000000ben'}-2`;

try {
  if (PHASE === 'build') {
    // each view's first read after the bulk writes (one-time); the first call builds, later ones are instant
    const VIEWS = [
      ['ledger reports/rows', `/companies/${CID}/reports/recharges?limit=1&from=2026-01-01&to=2026-12-31`],
      ['ledger statement/by_account_time', `/companies/${CID}/master-accounts/ALIM/statement?limit=1`],
      ['ledger balances/by_account', `/companies/${CID}/cards/${firstCard}/history`],
      ['cards reports/rows', `/companies/${CID}/reports/cardholders?limit=1`],
      ['cards card-search (GET /cards)', `/companies/${CID}/cards?limit=1`],
      ['lots, orders, audit reports/rows', `/companies/${CID}/reports/orders?limit=1`],
    ];
    const builds = [];
    for (const [name, p] of VIEWS) {
      const t = performance.now();
      const loadAt = load();
      for (let attempt = 1; ; attempt++) {
        try {
          await get(p);
          break;
        } catch (err) {
          // a build outlasting a header timeout: the store goes on building; ask again
          if (attempt > 200 || err.status === 403 || err.status === 404) throw err;
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
      const ms = performance.now() - t;
      builds.push({ name, ms, loadAt, loadAfter: load(), rssMb: vmHwmMb() });
      console.log(`  build ${name}: ${(ms / 1000).toFixed(1)} s (load ${loadAt} → ${load()}), server peak RSS so far ${vmHwmMb().toFixed(0)} MB`);
    }
    // the rollups of the two big databases, read in the background since the server listens
    const rollups = [];
    if (process.env.REPORT_ROLLUP !== 'off') {
      for (const kind of ['ledger', 'cards']) {
        const line = await rollupDone(`co_${CID}_${kind}`);
        rollups.push({ database: line.database, ms: line.ms, source: line.source, rows: line.rows, buckets: line.buckets, documents: line.documents, seq: line.seq, rssMb: vmHwmMb() });
        console.log(`  rollup ${line.database}: ${(line.ms / 1000).toFixed(1)} s from ${line.source} (${line.rows} rows in ${line.buckets} buckets, ${line.documents} documents remembered), server peak RSS so far ${vmHwmMb().toFixed(0)} MB`);
      }
    }
    record('build', { builds, rollups, peakRssMb: vmHwmMb(), at: new Date().toISOString() });
  } else if (PHASE === 'export') {
    // XLSX exports, each in a fresh server process (its peak RSS, VmHWM, is the export's): EXPORTS
    // lists `report?filters` separated by spaces
    await server.stop();
    const EXPORTS = (process.env.EXPORTS ?? 'cardholders? recharges?from=2026-03-01&to=2026-03-31').split(/\s+/).filter(Boolean);
    const hwm = (pid) => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
    const results = [];
    for (const spec of EXPORTS) {
      const [id, qs = ''] = spec.split('?');
      const fresh = await startServer({ port, dataDir: DATA, env, healthTimeoutMs: 600_000 });
      try {
        token = await signIn();
        signedAt = performance.now();
        await get(`/companies/${CID}/reports/${id}?limit=1&${qs}`); // views built: this only opens them
        const rssBeforeMb = hwm(fresh.child.pid);
        const loadAt = load();
        const t = performance.now();
        const res = await fetch(`${base}/companies/${CID}/reports/${id}/export?format=xlsx&${qs}`, { headers: await auth(), signal: AbortSignal.timeout(3_600_000) });
        const bytes = (await res.arrayBuffer()).byteLength;
        if (res.status !== 200) throw new Error(`${spec}: ${res.status}`);
        const ms = performance.now() - t;
        const r = { spec, ms, bytes, rssBeforeMb, peakRssMb: hwm(fresh.child.pid), loadAt, loadAfter: load() };
        results.push(r);
        console.log(`  XLSX ${spec}: ${(ms / 1000).toFixed(1)} s, ${(bytes / 2 ** 20).toFixed(1)} MB, server peak RSS ${r.peakRssMb.toFixed(0)} MB (${rssBeforeMb.toFixed(0)} MB before), load ${loadAt} → ${r.loadAfter}`);
      } finally {
        await fresh.stop();
      }
    }
    record(`export-${Date.now()}`, { results, at: new Date().toISOString() });
  } else if (PHASE === 'time') {
    const loadStart = load();
    const REPORTS = [
      ...REPORT_CASES,
      ['recharges', { from: '2026-03-01', to: '2026-03-31' }],
      ['recharges', { from: '2026-03-01', to: '2026-03-31', branch: '003' }],
      ['master-statement', { product: 'ALIM', from: '2026-10-01', to: '2026-10-31' }],
    ];
    const median = async (fn) => {
      const times = [];
      for (let i = 0; i < REPEAT; i++) {
        const t = performance.now();
        await fn();
        times.push(performance.now() - t);
      }
      return percentile(times, 50);
    };
    const rssAfterStart = vmHwmMb();
    const baselineMs = await median(() => get(`/companies/${CID}/cards?limit=200`));
    console.log(`  baseline GET /cards?limit=200: ${baselineMs.toFixed(0)} ms`);
    const rows = [];
    for (const [id, q] of REPORTS) {
      const qs = new URLSearchParams(q).toString();
      if (!timed(`${id} ${qs}`)) continue;
      let rowsOnPage = 0;
      const ms = await median(async () => (rowsOnPage = JSON.parse(await get(`/companies/${CID}/reports/${id}?limit=200&${qs}`)).rows?.length ?? 0));
      let chartMs = null;
      try {
        if (process.env.CHARTS !== '0') chartMs = await median(() => get(`/companies/${CID}/reports/${id}/chart?${qs}`));
      } catch (err) {
        if (err.status !== 404 && err.status !== 400) throw err; // a report without a chart
      }
      let total = null;
      const totalMs = process.env.COUNTS === '0' ? null : await median(async () => (total = JSON.parse(await get(`/companies/${CID}/reports/${id}/total?${qs}`)).total));
      rows.push({ id, q, ms, ratio: ms / baselineMs, chartMs, totalMs, total, rowsOnPage });
      console.log(`  ${id} ${qs}: first page ${ms.toFixed(0)} ms (${(ms / baselineMs).toFixed(1)}×, ${rowsOnPage} rows), chart ${chartMs?.toFixed(0) ?? '—'} ms, count ${total} in ${totalMs?.toFixed(0) ?? '—'} ms`);
    }
    // the ledger's other readers: the master account statement page and a card's movements
    const others = [];
    for (const [name, p] of [
      ['master account statement page (50)', `/companies/${CID}/master-accounts/ALIM/statement?limit=50`],
      ['master account page header (balance)', `/companies/${CID}/master-accounts/ALIM`],
      ['card history (balances view)', `/companies/${CID}/cards/${firstCard}/history`],
    ]) {
      if (!timed(name)) continue;
      const ms = await median(() => get(p));
      others.push({ name, ms, ratio: ms / baselineMs });
      console.log(`  ${name}: ${ms.toFixed(0)} ms (${(ms / baselineMs).toFixed(1)}×)`);
    }
    const result = { baselineMs, rows, others, rssAfterStartMb: rssAfterStart, peakRssMb: vmHwmMb(), loadStart, loadEnd: load(), at: new Date().toISOString(), repeat: REPEAT };
    record(ONLY ? `time-only-${Date.now()}` : 'time', result);
    console.log(`\n| report (filters) | first page (200 rows) | ÷ baseline | chart | count (own request) | rows |`);
    console.log('|---|---:|---:|---:|---:|---:|');
    console.log(`| baseline: GET /cards?limit=200 | ${baselineMs.toFixed(0)} ms | 1.0× | | | |`);
    for (const r of rows) {
      const f = Object.entries(r.q).map(([k, v]) => `${k}=${v}`).join(', ');
      console.log(`| ${r.id}${f ? ` (${f})` : ''} | ${r.ms.toFixed(0)} ms | ${r.ratio.toFixed(1)}× | ${r.chartMs === null ? '—' : `${r.chartMs.toFixed(0)} ms`} | ${r.totalMs === null ? '—' : `${r.totalMs.toFixed(0)} ms`} | ${r.total?.toLocaleString('en') ?? 'n/a'} |`);
    }
    for (const o of others) console.log(`| ${o.name} | ${o.ms.toFixed(0)} ms | ${o.ratio.toFixed(1)}× | | | |`);
    console.log(`\nserver peak RSS: ${result.peakRssMb.toFixed(0)} MB (${rssAfterStart.toFixed(0)} MB after start); load ${loadStart} → ${result.loadEnd}`);
  }
} finally {
  await server.stop();
}
process.exit(0);

async function signIn() {
  const res = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'admin', password: 'Admin#2026' }) });
  if (res.status !== 200) throw new Error(`sign-in ${res.status}`);
  return (await res.json()).accessToken;
}
