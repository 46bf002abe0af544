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

let counter = 0;

/** A fresh database with a unique name; `cleanup()` removes it. */
export async function openTestDatabase(name = `cetest-${Date.now().toString(36)}-${counter++}`): Promise<{
  db: DeviceDatabase;
  name: string;
  cleanup: () => Promise<void>;
}> {
  addDevMode();
  const db = await openDeviceDatabase(name, { wrapStorage: validatingStorage, multiInstance: false });
  return {
    db,
    name,
    cleanup: async () => {
      if (!db.closed) await db.close();
      await removeDeviceDatabase(name, validatingStorage);
    },
  };
}

export async function indexedDbNames(): Promise<string[]> {
  return (await indexedDB.databases()).map((info) => info.name ?? '');
}
