import { Injectable, InjectionToken, inject } from '@angular/core';
import { STORAGE_KEYS, STORAGE_PREFIX } from '../config';

/** The Storage the app writes to; tests swap in an in-memory one. */
export const BROWSER_STORAGE = new InjectionToken<Storage>('BROWSER_STORAGE', {
  providedIn: 'root',
  factory: () => localStorage,
});

/**
 * JSON over localStorage that never throws: storage can be full or disabled (private mode),
 * and losing a cached value must not break the app.
 */
@Injectable({ providedIn: 'root' })
export class LocalStore {
  private readonly storage = inject(BROWSER_STORAGE);

  read<T>(key: string): T | null {
    return readJson<T>(this.storage, key);
  }

  write(key: string, value: unknown): void {
    try {
      this.storage.setItem(key, JSON.stringify(value));
    } catch {
      // Quota or disabled storage: the in-memory state still works for this visit.
    }
  }

  remove(key: string): void {
    try {
      this.storage.removeItem(key);
    } catch {
      // Nothing to do: see write().
    }
  }

  /**
   * Removes every key of the app. The device id stays: it identifies this device to the server's
   * new-device check, and wiping it would ask for an e-mailed code after every sign-out.
   */
  wipeAppData(): void {
    const keep: string[] = [STORAGE_KEYS.deviceId];
    const doomed: string[] = [];
    for (let i = 0; i < this.storage.length; i++) {
      const key = this.storage.key(i);
      if (key && key.startsWith(STORAGE_PREFIX) && !keep.includes(key)) doomed.push(key);
    }
    doomed.forEach((key) => this.remove(key));
  }
}

export function readJson<T>(storage: Storage, key: string): T | null {
  try {
    const raw = storage.getItem(key);
    return raw === null ? null : (JSON.parse(raw) as T);
  } catch {
    return null;
  }
}

/** A Storage kept in memory, for tests. */
export function memoryStorage(initial: Record<string, string> = {}): Storage {
  const data = new Map<string, string>(Object.entries(initial));
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (key) => (data.has(key) ? data.get(key)! : null),
    key: (index) => Array.from(data.keys())[index] ?? null,
    removeItem: (key) => void data.delete(key),
    setItem: (key, value) => void data.set(key, String(value)),
  };
}
