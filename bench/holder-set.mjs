// The holder set (server/processing/holder-set.ts) of a seeded store: how long reading it takes, and
// its memory per holder. In this process, on the embedded store as the server opens it (PouchDB
// Server over DATA_DIR/store, reached through nano), against a STOPPED server's DATA_DIR that
// bench/lib/seed-holders.mjs seeded (or HOLDERS=<n> seeds a fresh one first, outside the timing).
//
//   HOLDER_STORE=/tmp/dir node bench/holder-set.mjs      (or HOLDERS=100000 node bench/holder-set.mjs)
//
// Timed, each with a fresh in-memory set (a new context, as after a restart):
//   baseline  the read before this change: every pointer's change with its document, 5,000 a page
//   full      the server's first read without a snapshot: pointer ids and revisions (`_all_docs`,
//             20,000 a page) + the documents of pointers at revision 2+ — then the snapshot is
//             written (timed too)
//   snapshot  the start-up read with the stored snapshot (+ the changes since: none here)
// Memory: heapUsed after a forced GC with the set held vs dropped (run with --expose-gc).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { machine, root, startServer, tempDir } from './lib.mjs';
import { dropSnapshot, seedHolders } from './lib/seed-holders.mjs';

const require = createRequire(import.meta.url);
const dist = (p) => require(path.join(root, 'dist/server/server', p));
const CID = 'cdemo000001';
const PRODUCT = 'ALIM';

let dataDir = process.env.HOLDER_STORE;
if (!dataDir) {
  const n = Number(process.env.HOLDERS ?? 100_000);
  dataDir = tempDir('rec-holders-');
  const port = Number(process.env.BENCH_PORT) || 18_000 + Math.floor(Math.random() * 2000);
  const s = await startServer({ port, dataDir, env: { INDEX_WARMER: 'off', HOLDER_SET_WARMUP: 'off' } });
  await s.stop();
  console.log(`seeding ${n.toLocaleString('en')} holders (not timed)…`);
  await seedHolders({ dataDir, count: n, firstIdNumber: 50_000_001 });
}

const { loadConfig } = dist('config.js');
const { createLogger } = dist('logger.js');
const { openStore } = dist('store/store.js');
const { companyDb } = dist('store/databases.js');
const holderSet = dist('processing/holder-set.js');
const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', HOLDER_SET_WARMUP: 'off' });
const log = createLogger('silent');
const store = await openStore({ storeDir: config.storeDir, log });
const db = store.use(companyDb(CID, 'holders'));
const newCtx = () => ({ config, log, store, now: () => new Date() });
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;

// no snapshot for the timed full read
await dropSnapshot(db);
const info = await db.info();
console.log(`holder set read — ${machine()}; ${info.doc_count.toLocaleString('en')} pointers in co_${CID}_holders; ${new Date().toISOString()}; load ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);

async function timed(label, fn) {
  const t0 = performance.now();
  const out = await fn();
  const ms = performance.now() - t0;
  console.log(`  ${label}: ${secs(ms)}${out !== undefined ? ` (${out})` : ''}`);
  return ms;
}

const baselineMs = await timed('baseline: every change with its document, 5,000 a page (the read before)', async () => {
  let since = 0;
  const set = new Set();
  for (;;) {
    const page = await db.changes({ since: String(since), include_docs: true, limit: 5000 });
    for (const c of page.results) if (c.id.startsWith(`person:${PRODUCT}:`)) (c.doc && !c.doc.cancelled ? set.add(c.id.slice(12)) : set.delete(c.id.slice(12)));
    since = page.last_seq;
    if (page.results.length < 5000) return `${set.size.toLocaleString('en')} live`;
  }
});
let ctx = newCtx();
const fullMs = await timed('first read without snapshot (holder-set.ts: ids + revisions, documents of revision 2+)', async () => `${(await holderSet.liveHolders(ctx, db, CID, PRODUCT)).size.toLocaleString('en')} live`);
const writeMs = await timed('  then the snapshot written (in the background in the server)', async () => {
  await holderSet.holderSnapshotWritten(ctx, CID);
  const head = await db.get('_local/holder-set');
  return `${head.parts} part(s), ${head.holders.toLocaleString('en')} holders`;
});
ctx = null;
global.gc?.();
global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
ctx = newCtx();
const snapMs = await timed('start-up read with the snapshot (a restart)', async () => {
  const live = await holderSet.liveHolders(ctx, db, CID, PRODUCT);
  return `${live.size.toLocaleString('en')} live, ${holderSet.holderSetState(ctx, CID).source}`;
});
global.gc?.();
global.gc?.();
const held = holderSet.holderSetState(ctx, CID).holders;
const bytesPerHolder = (process.memoryUsage().heapUsed - heapBefore) / held;
console.log(`  memory: ${global.gc ? `${bytesPerHolder.toFixed(0)} bytes per holder (heap, after GC)` : 'run with --expose-gc'}`);
console.log(`\n| ${held.toLocaleString('en')} holders | time | ÷ baseline |\n|---|---|---|`);
for (const [label, ms] of [
  ['baseline: changes with documents, 5,000 a page (before)', baselineMs],
  ['first read without snapshot: `_all_docs` ids + revisions, documents of revision 2+ only', fullMs],
  ['snapshot write (background)', writeMs],
  ['**start-up read from the snapshot**', snapMs],
])
  console.log(`| ${label} | ${secs(ms)} | ${(ms / baselineMs).toFixed(3)} |`);
await store.close();
if (!process.env.HOLDER_STORE) fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
