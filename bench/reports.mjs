// Reports over a big company: time to the first page (200 rows, what the grid asks first) of every
// report of the catalogue over CARDS cards and ENTRIES ledger entries, the XLSX export of every
// cardholder (time, server peak RSS), and the same run's baseline: a page of the card query API
// (GET /cards?limit=200, a Mango `_id`-range read of the same cards database).
//
//   node bench/reports.mjs                          100,000 cards, 1,000,000 ledger entries
//   CARDS=10000 ENTRIES=100000 node bench/reports.mjs
//
// INDEX_WARMER=off times the reports' views alone (otherwise the server's index warmer builds every
// feature's views at the same time, one after another, and the first queries wait behind it).
//
// The data are written straight into the stopped server's store (PouchDB on LevelDB, as the
// embedded store keeps it), by bulk writes of 5,000. The reports' views are built by the store on
// their first query after the writes: that one-time cost is reported apart ("index build"), then
// each first page is timed as the median of 5 reads. The export runs in a freshly started server
// process, so its VmHWM is the export's peak.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { machine, percentile, root, stopChild, tempDir, waitHealthy } from './lib.mjs';
import { REPORT_CASES } from './lib/report-cases.mjs';

const CARDS = Number(process.env.CARDS ?? 100_000);
const ENTRIES = Number(process.env.ENTRIES ?? 1_000_000);
const CID = 'cdemo000001';
const require = createRequire(import.meta.url);
const port = Number(process.env.PORT ?? 8351);

if (!fs.existsSync(path.join(root, 'dist/server/server/main.js')) || process.env.BUILD !== '0') {
  spawnSync('npm', ['run', 'build:server'], { cwd: root, stdio: 'ignore' });
}

const dataDir = tempDir('ce-bench-reports-');
const base = `http://127.0.0.1:${port}/api/v1`;
let signedAt = performance.now();
console.log(`reports — ${machine()} — ${CARDS.toLocaleString('en')} cards, ${ENTRIES.toLocaleString('en')} ledger entries`);

