import { Injectable, InjectionToken, inject } from '@angular/core';
import { LocalStore } from './local-store';

/**
 * Extra clean-ups run at explicit sign-out (e.g. the RxDB database, added by the sync issue):
 * `{ provide: LOCAL_DATA_CLEANUPS, multi: true, useValue: () => db.remove() }`.
 */
export const LOCAL_DATA_CLEANUPS = new InjectionToken<ReadonlyArray<() => unknown>>('LOCAL_DATA_CLEANUPS');

/** PRODUCT.md chapter 1: sign-out wipes the device's local data. */
@Injectable({ providedIn: 'root' })
export class LocalDataWiper {
  private readonly store = inject(LocalStore);
  private readonly cleanups = inject(LOCAL_DATA_CLEANUPS, { optional: true }) ?? [];

  async wipe(): Promise<void> {
    this.store.wipeAppData();
    await Promise.allSettled(this.cleanups.map((cleanup) => Promise.resolve().then(cleanup)));
  }
}
