// How fast the embedded store (PouchDB 9 on LevelDB, as PouchDB Server runs it) builds a view, and
// what that cost depends on. In-process PouchDB, the library the embedded store serves over HTTP:
// the build is the same code, without the HTTP hop.
//
//   node bench/view-build.mjs            10,000 ledger entries
//   N=20000 node bench/view-build.mjs
//
// Baseline, same run: reading the same documents once (`allDocs` with the documents). Then, each on
// the same documents and timed by its first `limit: 0` query: the ledger's three views as the server
// declares them (reports, balances, statement), a view whose map emits nothing, a Mango index
// (pouchdb-find, no JavaScript map), and the reports view again with PouchDB's documented
// `view_update_changes_batch_size` (default 50) at 500 and 5,000.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { machine, root, tempDir } from './lib.mjs';

const N = Number(process.env.N ?? 10_000);
const require = createRequire(import.meta.url);
if (!fs.existsSync(path.join(root, 'dist/server/server/main.js')) || process.env.BUILD !== '0') {
  spawnSync('npm', ['run', 'build:server'], { cwd: root, stdio: 'ignore' });
}
// the ledger database's design documents exactly as the server registers them
require(path.join(root, 'dist/server/server/feature-list.js'));
const { companyDatabaseSpecs } = require(path.join(root, 'dist/server/server/store/databases.js'));
const ledgerSpec = companyDatabaseSpecs('cbench00001').find((s) => s.name.endsWith('_ledger'));
const views = ledgerSpec.design.filter((d) => d.views);

const BasePouchDB = require(path.join(root, 'node_modules/pouchdb'));
BasePouchDB.plugin(require(path.join(root, 'node_modules/pouchdb-find')));

console.log(`view build — ${machine()} — ${N.toLocaleString('en')} ledger entries — load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

async function freshDb(batch) {
  const dir = tempDir('ce-bench-views-');
  const PouchDB = BasePouchDB.defaults({ prefix: dir + path.sep, ...(batch ? { view_update_changes_batch_size: batch } : {}) });
  const db = new PouchDB('ledger');
  for (let i = 0; i < N; i += 5000) {
    const docs = [];
    for (let j = i; j < Math.min(N, i + 5000); j++) {
      const tx = Math.floor(j / 2);
      const cause = `lot:LBENCH${Math.floor(tx / 1000)}:${tx % 1000}`;
      const at = `2026-${String(1 + (tx % 11)).padStart(2, '0')}-${String(1 + (tx % 28)).padStart(2, '0')}T15:00:00.000Z`;
      docs.push(
        j % 2 === 0
          ? { _id: `entry:${cause}:card`, type: 'entry', cause, leg: 'card', account: `card:c${tx % 5000}`, amountCents: 1000 + (tx % 500), companyId: 'cbench00001', at }
          : { _id: `entry:${cause}:clearing`, type: 'entry', cause, leg: 'clearing', account: `clearing:b${Math.floor(tx / 1000)}`, amountCents: -(1000 + (tx % 500)), companyId: 'cbench00001', at },
      );
    }
    await db.bulkDocs(docs);
  }
  return { db, dir };
}

async function timed(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const rows = [];
const report = (what, ms, baseMs) => {
  rows.push({ what, ms, baseMs });
  console.log(`  ${what}: ${(ms / 1000).toFixed(1)} s, ${Math.round((N / ms) * 1000)} docs/s, ${(ms / baseMs).toFixed(0)}× baseline`);
};

{
  const { db, dir } = await freshDb(0);
  const baseMs = await timed(() => db.allDocs({ include_docs: true }));
  console.log(`  baseline: allDocs with the documents: ${baseMs.toFixed(0)} ms`);
  for (const ddoc of views) {
    await db.put(ddoc);
    for (const view of Object.keys(ddoc.views)) {
      const name = `${ddoc._id.slice(8)}/${view}`;
      report(`view ${name} (default batch 50)`, await timed(() => db.query(name, { limit: 0, reduce: false })), baseMs);
    }
  }
  await db.put({ _id: '_design/nothing', views: { none: { map: 'function (doc) {}' } } });
  report('view whose map emits nothing', await timed(() => db.query('nothing/none', { limit: 0 })), baseMs);
  // pouchdb-find's createIndex builds the whole index before it answers (server/store/mango-indexes.ts)
  const mangoMs = await timed(() => db.createIndex({ index: { fields: ['account', 'at'] }, name: 'by-account-at', ddoc: 'idx-by-account-at' }));
  report('Mango index (fields account, at: no JavaScript map)', mangoMs, baseMs);
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

for (const batch of [500, 5000]) {
  const { db, dir } = await freshDb(batch);
  const baseMs = await timed(() => db.allDocs({ include_docs: true }));
  const reports = views.find((d) => d._id === '_design/reports');
  await db.put(reports);
  report(`view reports/rows, view_update_changes_batch_size ${batch}`, await timed(() => db.query('reports/rows', { limit: 0, reduce: false })), baseMs);
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log(`\nload after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log('\n| build over ' + N.toLocaleString('en') + ' entries | time | docs/s | ÷ baseline |');
console.log('|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.what} | ${(r.ms / 1000).toFixed(1)} s | ${Math.round((N / r.ms) * 1000)} | ${(r.ms / r.baseMs).toFixed(0)}× |`);
