/**
 * One device database per signed-in user and company: `ce-<user hash>-<company hash>`. Hashed so the
 * IndexedDB names do not show who uses the device, and so a user's databases share a prefix that
 * sign-out can sweep. Not a secret: the hash only has to be stable and well distributed (it works
 * without `crypto.subtle`, which plain-http LAN tests do not have).
 */
export function deviceDatabaseName(userId: string, companyId: string): string {
  return `${userDatabasePrefix(userId)}${hash64(companyId)}`;
}

export function userDatabasePrefix(userId: string): string {
  return `ce-${hash64(userId)}-`;
}

/** The IndexedDB names the Dexie storage gives a database's collections: `rxdb-dexie-<name>--<v>--<collection>`. */
export const DEXIE_PREFIX = 'rxdb-dexie-';

/** 64-bit string hash (two 32-bit FNV-1a style lanes), 16 hex characters. */
export function hash64(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b) ^ Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0x85ebca6b) ^ Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35);
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