let server = await startServer({ port, dataDir });
await server.stop();
await seed();
server = await startServer({ port, dataDir });
console.log(`  start after the bulk writes: ${(server.ms / 1000).toFixed(1)} s (views and indexes are brought up to date afterwards by the index warmer)`);
const startAfterSeedMs = server.ms;
try {
  let token = await signIn();
  const REPORTS = [
    ...REPORT_CASES,
    // filtered variants: one filter is a key range; two make the store read until the page is full
    ['cardholders', { branch: '002' }],
    ['cardholders', { branch: '002', status: 'BLOCKED' }],
    ['recharges', { from: '2026-03-01', to: '2026-03-31', branch: '003' }],
  ];

  // index build: the first query of each database's view after the bulk writes (one-time)
  const builds = [];
  for (const [id, q] of [['cardholders', {}], ['recharges', {}], ['lot-status', {}], ['orders', {}], ['user-activity', {}]]) {
    const t = performance.now();
    // fetch gives up on headers after 300 s; the server keeps building, so ask again until it answers
    for (;;) {
      token = await maybeRefresh(token);
      try {
        await page(token, id, q);
        break;
      } catch (err) {
        if (err?.cause?.code !== 'UND_ERR_HEADERS_TIMEOUT') throw err;
      }
    }
    builds.push([id, performance.now() - t]);
    console.log(`  index build via ${id}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }

  token = await maybeRefresh(token);
  const baselineMs = await median(async () => {
    const res = await fetch(`${base}/companies/${CID}/cards?limit=200`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`cards ${res.status}`);
    await res.json();
  });
  console.log(`  baseline GET /cards?limit=200: ${baselineMs.toFixed(0)} ms`);

  const rows = [];
  for (const [id, q] of REPORTS) {
    token = await maybeRefresh(token);
    let total = null;
    const ms = await median(async () => {
      total = (await page(token, id, q)).total;
    });
    // the count is its own request beside the first page (a scan of the range on the embedded store)
    const totalMs = await median(async () => {
      const res = await fetch(`${base}/companies/${CID}/reports/${id}/total?${new URLSearchParams(q)}`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`${id} total ${res.status}`);
      total = (await res.json()).total;
    });
    const chartMs = await median(async () => {
      const res = await fetch(`${base}/companies/${CID}/reports/${id}/chart?${new URLSearchParams(q)}`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`${id} chart ${res.status}`);
      await res.json();
    });
    rows.push({ id, q, ms, chartMs, totalMs, total });
    console.log(`  ${id} ${JSON.stringify(q)}: first page ${ms.toFixed(0)} ms, chart ${chartMs.toFixed(0)} ms, total ${total} in ${totalMs.toFixed(0)} ms`);
  }

  // scrolling far: page 500 by cursor (the grid's next block) and a jump by offset
  const deep = {};
  {
    let cursor;
    let t = performance.now();
    for (let i = 0; i < 50; i++) cursor = (await page(token, 'cardholders', {}, { limit: 200, cursor })).next;
    deep.cursorPerPageMs = (performance.now() - t) / 50;
    t = performance.now();
    await page(token, 'cardholders', {}, { limit: 200, offset: CARDS - 200 });
    deep.jumpToEndMs = performance.now() - t;
    console.log(`  cardholders: next page by cursor ${deep.cursorPerPageMs.toFixed(0)} ms (mean of 50), jump to row ${CARDS - 200} by offset ${deep.jumpToEndMs.toFixed(0)} ms`);
  }

  // XLSX export of every cardholder in a fresh server process (its peak RSS is the export's)
  await server.stop();
  server = await startServer({ port, dataDir });
  token = await signIn();
  await page(token, 'cardholders', {}); // views are built; this only opens them
  const rssBeforeMb = vmHwmMb(server.child.pid);
  const t = performance.now();
  const res = await fetch(`${base}/companies/${CID}/reports/cardholders/export?format=xlsx`, { headers: { authorization: `Bearer ${token}` } });
  const bytes = (await res.arrayBuffer()).byteLength;
  const exportMs = performance.now() - t;
  const peakMb = vmHwmMb(server.child.pid);
  console.log(`  XLSX cardholders: ${(exportMs / 1000).toFixed(1)} s, ${(bytes / 2 ** 20).toFixed(1)} MB, server peak RSS ${peakMb.toFixed(0)} MB (${rssBeforeMb.toFixed(0)} MB before)`);

  console.log(`\n| report (filters) | first page (200 rows) | ÷ baseline | chart | total (own request) | rows |`);
  console.log('|---|---|---|---|---|---|');
  console.log(`| baseline: GET /cards?limit=200 | ${baselineMs.toFixed(0)} ms | 1.0× | | | |`);
  for (const r of rows) {
    const f = Object.entries(r.q).map(([k, v]) => `${k}=${v}`).join(', ');
    console.log(`| ${r.id}${f ? ` (${f})` : ''} | **${r.ms.toFixed(0)} ms** | ${(r.ms / baselineMs).toFixed(1)}× | ${r.chartMs.toFixed(0)} ms | ${r.totalMs.toFixed(0)} ms | ${r.total ?? 'n/a'} |`);
  }
  console.log(`\nstart after the bulk writes (time to listen): ${(startAfterSeedMs / 1000).toFixed(1)} s`);
  console.log(`index build (first query after the bulk writes, once): ${builds.map(([id, ms]) => `${id} ${(ms / 1000).toFixed(1)} s`).join(' · ')}`);
  console.log(`cardholders: next page by cursor ${deep.cursorPerPageMs.toFixed(0)} ms; jump to the last page by offset ${deep.jumpToEndMs.toFixed(0)} ms`);
  console.log(`XLSX export of ${(CARDS + 200).toLocaleString('en')} cardholders: ${(exportMs / 1000).toFixed(1)} s, ${(bytes / 2 ** 20).toFixed(1)} MB file, server peak RSS ${peakMb.toFixed(0)} MB (${rssBeforeMb.toFixed(0)} MB before the export)`);
} finally {
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);

// ---- helpers ---------------------------------------------------------------------------------------

/** lib.mjs's startServer, with a start allowed to take an hour (index builds after bulk writes). */
async function startServer({ port, dataDir }) {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'dist/server/server/main.js')], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let ms;
  try {
    ms = await waitHealthy(`http://127.0.0.1:${port}/api/v1/health`, started, child, 3_600_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return { child, ms, stop: () => stopChild(child) };
}

async function signIn() {
  signedAt = performance.now();
  const res = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'admin', password: 'Admin#2026' }) });
  if (res.status !== 200) throw new Error(`sign-in ${res.status}`);
  return (await res.json()).accessToken;
}

async function maybeRefresh(token) {
  // access tokens last 15 min; the index build can take longer
  if (performance.now() - signedAt < 10 * 60_000) return token;
  return signIn();
}

