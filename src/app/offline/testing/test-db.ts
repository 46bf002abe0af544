/**
 * Test-only RxDB setup: dev-mode checks (schemas, queries, immutability) and the ajv schema
 * validator around the real Dexie storage in ChromeHeadless. Imported by specs only, never by app
 * code, so neither reaches the production bundle. Dev-mode's init (which adds the vendor's tracking
 * iframe and a console banner) is left out: the checks come from its hooks and overwritables.
 */
import { addRxPlugin } from 'rxdb';
import { RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import type { StorageWrapper } from '../db/device-database';
import { type DeviceDatabase, openDeviceDatabase, removeDeviceDatabase } from '../db/device-database';

let devModeAdded = false;

export function addDevMode(): void {
  if (devModeAdded) return;
  devModeAdded = true;
  addRxPlugin({ ...RxDBDevModePlugin, init: undefined });
}

export const validatingStorage: StorageWrapper = (storage) => wrappedValidateAjvStorage({ storage });

/**
 * A busy phone: reads of RxDB's replication bookkeeping (the `rx-replication-meta-*` collections)
 * answer `ms` later, so the device reads its own queue faster than it can process it — the timing
 * of bench/offline-sync.mjs on a loaded device, made deterministic.
 */
export function slowReplicationMeta(ms: number): StorageWrapper {
  return (storage) => ({
    ...storage,
    name: storage.name,
    rxdbVersion: storage.rxdbVersion,
    async createStorageInstance(params) {
      const instance = await storage.createStorageInstance(params);
      if (!params.collectionName.startsWith('rx-replication-meta')) return instance;
      const find = instance.findDocumentsById.bind(instance);
      instance.findDocumentsById = async (ids, withDeleted) => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        return find(ids, withDeleted);
      };
      return instance;
    },
  });
}

let counter = 0;

/** A fresh database with a unique name; `cleanup()` removes it. */
export async function openTestDatabase(
  name = `cetest-${Date.now().toString(36)}-${counter++}`,
  options: { slowMetaMs?: number } = {},
): Promise<{
  db: DeviceDatabase;
  name: string;
  cleanup: () => Promise<void>;
}> {
  addDevMode();
  const slow = options.slowMetaMs ? slowReplicationMeta(options.slowMetaMs) : null;
  const wrap: StorageWrapper = slow ? (storage) => validatingStorage(slow(storage)) : validatingStorage;
  const db = await openDeviceDatabase(name, { wrapStorage: wrap, multiInstance: false });
  return {
    db,
    name,
    cleanup: async () => {
      if (!db.closed) await db.close();
      await removeDeviceDatabase(name, wrap);
    },
  };
}

export async function indexedDbNames(): Promise<string[]> {
  return (await indexedDB.databases()).map((info) => info.name ?? '');
}
