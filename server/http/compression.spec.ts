import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { DEMO_COMPANY_ID } from '../demo/demo-data';
import { tokenOf } from '../sync/sync.testing';
import { startTestServer, type TestServer } from '../testing/test-server';

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** the bytes as they came over the wire, and when the first of them came */
  wire: Buffer;
  firstByteMs: number;
}

/** A GET that asks for gzip the way browsers do and keeps the body as sent (fetch would unpack it). */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let firstByteMs = -1;
    const req = http.get(url, { headers: { 'accept-encoding': 'gzip, deflate, br', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        if (firstByteMs < 0) firstByteMs = Date.now() - started;
        chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, wire: Buffer.concat(chunks), firstByteMs }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

function unpack(a: RawAnswer): string {
  const encoding = a.headers['content-encoding'];
  const bytes = encoding === 'br' ? zlib.brotliDecompressSync(a.wire) : encoding === 'gzip' ? zlib.gunzipSync(a.wire) : a.wire;
  return bytes.toString('utf8');
}
const PACKED: Array<string | undefined> = ['br', 'gzip'];

describe('response compression', () => {
  let server: TestServer;
  let staticDir: string;
  let admin: string;
  const bundle = 'chunk-ABCDEFGH.js';
  const bundleText = Array.from({ length: 2000 }, (_, i) => `export const rule${i} = (cents) => Math.round(cents * ${i}) / 100;`).join('\n');

  beforeAll(async () => {
    staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ce-static-'));
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Conexión Empresas</title>');
    fs.writeFileSync(path.join(staticDir, bundle), bundleText);
    server = await startTestServer({ STATIC_DIR: staticDir });
    admin = await tokenOf(server, 'admin', 'Admin#2026');
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(staticDir, { recursive: true, force: true });
  });

  it('sends the PWA bundles compressed (brotli or gzip), several times smaller, with their long cache intact', async () => {
    const a = await rawGet(`${server.url}/${bundle}`);
    expect(a.status).toBe(200);
    expect(PACKED).toContain(a.headers['content-encoding']);
    expect(a.headers['cache-control']).toContain('immutable');
    expect(unpack(a)).toBe(bundleText);
    expect(a.wire.length).toBeLessThan(bundleText.length / 4);
  });

  it('sends API answers and replication pulls compressed, and plain to a client that does not ask for it', async () => {
    const spec = await rawGet(`${server.url}/api/v1/openapi.json`);
    expect(PACKED).toContain(spec.headers['content-encoding']);
    expect(JSON.parse(unpack(spec)).openapi).toMatch(/^3\./);

    const pullPath = `/api/v1/sync/${DEMO_COMPANY_ID}/cards/_changes?feed=normal&include_docs=true&since=0&limit=200`;
    const pull = await rawGet(server.url + pullPath, { authorization: `Bearer ${admin}` });
    expect(pull.status).toBe(200);
    expect(PACKED).toContain(pull.headers['content-encoding']);
    const rows = JSON.parse(unpack(pull)).results;
    expect(rows.length).toBe(200);
    expect(pull.wire.length).toBeLessThan(unpack(pull).length / 4);

    const plain = await rawGet(server.url + pullPath, { authorization: `Bearer ${admin}`, 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.wire.toString('utf8')).results.length).toBe(200);
  });

  it('leaves a longpoll wait uncompressed, so its heartbeats reach the device while it waits', async () => {
    const wait = await rawGet(
      `${server.url}/api/v1/sync/${DEMO_COMPANY_ID}/branches/_changes?feed=longpoll&since=now&heartbeat=1000&timeout=3000`,
      { authorization: `Bearer ${admin}` },
    );
    expect(wait.status).toBe(200);
    expect(wait.headers['content-encoding']).toBeUndefined();
    // the first heartbeat came long before the wait ended
    expect(wait.firstByteMs).toBeLessThan(2500);
    expect(wait.wire.toString('utf8').startsWith('\n')).toBeTrue();
    expect(JSON.parse(wait.wire.toString('utf8')).results).toEqual([]);
  });
});
