import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startTestServer, type TestServer } from '../testing/test-server';
import { startEmbeddedStore, type EmbeddedStore } from './embedded-server';

/**
 * Issue 2: with COUCHDB_URL unset the embedded store listens "on loopback only, never reachable from
 * outside". Shown at the operating system's level, not by the URL we build: the kernel's table of
 * listening sockets holds the store's port on 127.0.0.1 only (nothing on 0.0.0.0 or ::), a connection
 * to any other address of this machine is refused (while a control listener on all addresses is
 * reachable there), and on loopback nothing is answered without this process's secret.
 */

/** Local addresses (hex, as the kernel writes them) of the sockets listening on `port` (/proc/net/tcp and tcp6). */
function listeningOn(port: number): string[] {
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== '0A') continue; // 0A = LISTEN
      const [address, hexPort] = local.split(':');
      if (parseInt(hexPort, 16) === port) found.push(address);
    }
  }
  return found;
}
const LOOPBACK_HEX = '0100007F'; // 127.0.0.1, little-endian

/** This machine's IPv4 addresses other than loopback. */
const externalAddresses = () =>
  Object.values(os.networkInterfaces())
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => !!a && a.family === 'IPv4' && !a.internal)
    .map((a) => a.address);

/** 'connected' or the connection error's code (ECONNREFUSED, …). */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 3000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('ETIMEDOUT');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? String(err)));
  });
}

const basic = (user: string, password: string) => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');

describe('embedded store: loopback only, behind a per-process secret', () => {
  let dir: string;
  let store: EmbeddedStore;
  let port: number;
  let secret: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ce-embedded-'));
    store = await startEmbeddedStore(dir);
    const url = new URL(store.url);
    port = Number(url.port);
    secret = decodeURIComponent(url.password);
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the kernel lists its port as listening on 127.0.0.1 only', () => {
    expect(listeningOn(port)).toEqual([LOOPBACK_HEX]);
  });

  it("refuses connections to this machine's other addresses, which a listener on all addresses answers", async () => {
    const control = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => control.listen(0, '0.0.0.0', resolve));
    const controlPort = (control.address() as net.AddressInfo).port;
    try {
      for (const address of externalAddresses()) {
        expect(await tryConnect(address, controlPort)).withContext(`control listener at ${address}`).toBe('connected');
        expect(await tryConnect(address, port)).withContext(`store at ${address}`).toBe('ECONNREFUSED');
      }
    } finally {
      await new Promise<void>((resolve) => control.close(() => resolve()));
    }
    expect(await tryConnect('127.0.0.1', port)).toBe('connected');
  });

  it('answers 401 without the secret, with a wrong one, or with another start’s; the right one is served', async () => {
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/_all_dbs`)).status).toBe(401);
    expect((await fetch(`${base}/_all_dbs`, { headers: { authorization: basic('ce', 'wrong') } })).status).toBe(401);
    expect((await fetch(`${base}/_all_dbs`, { headers: { authorization: basic('admin', secret) } })).status).toBe(401);
    const answer = await fetch(`${base}/_all_dbs`, { headers: { authorization: basic('ce', secret) } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual(jasmine.any(Array));

    // a new start (of the same folder) makes a new secret: the old one no longer opens it
    await store.close();
    store = await startEmbeddedStore(dir);
    const again = new URL(store.url);
    port = Number(again.port);
    expect(decodeURIComponent(again.password)).not.toBe(secret);
    expect((await fetch(`http://127.0.0.1:${port}/_all_dbs`, { headers: { authorization: basic('ce', secret) } })).status).toBe(401);
    secret = decodeURIComponent(again.password);
  });
});

describe('a server without COUCHDB_URL', () => {
  let server: TestServer;
  beforeAll(async () => {
    // as `npm start` runs it: the API on every address (HOST 0.0.0.0), the store still on loopback
    server = await startTestServer({ HOST: '0.0.0.0' });
  });
  afterAll(async () => server.close());

  it('uses the embedded store on loopback; its API port is on every address, its store port only on 127.0.0.1', async () => {
    expect(await (await server.api('/health')).json()).toEqual({ status: 'ok', store: 'embedded' });
    const storePort = Number(new URL(server.ctx.store.url).port);
    const apiPort = Number(new URL(server.url).port);
    expect(listeningOn(storePort)).toEqual([LOOPBACK_HEX]);
    for (const address of externalAddresses()) {
      expect(await tryConnect(address, apiPort)).withContext(`API at ${address}`).toBe('connected');
      expect(await tryConnect(address, storePort)).withContext(`store at ${address}`).toBe('ECONNREFUSED');
    }
  });
});
