// Lot validator throughput on 1,000,000-record files (REC and EMI), next to the baseline of the
// same run: reading the same file, decoding it and splitting it into lines and fields, nothing else.
// Requirement: validator ≥ 1/3 of the baseline's records/s. Each measurement runs in its own child
// process so that its peak RSS is its own. Uses the compiled domain in dist/server (npm run build:server).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { machine, root, tempDir } from './lib.mjs';

const RECORDS = Number(process.env.LOT_RECORDS ?? 1_000_000);
const CHUNK = 1 << 20;
const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4], process.argv[5]);
} else {
  await main();
}

async function main() {
  const dir = tempDir('ce-bench-lots-');
  try {
    console.log(`lot validator, ${RECORDS.toLocaleString('en')} records — ${machine()}`);
    for (const type of ['REC', 'EMI']) {
      const file = path.join(dir, `${type}.txt`);
      await generate(type, file, RECORDS);
      const mb = fs.statSync(file).size / 2 ** 20;
      const runs = {};
      for (const mode of ['baseline', 'validator', 'validator-1pass']) {
        const r = spawnSync(process.execPath, [self, '--child', mode, type, file], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
        runs[mode] = JSON.parse(r.stdout.trim().split('\n').pop());
      }
      const base = runs.baseline;
      for (const [mode, run] of Object.entries(runs)) {
        const ratio = (run.recordsPerSecond / base.recordsPerSecond).toFixed(2);
        console.log(
          `${type} ${mb.toFixed(1)} MB  ${mode.padEnd(16)} ${(run.ms / 1000).toFixed(2)} s  ` +
            `${Math.round(run.recordsPerSecond).toLocaleString('en')} rec/s  ratio ${ratio}  ` +
            `peak RSS ${run.peakRssMb.toFixed(0)} MB  ${run.note ?? ''}`,
        );
      }
      const ratio = runs.validator.recordsPerSecond / base.recordsPerSecond;
      console.log(`${type}: validator/baseline = ${ratio.toFixed(2)} (requirement ≥ 0.33) ${ratio >= 1 / 3 ? 'OK' : 'FAIL'}`);
      if (ratio < 1 / 3) process.exitCode = 1;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function generate(type, file, n) {
  const out = fs.createWriteStream(file);
  const total = type === 'REC' ? 150050 * n : 100000 * n;
  const whole = Math.floor(total / 100);
  const cents = String(total % 100).padStart(2, '0');
  const write = (s) => (out.write(s) ? undefined : new Promise((r) => out.once('drain', r)));
  await write(`H;J000000001;ALIM;${type};20261125;${n};${whole}.${cents}\r\n`);
  let batch = '';
  for (let i = 0; i < n; i++) {
    const id = 10000001 + i;
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

async function child(mode, type, file) {
  const t0 = performance.now();
  let records = 0;
  let note = '';
  if (mode === 'baseline') {
    // Read, decode, split into lines and fields: the floor any validator has to pay.
    const decoder = new TextDecoder('utf-8');
    let pending = '';
    let fields = 0;
    for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK })) {
      const text = pending + decoder.decode(chunk, { stream: true });
      let start = 0;
      let nl = text.indexOf('\n', start);
      while (nl !== -1) {
        const parts = text.slice(start, nl).split(';');
        fields += parts.length;
        records++;
        start = nl + 1;
        nl = text.indexOf('\n', start);
      }
      pending = text.slice(start);
    }
    note = `${fields} fields`;
  } else {
    const require = createRequire(import.meta.url);
    const lots = require(path.join(root, 'dist/server/src/domain/lots/index.js'));
    const context = {
      taxId: 'J000000001',
      lotTypeChosen: type,
      products: [{ code: 'ALIM', maxLoadCents: 500000, maxRechargeCents: 300000, maxRecordsPerFile: 1_000_000 }],
      branchExists: (code) => code === '001' || code === '002',
      // REC: every generated person holds a card; EMI: none does (the lookups a server preloads).
      personHasCard: () => type === 'REC',
    };
    let result;
    if (mode === 'validator') {
      result = await lots.validateLotSource(() => fs.createReadStream(file, { highWaterMark: CHUNK }), context, {
        fileBytes: fs.statSync(file).size,
      });
    } else {
      // Validation pass only (encoding known), to show what the first pass costs.
      const decoder = new lots.LotTextDecoder('utf-8');
      const v = lots.createLotValidator({}, context);
      for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK })) v.pushText(decoder.decode(chunk));
      v.pushText(decoder.finish());
      result = v.finish();
    }
    if (!result.valid) throw new Error(`generated file invalid: ${JSON.stringify(result.errors.slice(0, 3))}`);
    records = result.recordCount + 1;
    note = `valid, ${result.recordCount} records`;
  }
  const ms = performance.now() - t0;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ mode, ms, recordsPerSecond: (records / ms) * 1000, peakRssMb, note }));
}
