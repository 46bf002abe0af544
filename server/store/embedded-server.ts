import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

/**
 * The embedded CouchDB-protocol store: PouchDB Server (express-pouchdb) on LevelDB under DATA_DIR.
 * It listens on 127.0.0.1 only, on a port the OS picks, and demands a secret generated for this
 * process, so neither another host nor another local program can read it. Our code reaches it
 * only through nano, exactly as it would reach Apache CouchDB.
 */
export interface EmbeddedStore {
  url: string; // with credentials, for nano
  close(): Promise<void>;
}

export async function startEmbeddedStore(storeDir: string): Promise<EmbeddedStore> {
  fs.mkdirSync(storeDir, { recursive: true });
  // express-pouchdb and PouchDB are CommonJS without types.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const BasePouchDB = require('pouchdb');
  // Each embedded store subscribes to the base constructor's events. A server has one; the test
  // suite starts dozens in one process, which is not a leak worth Node's warning.
  BasePouchDB.setMaxListeners(200);
  const PouchDB = BasePouchDB.defaults({ prefix: storeDir + path.sep });
  if (!openedInThisProcess.has(path.resolve(storeDir))) await assertStoreFree(PouchDB, storeDir);
  openedInThisProcess.add(path.resolve(storeDir));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const expressPouchDB = require('express-pouchdb');
  const pouchApp = expressPouchDB(PouchDB, {
    mode: 'fullCouchDB',
    configPath: path.join(storeDir, 'config.json'),
    logPath: path.join(storeDir, 'log.txt'),
    overrideMode: {
      // compression buffers continuous _changes feeds forever (TOOLCHAIN.md); the rest are
      // CouchDB features we do not use and should not expose: users, sessions, replication, UI.
      exclude: [
        'compression',
        'routes/fauxton',
        'routes/authentication',
        'routes/authorization',
        'routes/session',
        'routes/special-test-auth',
        'routes/replicate',
        'replicator',
        'routes/http-log',
        'routes/vhosts',
      ],
    },
  });

  const password = randomBytes(24).toString('hex');
  const expected = Buffer.from('Basic ' + Buffer.from(`ce:${password}`).toString('base64'));
  const server = http.createServer((req, res) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"error":"unauthorized","reason":"Name or password is incorrect."}');
      return;
    }
    // PouchDB Server would otherwise read the Basic header as a CouchDB user and look it up.
    delete req.headers.authorization;
    pouchApp(req, res);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://ce:${password}@127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Folders this process has opened: PouchDB keeps their LevelDB handles (shared by every later store on
 * the same folder in this process — a test restarting a server), so they are not probed again: closing
 * the probe would close the handle the earlier store's PouchDB Server still uses.
 */
const openedInThisProcess = new Set<string>();

/**
 * LevelDB lets one process at a time open a folder. A second one — another server on the same
 * DATA_DIR, or `npm run demo:reset` while the server runs — would otherwise start and then fail its
 * first write on a LOCK file in English; it is told here, before anything is served or changed.
 * The probe opens the database PouchDB Server keeps open for as long as it runs (its list of databases).
 */
async function assertStoreFree(PouchDB: new (name: string) => { info(): Promise<unknown>; close(): Promise<void> }, storeDir: string) {
  const probe = new PouchDB('pouch__all_dbs__');
  try {
    await probe.info();
  } catch (err) {
    if (/\block\b/i.test(err instanceof Error ? err.message : String(err))) throw new StoreInUseError(storeDir);
    throw err;
  } finally {
    await probe.close().catch(() => undefined);
  }
}

export class StoreInUseError extends Error {
  constructor(readonly storeDir: string) {
    super(
      `el almacén de datos ${storeDir} ya está abierto por otro proceso (¿un servidor en marcha sobre el mismo DATA_DIR?). ` +
        'Detenga ese proceso o use otro DATA_DIR.',
    );
    this.name = 'StoreInUseError';
  }
}
