// Small helpers shared by the benchmark scripts.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function machine() {
  return `${os.cpus().length}× ${os.cpus()[0]?.model?.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
}

export function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * How `npm run serve` starts the server: the environment assignments and node options of
 * package.json's `serve` script (e.g. `MALLOC_ARENA_MAX=2 node --max-old-space-size=384 …`), so
 * benchmarks measure the server as it is run. SERVE_FLAGS=none starts a bare `node main.js`
 * instead (a same-run comparison).
 */
export function serveFlags() {
  if (process.env.SERVE_FLAGS === 'none') return { nodeArgs: [], env: {} };
  const script = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.serve;
  const words = script.split(/\s+/);
  const env = {};
  let i = 0;
  for (; i < words.length && /^[A-Z_]+=/.test(words[i]); i++) {
    const [k, v] = words[i].split('=');
    env[k] = v;
  }
  if (words[i] !== 'node') throw new Error(`package.json serve: expected node, got ${script}`);
  const nodeArgs = [];
  for (i++; i < words.length && words[i].startsWith('--'); i++) nodeArgs.push(words[i]);
  return { nodeArgs, env };
}

/**
 * Starts the built server (dist/) on a port, as `npm run serve` does, and resolves once /api/v1/health
 * answers 200. `onLog` receives each line the server logs on stdout (its pino JSON; set LOG_LEVEL in `env`).
 */
export async function startServer({ port, dataDir, env = {}, healthTimeoutMs, onLog }) {
  const started = performance.now();
  const flags = serveFlags();
  const child = spawn(process.execPath, [...flags.nodeArgs, path.join(root, 'dist/server/server/main.js')], {
    env: { ...process.env, ...flags.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', onLog ? 'pipe' : 'ignore', 'inherit'],
  });
  if (onLog) {
    let rest = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop();
      for (const line of lines) if (line) onLog(line);
    });
  }
  const ms = await waitHealthy(`http://127.0.0.1:${port}/api/v1/health`, started, child, healthTimeoutMs);
  return { child, ms, stop: () => stopChild(child) };
}

export async function waitHealthy(url, started, child, timeoutMs = 120_000) {
  while (performance.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.status === 200) return performance.now() - started;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('server did not become healthy');
}

export function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}
