import { DestroyRef, Injectable, inject } from '@angular/core';
import { Store } from '@ngrx/store';
import { StatusActions } from '../status/status.actions';

/** Mirrors the browser's online/offline events into the store. */
@Injectable({ providedIn: 'root' })
export class ConnectivityWatcher {
  private readonly store = inject(Store);
  private readonly destroyRef = inject(DestroyRef);

  start(target: Window = window): void {
    const online = () => this.store.dispatch(StatusActions.wentOnline());
    const offline = () => this.store.dispatch(StatusActions.wentOffline());
    if (!target.navigator.onLine) offline();
    target.addEventListener('online', online);
    target.addEventListener('offline', offline);
    this.destroyRef.onDestroy(() => {
      target.removeEventListener('online', online);
      target.removeEventListener('offline', offline);
    });
  }
}
