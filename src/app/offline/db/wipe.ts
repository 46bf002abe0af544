import { DEXIE_PREFIX, deviceDatabaseName, userDatabasePrefix } from './database-name';
import { removeDeviceDatabase, type StorageWrapper } from './device-database';

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
