// Cold start of the server to its first healthy answer: first start on an empty store (creates
// databases and seeds the demo) and a restart on the same store, each next to a baseline measured in
// the same run — a bare Node HTTP server spawned the same way — because this machine is noisy.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { machine, percentile, startServer, stopChild, tempDir, waitHealthy } from './lib.mjs';

const runs = Number(process.env.RUNS ?? 5);
const port = 18300;
const bare = `require('http').createServer((q,s)=>s.end('{}')).listen(${port + 1},'127.0.0.1')`;

const first = [], restart = [], baseline = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['-e', bare], { stdio: 'ignore' });
  baseline.push(await waitHealthy(`http://127.0.0.1:${port + 1}/`, t0, child));
  await stopChild(child);

  const dataDir = tempDir('ce-bench-cold-');
  const a = await startServer({ port, dataDir });
  first.push(a.ms);
  await a.stop();
  const b = await startServer({ port, dataDir });
  restart.push(b.ms);
  await b.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
const f = (v) => `${percentile(v, 50).toFixed(0)} ms (p50), ${Math.max(...v).toFixed(0)} ms (max)`;
console.log(`# cold start — ${new Date().toISOString()} — ${machine()} — ${runs} runs`);
console.log(`baseline (bare node http server): ${f(baseline)}`);
console.log(`first start, empty store + demo seed: ${f(first)} → ${(percentile(first, 50) / percentile(baseline, 50)).toFixed(1)}× baseline`);
console.log(`restart on existing store: ${f(restart)} → ${(percentile(restart, 50) / percentile(baseline, 50)).toFixed(1)}× baseline`);
