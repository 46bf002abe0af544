// Initial bundle of the production build: every JS/CSS file index.html loads or preloads.
// Goal (issue 2): initial JS ≤ 250 kB gzipped; every feature route lazy.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { machine, root } from './lib.mjs';

const browser = path.join(root, 'dist/browser');
const html = fs.readFileSync(path.join(browser, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const all = fs.readdirSync(browser).filter((f) => f.endsWith('.js') && !f.startsWith('ngsw') && !f.startsWith('safety') && !f.startsWith('worker'));
const size = (file) => {
  const bytes = fs.readFileSync(path.join(browser, file));
  return { raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
};
const sum = (files) => files.map(size).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), { raw: 0, gzip: 0 });
const initialJs = sum(initial.filter((f) => f.endsWith('.js')));
const initialCss = sum(initial.filter((f) => f.endsWith('.css')));
const everything = sum(all);
const kb = (n) => (n / 1024).toFixed(1) + ' kB';
console.log(`# bundle size — ${new Date().toISOString()} — ${machine()}`);
console.log(`initial JS files: ${initial.filter((f) => f.endsWith('.js')).join(', ')}`);
console.log(`initial JS: ${kb(initialJs.raw)} raw, ${kb(initialJs.gzip)} gzip (goal ≤ 250 kB gzip) → ${initialJs.gzip <= 250 * 1024 ? 'OK' : 'OVER'}`);
console.log(`initial CSS: ${kb(initialCss.raw)} raw, ${kb(initialCss.gzip)} gzip`);
console.log(`all JS (lazy chunks included): ${all.length} files, ${kb(everything.raw)} raw, ${kb(everything.gzip)} gzip; initial share ${(100 * initialJs.raw / everything.raw).toFixed(0)} %`);
