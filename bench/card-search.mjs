// Card search latency over 50,000 cards on the server (embedded store), per query type, p50/p95, against
// a same-run baseline: one card read by id through the same HTTP stack (auth, company check, route).
// `npm run build:server` first. Port BENCH_PORT (default 8361). Adds a dated subsection to the "Card search"
// section of BENCHMARKS.md (BENCH_LABEL names the run, e.g. "before"/"after" a change).
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { machine, percentile, root, startServer, stopChild, tempDir, waitHealthy } from './lib.mjs';

const CARDS = Number(process.env.BENCH_CARDS ?? 50_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const CID = 'cdemo000001';
const port = Number(process.env.BENCH_PORT ?? 8361);
const env = { ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1', LOG_LEVEL: 'warn', API_RATE_PER_MINUTE: '1000000' };
const tool = path.join(root, 'dist/server/server/cards/testing/card-bench-tool.js');
const base = `http://127.0.0.1:${port}/api/v1`;

async function api(p, { method = 'GET', token, json } = {}) {
  const res = await fetch(base + p, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${p}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const dataDir = tempDir('ce-bench-cards-');
const loadAtStart = os.loadavg();
try {
  let server = await startServer({ port, dataDir, env });
  await server.stop();
  const insertStarted = performance.now();
  const r = spawnSync(process.execPath, [tool, 'insert-cards', dataDir, String(CARDS)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(r.stderr);
  const sample = JSON.parse(r.stdout.trim().split('\n').pop());
  const insertMs = performance.now() - insertStarted;

  // (started by hand: a start after a bulk of new cards may first bring indexes up to date)
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'dist/server/server/main.js')], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  server = { child, stop: () => stopChild(child) };
  const startMs = await waitHealthy(`http://127.0.0.1:${port}/api/v1/health`, started, child, 1_800_000);
  const token = (await api('/auth/login', { method: 'POST', json: { userId: 'admin', password: 'Admin#2026' } })).accessToken;
  const list = (query) => api(`/companies/${CID}/cards?limit=100&${query}`, { token });
  const at = (values, i) => values[i % values.length];

  /** Query types: each run picks another value, so no answer is served twice from a cache. */
  const types = [
    ['holder id (cédula)', (i) => `q=${at(sample.holderIds, i)}`],
    ['last 4 digits', (i) => `q=${at(sample.last4, i)}`],
    ['name, one word (common first name)', (i) => `q=${encodeURIComponent(at(sample.names, i).split(' ')[0])}`],
    ['name, two words', (i) => `q=${encodeURIComponent(at(sample.names, i))}`],
    ['name prefix, 3 letters', (i) => `q=${encodeURIComponent(at(sample.names, i).split(' ')[1].slice(0, 3))}`],
    ['lot id (1,000 cards)', (i) => `lotId=${at(sample.lots, i)}`],
    ['order id (1,000 cards)', (i) => `orderId=${at(sample.orders, i)}`],
    ['status BLOCKED (3 %)', () => 'status=BLOCKED'],
    ['branch 002 (50 %)', () => 'branch=002'],
    ['status + branch', (i) => `status=${i % 2 ? 'ACTIVE' : 'BLOCKED'}&branch=${i % 2 ? '001' : '002'}`],
    ['plastic AT_BANK (10 %)', () => 'plastic=AT_BANK'],
    ['no filter, first page', () => ''],
    ['name + status (filter on read)', (i) => `q=${encodeURIComponent(at(sample.names, i).split(' ')[0])}&status=BLOCKED`],
  ];

  // first query of each type builds its index on the embedded store (PouchDB builds lazily): reported apart
  const firstMs = {};
  for (const [name, make] of types) {
    const t0 = performance.now();
    await list(make(0));
    firstMs[name] = performance.now() - t0;
  }
  const timed = async (fn) => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };
  // baseline: the same HTTP stack reading one card by id
  const baseline = [];
  for (let i = 0; i < RUNS; i++) baseline.push(await timed(() => api(`/companies/${CID}/cards/bench-${String((i * 1237) % CARDS).padStart(6, '0')}`, { token })));
  const rows = [];
  for (const [name, make] of types) {
    const ms = [];
    let items = 0;
    for (let i = 1; i <= RUNS; i++) {
      ms.push(
        await timed(async () => {
          items += (await list(make(i))).items.length;
        }),
      );
    }
    rows.push({ name, p50: percentile(ms, 50), p95: percentile(ms, 95), items: items / RUNS, first: firstMs[name] });
  }
  // deep paging: the 11th page of 100 by bookmark (what the grid's infinite model asks while scrolling)
  const deep = [];
  for (let run = 0; run < Math.max(5, RUNS / 8); run++) {
    let bookmark = null;
    for (let page = 0; page < 11; page++) {
      const t = await timed(async () => {
        bookmark = (await list(`branch=00${1 + (run % 2)}${bookmark ? `&bookmark=${bookmark}` : ''}`)).bookmark;
      });
      if (page === 10) deep.push(t);
    }
  }
  rows.push({ name: 'branch, 11th page by bookmark', p50: percentile(deep, 50), p95: percentile(deep, 95), items: 100, first: null });
  await server.stop();

  const b50 = percentile(baseline, 50);
  const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
  const load = (l) => l.map((x) => x.toFixed(1)).join(' / ');
  const label = process.env.BENCH_LABEL ? ` — ${process.env.BENCH_LABEL}` : '';
  const lines = [
    '',
    `### ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${CARDS.toLocaleString('en')} cards${label}`,
    '',
    `\`BENCH_CARDS=${CARDS} node bench/card-search.mjs\` — ${machine()}, load average (1 / 5 / 15 min) ${load(loadAtStart)} at the start, ${load(os.loadavg())} at the end, embedded store, ` +
      `${CARDS.toLocaleString('en')} cards in one company (inserted and indexed with the server stopped in ${(insertMs / 1000).toFixed(1)} s, ` +
      `of which bringing the cards database's ${'indexes'} up to date: ${(sample.indexMs / 1000).toFixed(1)} s; the server then started in ${(startMs / 1000).toFixed(1)} s), ` +
      `pages of 100 (the grid's block), ${RUNS} runs per type, each with another value.`,
    '',
    `Baseline, same run: one card read by id through the same HTTP stack (auth, company check, route): p50 ${fmt(b50)} ms, p95 ${fmt(percentile(baseline, 95))} ms.`,
    '',
    '| query | p50 ms | p95 ms | p50 / baseline | cards per answer | first query (builds the index) |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${(r.p50 / b50).toFixed(1)}× | ${Math.round(r.items)} | ${r.first === null ? '—' : `${(r.first / 1000).toFixed(1)} s`} |`),
    '',
    'Every query is a key range of the search index, paged by bookmark. The first-query column is warm: the tool brought the ' +
      'index up to date before the start.',
    '',
  ];
  console.log(lines.join('\n'));
  // appended at the end of the "Card search" section: earlier runs stay for comparison
  const file = path.join(root, 'BENCHMARKS.md');
  const current = fs.readFileSync(file, 'utf8');
  const section = /\n## Card search \(`bench\/card-search\.mjs`\)\n[\s\S]*?(?=\n## |$)/;
  const body = lines.join('\n').replace(/\n$/, '');
  fs.writeFileSync(
    file,
    section.test(current)
      ? current.replace(section, (s) => s.replace(/\n*$/, '\n') + body + '\n')
      : current.replace(/\n*$/, '\n') + '\n## Card search (`bench/card-search.mjs`)\n' + body + '\n',
  );
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