async function page(token, id, q, at = { limit: 200 }) {
  const params = new URLSearchParams({ ...q, limit: String(at.limit) });
  if (at.cursor) params.set('cursor', at.cursor);
  if (at.offset) params.set('offset', String(at.offset));
  const res = await fetch(`${base}/companies/${CID}/reports/${id}?${params}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(3_600_000) });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`${id}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

async function median(fn, n = Number(process.env.REPEAT ?? 5)) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return percentile(times, 50);
}

function vmHwmMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024;
}

async function seed() {
  const t = performance.now();
  const PouchDB = require(path.join(root, 'node_modules/pouchdb')).defaults({ prefix: path.join(dataDir, 'store') + path.sep });
  const month = (i) => String(1 + (i % 11)).padStart(2, '0');
  const at = (i, day = 1 + (i % 28)) => `2026-${month(i)}-${String(day).padStart(2, '0')}T15:${String(i % 60).padStart(2, '0')}:00.000Z`;
  const bulk = async (db, make, n) => {
    for (let i = 0; i < n; i += 5000) {
      const docs = [];
      for (let j = i; j < Math.min(n, i + 5000); j++) docs.push(make(j));
      const answers = await db.bulkDocs(docs);
      const bad = answers.find((a) => a.error);
      if (bad) throw new Error(`${db.name}: ${bad.id} ${bad.error} ${bad.reason}`);
    }
  };
  const cards = new PouchDB(`co_${CID}_cards`);
  const cardId = (j) => `bench-${String(j).padStart(7, '0')}`;
  await bulk(
    cards,
    (j) => ({
      _id: `card:${cardId(j)}`,
      type: 'card',
      cardId: cardId(j),
      companyId: CID,
      productCode: 'ALIM',
      holder: { idType: 'V', idNumber: String(70_000_000 + j), firstName: 'Bench', lastName: `Card ${j}`, email: `c${j}@example.com` },
      maskedPan: `627100******${String(j % 10000).padStart(4, '0')}`,
      last4: String(j % 10000).padStart(4, '0'),
      status: j % 50 === 0 ? 'BLOCKED' : j % 97 === 0 ? 'CANCELLED' : 'ACTIVE',
      plasticStatus: j % 3 === 0 ? 'DELIVERED' : j % 3 === 1 ? 'RECEIVED_AT_COMPANY' : 'SENT_TO_COMPANY',
      balanceCents: 0,
      branchCode: String(1 + (j % 5)).padStart(3, '0'),
      issuedAt: at(j),
      deliveredAt: null,
      updatedAt: at(j),
      replacement: j % 20 === 0 ? { reason: 'PRDN'[j % 4], branchCode: '001', requestedAt: at(j, 28), requestedBy: 'firma1', effectId: `req:b${j}` } : null,
    }),
    CARDS,
  );
  await cards.close();
  console.log(`  seeded ${CARDS.toLocaleString('en')} cards in ${((performance.now() - t) / 1000).toFixed(1)} s (not measured)`);

  const t2 = performance.now();
  const ledger = new PouchDB(`co_${CID}_ledger`);
  // two legs per transaction: a card leg (credit 9 of 10, debit 1 of 10) and its counterpart
  await bulk(
    ledger,
    (j) => {
      const tx = Math.floor(j / 2);
      const card = cardId(tx % CARDS);
      const credit = tx % 10 !== 0;
      const amount = 1000 + (tx % 500) * 10;
      const when = at(tx);
      const cause = `lot:LBENCH${Math.floor(tx / 1000)}:${tx % 1000}`;
      return j % 2 === 0
        ? { _id: `entry:${cause}:card`, type: 'entry', cause, leg: 'card', account: `card:${card}`, amountCents: credit ? amount : -amount, companyId: CID, at: when }
        : credit
          ? { _id: `entry:${cause}:clearing`, type: 'entry', cause, leg: 'clearing', account: `clearing:bench${Math.floor(tx / 1000)}`, amountCents: -amount, companyId: CID, at: when }
          : { _id: `entry:${cause}:master`, type: 'entry', cause, leg: 'master', account: 'master:ALIM', amountCents: amount, companyId: CID, at: when };
    },
    ENTRIES,
  );
  await ledger.close();
  console.log(`  seeded ${ENTRIES.toLocaleString('en')} ledger entries in ${((performance.now() - t2) / 1000).toFixed(1)} s (not measured)`);
}
