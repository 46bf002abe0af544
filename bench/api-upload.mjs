// ERP API lot upload by API key (X-Api-Key + Idempotency-Key), with the same-run baseline of the
// same uploads by a signed-in user (Authorization: Bearer). One built server (dist/) in a temporary
// DATA_DIR; the two kinds alternate so that drift of the machine hits both alike.
//
//   node bench/api-upload.mjs                   EMI 100,000 records ×2 each, 200 REC lots of 10 records ×2 each
//   BIG=EMI:20000 SMALL=50 ROUNDS=1 node bench/api-upload.mjs     a quick run
//
// Big file: upload → VALID (background validation, 202 then polled), records/s.
// Small lots: 10-record REC files validated before the answer (201), 4 in parallel: lots/s and
// records/s, i.e. what an ERP sending many small payrolls sees; here the per-call cost of the key
// (look-up, rate limiter, idempotency record) weighs most.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { machine, root, startServer, tempDir } from './lib.mjs';

const [BIG_TYPE, BIG_N] = (process.env.BIG ?? 'EMI:100000').split(':');
const BIG_RECORDS = Number(BIG_N);
const SMALL_LOTS = Number(process.env.SMALL ?? 200);
const SMALL_RECORDS = 10;
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const PARALLEL = 4;
const CID = 'cdemo000001';
const PORT = Number(process.env.PORT ?? 8341);

if (!fs.existsSync(path.join(root, 'dist/server/server/main.js')) || process.env.BUILD !== '0') {
  spawnSync('npm', ['run', 'build:server'], { cwd: root, stdio: 'ignore' });
}

const dataDir = tempDir('ce-bench-api-');
console.log(`API lot upload by key vs bearer — ${machine()}`);
// the per-IP and per-key limits are raised: this measures throughput, not the limiter's refusals
const server = await startServer({ port: PORT, dataDir, env: { API_RATE_PER_MINUTE: '1000000', API_KEY_RATE_PER_MINUTE: '1000000' } });
const base = `http://127.0.0.1:${PORT}/api/v1`;
let amountSeq = 0;
try {
  const admin = await signIn('admin', 'Admin#2026');
  const bearer = { authorization: `Bearer ${await signIn('carga', 'Carga#2026')}` };
  const created = await post(`/companies/${CID}/api-keys`, { authorization: `Bearer ${admin}` }, { name: 'bench', permissions: ['lots.upload'], password: 'Admin#2026' });
  const keyHeaders = { 'x-api-key': created.key };
  const kinds = [
    { name: 'bearer', headers: () => bearer },
    // the same with Idempotency-Key: separates the key's own cost from the idempotency record's
    { name: 'bearerIdem', headers: () => ({ ...bearer, 'idempotency-key': randomUUID() }) },
    { name: 'key', headers: () => ({ ...keyHeaders, 'idempotency-key': randomUUID() }) },
  ];
  // warm-up (not measured): one small lot each
  for (const k of kinds) await uploadSmall(k);

  const big = { bearer: [], bearerIdem: [], key: [] };
  const small = { bearer: [], bearerIdem: [], key: [] };
  let firstId = 70_000_001;
  for (let round = 1; round <= ROUNDS; round++) {
    for (const k of round % 2 ? kinds : [...kinds].reverse()) {
      const file = path.join(dataDir, `big-${k.name}-${round}.txt`);
      await generate(BIG_TYPE, file, BIG_RECORDS, firstId);
      firstId += BIG_RECORDS;
      const ms = await uploadBig(k, file);
      big[k.name].push(ms);
      console.log(`round ${round} ${k.name}: ${BIG_TYPE} ${BIG_RECORDS.toLocaleString('en')} → VALID ${(ms / 1000).toFixed(2)} s (${Math.round((BIG_RECORDS / ms) * 1000).toLocaleString('en')} rec/s)`);
      fs.rmSync(file);
    }
    for (const k of round % 2 ? kinds : [...kinds].reverse()) {
      const ms = await smallBatch(k);
      small[k.name].push(ms);
      console.log(`round ${round} ${k.name}: ${SMALL_LOTS} REC lots of ${SMALL_RECORDS} → ${(ms / 1000).toFixed(2)} s (${((SMALL_LOTS / ms) * 1000).toFixed(1)} lots/s)`);
    }
  }
  const best = (xs) => Math.min(...xs);
  const row = (label, b, bi, k, unit) =>
    `| ${label} | ${unit(b)} | ${unit(bi)} | **${unit(k)}** | ${(k / b).toFixed(2)}× | ${(k / bi).toFixed(2)}× |`;
  console.log(`\n| case (best of ${ROUNDS}) | baseline: Bearer | Bearer + Idempotency-Key | API key + Idempotency-Key | key ÷ Bearer (time) | key ÷ Bearer+Idem |`);
  console.log('|---|---|---|---|---|---|');
  console.log(row(`${BIG_TYPE} ${BIG_RECORDS.toLocaleString('en')} records, upload → VALID`, best(big.bearer), best(big.bearerIdem), best(big.key), (ms) => `${(ms / 1000).toFixed(2)} s, ${Math.round((BIG_RECORDS / ms) * 1000).toLocaleString('en')} rec/s`));
  console.log(row(`${SMALL_LOTS} REC lots × ${SMALL_RECORDS} records, ${PARALLEL} in parallel`, best(small.bearer), best(small.bearerIdem), best(small.key), (ms) => `${(ms / 1000).toFixed(2)} s, ${((SMALL_LOTS / ms) * 1000).toFixed(1)} lots/s, ${Math.round(((SMALL_LOTS * SMALL_RECORDS) / ms) * 1000).toLocaleString('en')} rec/s`));
} finally {
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

async function signIn(userId, password) {
  const res = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, password }) });
  if (res.status !== 200) throw new Error(`sign-in ${userId}: ${res.status}`);
  return (await res.json()).accessToken;
}

