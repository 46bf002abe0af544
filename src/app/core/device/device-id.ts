import { Injectable, inject } from '@angular/core';
import { STORAGE_KEYS } from '../config';
import { LocalStore } from '../storage/local-store';

/** A random id created once per device, sent with every sign-in for the server's new-device check. */
@Injectable({ providedIn: 'root' })
export class DeviceId {
  private readonly store = inject(LocalStore);

  get(): string {
    const known = this.store.read<string>(STORAGE_KEYS.deviceId);
    if (known) return known;
    const created = newUuid();
    this.store.write(STORAGE_KEYS.deviceId, created);
    return created;
  }
}

/** crypto.randomUUID exists only in secure contexts; a plain-http LAN test still needs an id. */
function newUuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
