import { DEXIE_PREFIX, deviceDatabaseName, userDatabasePrefix } from './database-name';
import { COLLECTIONS, type DeviceDatabase, removeDeviceDatabase, type StorageWrapper } from './device-database';

/**
 * Sign-out: removes every device database of the user — the companies known now through RxDB (which
 * also removes replication checkpoints), then any IndexedDB left with the user's prefix (a company
 * the user no longer belongs to, an interrupted removal).
 */
export async function wipeUserDatabases(userId: string, companyIds: readonly string[], wrapStorage?: StorageWrapper): Promise<void> {
  await Promise.allSettled(companyIds.map((companyId) => removeDeviceDatabase(deviceDatabaseName(userId, companyId), wrapStorage)));
  const prefix = DEXIE_PREFIX + userDatabasePrefix(userId);
  const names = await listIndexedDbNames();
  await Promise.allSettled(names.filter((name) => name.startsWith(prefix)).map(deleteIndexedDb));
}

/**
 * Revocation: removes ONE device database (a user and company) — through RxDB, then any IndexedDB of
 * it that is left (Dexie keeps one per collection; a handle still closing may leave one behind).
 */
export async function removeCompanyDatabase(name: string, wrapStorage?: StorageWrapper): Promise<void> {
  await removeDeviceDatabase(name, wrapStorage).catch((error: unknown) => console.warn('remove device database', error));
  const prefix = `${DEXIE_PREFIX}${name}--`;
  const names = await listIndexedDbNames();
  await Promise.allSettled(names.filter((each) => each.startsWith(prefix)).map(deleteIndexedDb));
}

async function listIndexedDbNames(): Promise<string[]> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return [];
  const infos = await indexedDB.databases();
  return infos.map((info) => info.name ?? '').filter(Boolean);
}

function deleteIndexedDb(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

/**
 * A kind the user may no longer read (403 from sync): removes that collection's storage — its
 * documents and its replication checkpoint, so a permission given back later pulls everything again —
 * and adds it back empty. Live queries on the old collection must re-subscribe (the engine re-announces
 * the database).
 */
export async function clearCollection(db: DeviceDatabase, kind: keyof typeof COLLECTIONS): Promise<void> {
  const collection = db.collections[kind];
  if (collection) await collection.remove();
  await db.addCollections({ [kind]: COLLECTIONS[kind] });
}