async function post(p, headers, json) {
  const res = await fetch(base + p, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(json) });
  const body = await res.json();
  if (res.status >= 300) throw new Error(`POST ${p}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

async function upload(kind, type, blob, name) {
  const form = new FormData();
  form.append('type', type);
  form.append('productCode', 'ALIM');
  form.append('file', blob, name);
  const res = await fetch(`${base}/companies/${CID}/lots`, { method: 'POST', headers: kind.headers(), body: form });
  const body = await res.json();
  if (res.status !== 201 && res.status !== 202) throw new Error(`upload by ${kind.name}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

/** GETs carry no Idempotency-Key (it is for writes). */
function pollHeaders(kind) {
  const { 'idempotency-key': _, ...rest } = kind.headers();
  return rest;
}

async function uploadBig(kind, file) {
  const t0 = performance.now();
  let lot = await upload(kind, BIG_TYPE, await fs.openAsBlob(file), path.basename(file));
  while (lot.status === 'VALIDATING') {
    await new Promise((r) => setTimeout(r, 100));
    lot = await (await fetch(`${base}/companies/${CID}/lots/${lot.id}`, { headers: pollHeaders(kind) })).json();
  }
  const ms = performance.now() - t0;
  if (lot.status !== 'VALID' || lot.recordCount !== BIG_RECORDS) throw new Error(`big lot ${lot.status} ${lot.recordCount}: ${JSON.stringify(lot.errors?.slice(0, 2))}`);
  return ms;
}

function smallFile() {
  // distinct amounts so that no two files are the same (duplicate detection is not what we measure)
  const cents = 10_000 + (amountSeq++ % 50_000);
  const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
  const total = cents * SMALL_RECORDS;
  const lines = [`H;J000000001;ALIM;REC;20261125;${SMALL_RECORDS};${Math.floor(total / 100)}.${String(total % 100).padStart(2, '0')}`];
  const first = 10_000_001 + ((amountSeq * SMALL_RECORDS) % 190);
  for (let i = 0; i < SMALL_RECORDS; i++) lines.push(`D;V;${first + i};${amount}`);
  return lines.join('\r\n') + '\r\n';
}

async function uploadSmall(kind) {
  const lot = await upload(kind, 'REC', new Blob([smallFile()]), 'nomina.txt');
  if (lot.status !== 'VALID') throw new Error(`small lot ${lot.status}: ${JSON.stringify(lot.errors?.slice(0, 2))}`);
}

async function smallBatch(kind) {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < SMALL_LOTS) {
        next++;
        await uploadSmall(kind);
      }
    }),
  );
  return performance.now() - t0;
}

async function generate(type, file, n, firstId) {
  const out = fs.createWriteStream(file);
  const write = (s) => (out.write(s) ? undefined : new Promise((r) => out.once('drain', r)));
  await write(`H;J000000001;ALIM;${type};20261125;${n};${n * 1000}.00\r\n`);
  let batch = '';
  for (let i = 0; i < n; i++) {
    batch += `D;V;${firstId + i};María José;Pérez Ñáñez;19900214;mj.perez${i}@example.com;04141234567;001;1000.00\r\n`;
    if (batch.length > 1 << 16) {
      await write(batch);
      batch = '';
    }
  }
  await write(batch);
  await new Promise((resolve) => out.end(resolve));
}
