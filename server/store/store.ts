import nano from 'nano';
import type { Logger } from '../logger';
import { startEmbeddedStore } from './embedded-server';
import { createIndexWarmer, type IndexWarmer } from './index-warmer';
import { createStartUpListing, type StartUpListing } from './start-up-listing';

/**
 * The store adapter: the only module that knows whether we talk to the embedded PouchDB Server
 * or to Apache CouchDB 3. Everything else gets a nano client and follows CouchDB's behaviour.
 */
export interface Store {
  kind: 'embedded' | 'couchdb';
  client: nano.ServerScope;
  /** base URL with credentials (the sync endpoint forwards to it) */
  url: string;
  use<T extends object = Record<string, unknown>>(database: string): nano.DocumentScope<T>;
  /** brings views and Mango indexes up to date in the background (after start, after bulk writes) */
  warmer: IndexWarmer;
  /** the company databases and their sizes as found at start, shared by the start-up warm-ups */
  startUp: StartUpListing;
  close(): Promise<void>;
}

export async function openStore(options: { couchdbUrl?: string; storeDir: string; log: Logger }): Promise<Store> {
  if (options.couchdbUrl) {
    const client = nano(clientConfig(options.couchdbUrl));
    await waitUntilUp(client, options.log);
    const startUp = createStartUpListing(client);
    const warmer = createIndexWarmer(client, options.log, startUp);
    return {
      kind: 'couchdb',
      client,
      url: options.couchdbUrl.replace(/\/+$/, ''),
      use: (db) => client.use(db),
      warmer,
      startUp,
      close: async () => {
        startUp.stop();
        await warmer.stop();
      },
    };
  }
  const embedded = await startEmbeddedStore(options.storeDir);
  const client = nano(clientConfig(embedded.url));
  await waitUntilUp(client, options.log);
  const startUp = createStartUpListing(client);
  const warmer = createIndexWarmer(client, options.log, startUp);
  const close = async () => {
    // the read in flight is let finish (tests remove the store's files right after closing)
    startUp.stop();
    await warmer.stop();
    await embedded.close();
  };
  return { kind: 'embedded', client, url: embedded.url, use: (db) => client.use(db), warmer, startUp, close };
}

async function waitUntilUp(client: nano.ServerScope, log: Logger, attempts = 60): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      await client.info();
      return;
    } catch (err) {
      if (i >= attempts) throw err;
      if (i === 1) log.warn('store not answering yet; retrying');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** `parseUrl: false` keeps a CouchDB mounted under a path usable (TOOLCHAIN.md); nano's types omit it. */
function clientConfig(url: string): nano.Configuration {
  return { url, parseUrl: false } as nano.Configuration;
}
