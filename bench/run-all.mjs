// `npm run bench`: every benchmark, in turn, against the current build (run `npm run build` first).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './lib.mjs';

const only = process.argv.slice(2);
const scripts = fs
  .readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.mjs') && !['lib.mjs', 'run-all.mjs'].includes(f))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
for (const script of scripts) {
  const r = spawnSync(process.execPath, [path.join(root, 'bench', script)], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
  console.log();
}
