// Lot upload end to end: a built server (dist/) in a temporary DATA_DIR, a file posted through the
// real API (multipart, streamed from disk), polled until VALID. Reports seconds from the start of
// the upload to VALID, records/s and the server's peak RSS (VmHWM, one fresh server process per
// case), next to the baseline of the same run: reading the same file and splitting it into lines
// and fields (bench/validator.mjs's baseline). Goals: 100k < 5 s, 1M < 40 s, RSS < 400 MB.
//
//   node bench/lot-upload.mjs                 REC 100,000 (cards seeded) and EMI 1,000,000
//   LOT_CASES=REC:1000000 node bench/lot-upload.mjs   other cases (TYPE:records, comma-separated)
//
// REC needs people holding cards: before the measured runs, the bench seeds that many cardholders
// into the stopped server's store with bench/lib/seed-holders.mjs (per person the card and holder
// pointer EMI processing writes, the product's own builders, through nano `_bulk_docs`; no ledger
// entries, card views not built). STORE_CACHE=<dir> keeps that seeded store and copies it in later
// runs. The server runs with INDEX_WARMER=off (see NO_WARMER). REC is then measured RIGHT AFTER A
// RESTART (the upload is posted as soon as /health answers), in the modes of REC_MODES:
//   start-read   (default) as the server runs: the holder set is read at start in the background
//                from its stored snapshot (written by a previous life: the bench's priming start)
//   lazy         HOLDER_SET_WARMUP=off: the upload's validation reads the snapshot itself
//   no-snapshot  HOLDER_SET_WARMUP=off and the snapshot removed: the upload's validation reads every
//                pointer (a store's first start on this version)
//   first-start  the snapshot removed, the server as it runs: its start-up read goes through every
//                pointer (and then writes the snapshot) while the upload arrives
// EMI: a one-record warm-up upload first (not measured); new people, branch 001.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { machine, root, serveFlags, startServer, tempDir } from './lib.mjs';
import { dropHolderSnapshot, seedHolders } from './lib/seed-holders.mjs';

const CASES = (process.env.LOT_CASES ?? 'REC:100000,EMI:1000000').split(',').map((c) => {
  const [type, n] = c.split(':');
  return { type, records: Number(n) };
});
const CID = 'cdemo000001';
const REC_MODES = (process.env.REC_MODES ?? 'start-read').split(',');
const MODE_ENV = { 'start-read': {}, lazy: { HOLDER_SET_WARMUP: 'off' }, 'no-snapshot': { HOLDER_SET_WARMUP: 'off' }, 'first-start': {} };
const CHUNK = 1 << 20;
// The index warmer (server/store/index-warmer.ts) would build the cards views over the seeded cards
// in the background during the measured upload, which reads none of them: off, so runs compare.
const NO_WARMER = { INDEX_WARMER: 'off' };

if (!fs.existsSync(path.join(root, 'dist/server/server/main.js')) || process.env.BUILD !== '0') {
  // other parts of the tree may not type-check while being written; tsc emits anyway
  spawnSync('npm', ['run', 'build:server'], { cwd: root, stdio: 'ignore' });
}

const results = [];
console.log(`lot upload end to end — ${machine()}; server started as npm run serve does: ${JSON.stringify(serveFlags())}`);
for (const c of CASES) results.push(...(await runCase(c)));
console.log('\n| file | baseline (read + split) | upload → VALID | records/s | ÷ baseline | first answer | peak server RSS |');
console.log('|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(
    `| ${r.type} ${r.records.toLocaleString('en')}, ${r.mb.toFixed(0)} MB${r.mode ? ` (${r.mode})` : ''} | ${(r.baselineMs / 1000).toFixed(2)} s | **${(r.ms / 1000).toFixed(2)} s** | ` +
      `${Math.round(r.rps).toLocaleString('en')} | ${(r.ms / r.baselineMs).toFixed(1)}× | ${r.firstAnswerMs.toFixed(0)} ms (${r.firstStatus}) | ${r.peakRssMb.toFixed(0)} MB |`,
  );
}

