import { type RxCollection, type RxDatabase, type RxStorage, addRxPlugin, createRxDatabase, removeRxDatabase } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { LocalAccount, LocalBranch, LocalCard, LocalLot, LocalMeta, LocalOrder, LocalRequest } from './doc-types';
import { accountSchema, branchSchema, cardSchema, lotSchema, metaSchema, orderSchema, requestSchema } from './schemas';

export interface DeviceCollections {
  cards: RxCollection<LocalCard>;
  lots: RxCollection<LocalLot>;
  orders: RxCollection<LocalOrder>;
  branches: RxCollection<LocalBranch>;
  accounts: RxCollection<LocalAccount>;
  requests: RxCollection<LocalRequest>;
  meta: RxCollection<LocalMeta>;
}

export type DeviceDatabase = RxDatabase<DeviceCollections>;

/** 7 collections: the free RxDB opens at most 13 (TOOLCHAIN.md). */
export const COLLECTIONS = {
  cards: {
    schema: cardSchema,
    migrationStrategies: {
      // 0 → 1: lot and order ids, unknown for cards pulled before; the cards pull starts over to fill them
      1: (card: Record<string, unknown>) => ({ ...card, lotId: card['lotId'] ?? null, orderId: card['orderId'] ?? null }),
    },
  },
  lots: { schema: lotSchema },
  orders: { schema: orderSchema },
  branches: { schema: branchSchema },
  accounts: { schema: accountSchema },
  requests: { schema: requestSchema },
  meta: { schema: metaSchema },
} as const;

/** Collections whose writes must reach the disk before the write resolves. */
const STRICT_COLLECTIONS = new Set(['requests']);

/**
 * Dexie (IndexedDB) storage. Chromium commits IndexedDB transactions with "relaxed" durability by
 * default (the OS may still hold the data in its cache when the write resolves), so a request written
 * just before the phone switches off could be lost. Requests use `strict` durability (Dexie's
 * `chromeTransactionDurability`, passed by getRxStorageDexie to `new Dexie(name, settings)`); the
 * replicated copies of server data keep the faster default — they can be pulled again.
 */
export function deviceStorage(): RxStorage<any, any> {
  const relaxed = getRxStorageDexie();
  const strict = getRxStorageDexie({ chromeTransactionDurability: 'strict' });
  return {
    name: relaxed.name,
    rxdbVersion: relaxed.rxdbVersion,
    createStorageInstance: (params) =>
      (STRICT_COLLECTIONS.has(params.collectionName) ? strict : relaxed).createStorageInstance(params),
  };
}

/**
 * Test/dev hook: wraps the storage (e.g. with the ajv validator) — production passes nothing, so
 * neither dev-mode nor a validator is ever part of the production bundle.
 */
export type StorageWrapper = (storage: RxStorage<any, any>) => RxStorage<any, any>;

export interface OpenOptions {
  wrapStorage?: StorageWrapper;
  /** Leader election between tabs (default true); tests switch it off. */
  multiInstance?: boolean;
}

let migrationAdded = false;

export async function openDeviceDatabase(name: string, options: OpenOptions = {}): Promise<DeviceDatabase> {
  // schema versions above 0 (cards) migrate the documents stored under the older version at open
  if (!migrationAdded) {
    addRxPlugin(RxDBMigrationSchemaPlugin);
    migrationAdded = true;
  }
  const base = deviceStorage();
  const storage = options.wrapStorage ? options.wrapStorage(base) : base;
  const db = await createRxDatabase<DeviceCollections>({
    name,
    storage,
    multiInstance: options.multiInstance ?? true,
    eventReduce: true,
    // A second open of the same name (company switched back, hot reload) closes the older handle.
    closeDuplicates: true,
  });
  await db.addCollections(COLLECTIONS);
  return db;
}

/** Removes every IndexedDB database of this RxDB database (all collections and replication state). */
export async function removeDeviceDatabase(name: string, wrapStorage?: StorageWrapper): Promise<void> {
  const base = deviceStorage();
  await removeRxDatabase(name, wrapStorage ? wrapStorage(base) : base);
}
