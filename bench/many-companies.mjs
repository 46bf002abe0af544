// A restart of the server over a store with many companies (the layout is a set of databases per
// company: docs/architecture.md), next to the same run's restart over the demo store alone (one
// company), and the open files and memory of the process while its background work (index warmer,
// holder sets, rollups, the processor's sweep) reaches every company. `npm run build` first.
//
//   COMPANIES=200 node bench/many-companies.mjs     (default 200; seeding takes ≈ 0.3–0.5 s a company)
//   DATA=/tmp/many node bench/many-companies.mjs    keeps (and reuses) the seeded store there
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { machine, percentile, root, startServer, tempDir } from './lib.mjs';

const require = createRequire(import.meta.url);
const N = Number(process.env.COMPANIES ?? 200);
const RUNS = Number(process.env.RUNS ?? 3);
const WATCH_S = Number(process.env.WATCH_SECONDS ?? 90);
const port = 18330;
const dist = path.join(root, 'dist/server/server');

/** N companies written through the accounts service (each with its databases), into a stopped store. */
async function seed(dataDir) {
  const { loadConfig } = require(`${dist}/config`);
  const { createLogger } = require(`${dist}/logger`);
  const { openStore } = require(`${dist}/store/store`);
  const { globalDatabaseSpecs } = require(`${dist}/store/databases`);
  const { ensureDatabases } = require(`${dist}/store/design`);
  const { createCompany } = require(`${dist}/accounts/accounts.service`);
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, PORT: '0' });
  const log = createLogger('silent');
  const store = await openStore({ couchdbUrl: undefined, storeDir: config.storeDir, log });
  const ctx = { config, log, store, now: () => new Date() };
  await ensureDatabases(store, globalDatabaseSpecs());
  for (let i = 0; i < N; i++) {
    const id = 'cbench' + String(i).padStart(6, '0');
    await createCompany(ctx, {
      id,
      taxId: 'J' + String(100000000 + i),
      legalName: `Empresa ${i} C.A.`,
      tradeName: `Empresa ${i}`,
      address: 'Caracas',
      phone: '0212-5550000',
      contact: { name: 'Contacto', email: `contacto${i}@example.com` },
      authorizationPolicy: { signaturesRequired: 1 },
    });
  }
  await store.close();
}

async function restarts(dataDir) {
  const ms = [];
  for (let i = 0; i < RUNS; i++) {
    const s = await startServer({ port, dataDir, healthTimeoutMs: 600_000 });
    ms.push(s.ms);
    await s.stop();
  }
  return ms;
}

const demoDir = tempDir('ce-bench-one-');
const manyDir = process.env.DATA ?? tempDir('ce-bench-many-');
try {
  await (await startServer({ port, dataDir: demoDir })).stop(); // seeds the demo
  const t0 = performance.now();
  if (!fs.existsSync(path.join(manyDir, 'store'))) {
    await seed(manyDir);
    const first = await startServer({ port, dataDir: manyDir }); // + the demo company
    await first.stop();
  }
  const seedS = (performance.now() - t0) / 1000;
  const one = await restarts(demoDir);
  const many = await restarts(manyDir);

  const s = await startServer({ port, dataDir: manyDir });
  const watch = [];
  for (const at of [0, 10, 30, 60, 90].filter((t) => t <= WATCH_S)) {
    await new Promise((r) => setTimeout(r, (at - (watch.at(-1)?.at ?? 0)) * 1000));
    const fds = fs.readdirSync(`/proc/${s.child.pid}/fd`).length;
    const rss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${s.child.pid}/status`, 'utf8'))[1]) / 1024;
    watch.push({ at, fds, rss });
  }
  await s.stop();

  const f = (v) => `p50 ${percentile(v, 50).toFixed(0)} ms (max ${Math.max(...v).toFixed(0)})`;
  console.log(`# many companies — ${new Date().toISOString()} — ${machine()} — ${N + 1} companies, ${RUNS} restarts each`);
  console.log(`store of ${N + 1} companies ready in ${seedS.toFixed(0)} s (0 when reused)`);
  console.log(`baseline: restart over the demo store (1 company): ${f(one)}`);
  console.log(`restart over ${N + 1} companies: ${f(many)} → ${(percentile(many, 50) / percentile(one, 50)).toFixed(1)}× baseline`);
  for (const w of watch) console.log(`  ${w.at} s after the first answer: ${w.fds} open files, RSS ${w.rss.toFixed(0)} MB`);
} finally {
  fs.rmSync(demoDir, { recursive: true, force: true });
  if (!process.env.DATA) fs.rmSync(manyDir, { recursive: true, force: true });
}