async function runCase({ type, records }) {
  const dataDir = tempDir('ce-bench-upload-');
  // BENCH_PORT: a port of one's own on a shared machine
  const port = Number(process.env.BENCH_PORT) || 18_000 + Math.floor(Math.random() * 2000);
  try {
    const file = path.join(dataDir, `${type}-${records}.txt`);
    const firstId = type === 'REC' ? 50_000_001 : 60_000_001;
    await generate(type, file, records, firstId);
    const mb = fs.statSync(file).size / 2 ** 20;
    const baselineMs = await baseline(file);

    // STORE_CACHE=<dir>: a REC store once seeded is kept there and copied for later runs
    const cached = type === 'REC' && process.env.STORE_CACHE ? path.join(process.env.STORE_CACHE, `${type}-${records}`) : null;
    let server;
    if (cached && fs.existsSync(path.join(cached, 'ready'))) {
      fs.cpSync(path.join(cached, 'data'), dataDir, { recursive: true });
      console.log(`  store (${records.toLocaleString('en')} cards) copied from ${cached}`);
    } else {
      // first start seeds the demo; REC: cardholders written while the server is stopped
      server = await startServer({ port, dataDir, env: NO_WARMER });
      await server.stop();
      if (type === 'REC') {
        const seedMs = await seedHolders({ dataDir, count: records, firstIdNumber: firstId });
        console.log(`  seeded ${records.toLocaleString('en')} cards + holder pointers in ${(seedMs / 1000).toFixed(1)} s (not measured)`);
        // priming start: its start-up read has no snapshot (reads every pointer) and writes one;
        // the one-record upload waits for that read, the stop for the snapshot write
        server = await startServer({ port, dataDir, env: NO_WARMER, healthTimeoutMs: 3_600_000 });
        const base = `http://127.0.0.1:${port}/api/v1`;
        const t = performance.now();
        const warm = await upload(base, await signIn(base), 'REC', new Blob([`H;J000000001;ALIM;REC;20261125;1;1.00\r\nD;V;${firstId};1.00\r\n`]), 'warm.txt');
        await pollValid(base, await signIn(base), warm.body.id);
        console.log(`  priming start: 1-record upload after its start-up read of ${records.toLocaleString('en')} holders without snapshot: ${((performance.now() - t) / 1000).toFixed(1)} s (not measured)`);
        await server.stop();
        if (cached) {
          fs.rmSync(cached, { recursive: true, force: true });
          fs.cpSync(dataDir, path.join(cached, 'data'), { recursive: true, filter: (src) => !src.endsWith('.txt') });
          fs.writeFileSync(path.join(cached, 'ready'), new Date().toISOString());
        }
      }
    }
    const out = [];
    for (const mode of type === 'REC' ? REC_MODES : [null]) {
      if (mode === 'no-snapshot' || mode === 'first-start') await dropHolderSnapshot(dataDir);
      server = await startServer({ port, dataDir, env: { ...NO_WARMER, ...(mode ? MODE_ENV[mode] : {}) }, healthTimeoutMs: 3_600_000 });
      const base = `http://127.0.0.1:${port}/api/v1`;
      try {
        const token = await signIn(base);
        if (!mode) {
          const t = performance.now();
          const warm = await upload(base, token, 'REC', new Blob([`H;J000000001;ALIM;REC;20261125;1;1.00\r\nD;V;${firstId};1.00\r\n`]), 'warm.txt');
          await pollValid(base, token, warm.body.id);
          console.log(`  warm-up upload (1 record): ${((performance.now() - t) / 1000).toFixed(1)} s`);
        }
        const t0 = performance.now();
        const answer = await upload(base, token, type, await fs.openAsBlob(file), path.basename(file));
        const firstAnswerMs = performance.now() - t0;
        const lot = await pollValid(base, token, answer.body.id);
        const ms = performance.now() - t0;
        if (lot.status !== 'VALID') throw new Error(`lot ${lot.status}: ${JSON.stringify(lot.errors.slice(0, 3))}`);
        if (lot.recordCount !== records) throw new Error(`recordCount ${lot.recordCount}`);
        const peakRssMb = vmHwmMb(server.child.pid);
        const r = { type, records, mode, mb, baselineMs, ms, rps: (records / ms) * 1000, firstAnswerMs, firstStatus: answer.status, peakRssMb };
        console.log(
          `${type} ${records.toLocaleString('en')} (${mb.toFixed(1)} MB)${mode ? ` ${mode}, posted as /health answered, ${(server.ms / 1000).toFixed(1)} s after the spawn` : ''}: baseline ${(baselineMs / 1000).toFixed(2)} s, ` +
            `upload → VALID ${(ms / 1000).toFixed(2)} s (${Math.round(r.rps).toLocaleString('en')} rec/s), first answer ${firstAnswerMs.toFixed(0)} ms ${answer.status}, ` +
            `peak RSS ${peakRssMb.toFixed(0)} MB; load ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
        );
        out.push(r);
      } finally {
        await server.stop();
      }
    }
    return out;
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function vmHwmMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

async function signIn(base) {
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 'carga', password: 'Carga#2026' }),
  });
  if (res.status !== 200) throw new Error(`sign-in ${res.status}`);
  return (await res.json()).accessToken;
}

async function upload(base, token, type, blob, name) {
  const form = new FormData();
  form.append('type', type);
  form.append('productCode', 'ALIM');
  form.append('file', blob, name);
  const res = await fetch(`${base}/companies/${CID}/lots`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = await res.json();
  if (res.status !== 201 && res.status !== 202) throw new Error(`upload ${res.status}: ${JSON.stringify(body)}`);
  return { status: res.status, body };
}

async function pollValid(base, token, lotId) {
  for (;;) {
    const res = await fetch(`${base}/companies/${CID}/lots/${lotId}`, { headers: { authorization: `Bearer ${token}` } });
    const lot = await res.json();
    if (lot.status !== 'VALIDATING') return lot;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function generate(type, file, n, firstId) {
  const out = fs.createWriteStream(file);
  const amount = type === 'REC' ? 150050 : 100000;
  const total = amount * n;
  const write = (s) => (out.write(s) ? undefined : new Promise((r) => out.once('drain', r)));
  await write(`H;J000000001;ALIM;${type};20261125;${n};${Math.floor(total / 100)}.${String(total % 100).padStart(2, '0')}\r\n`);
  let batch = '';
  for (let i = 0; i < n; i++) {
    const id = firstId + i;
    batch +=
      type === 'REC'
        ? `D;V;${id};1500.50\r\n`
        : `D;V;${id};María José;Pérez Ñáñez;19900214;mj.perez${i}@example.com;04141234567;001;1000.00\r\n`;
    if (batch.length > 1 << 16) {
      await write(batch);
      batch = '';
    }
  }
  await write(batch);
  await new Promise((resolve) => out.end(resolve));
}

/** bench/validator.mjs's baseline: read, decode, split into lines and fields. */
async function baseline(file) {
  const t0 = performance.now();
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let fields = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK })) {
    const text = pending + decoder.decode(chunk, { stream: true });
    let start = 0;
    let nl = text.indexOf('\n', start);
    while (nl !== -1) {
      fields += text.slice(start, nl).split(';').length;
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    pending = text.slice(start);
  }
  if (fields === 0) throw new Error('empty');
  return performance.now() - t0;
}
