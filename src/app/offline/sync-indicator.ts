import { Injectable, signal } from '@angular/core';

/**
 * What the sync is doing, for the status bar. Deliberately free of RxDB: the shell reads it without
 * pulling the device database into its chunk; the offline engine (lazy) writes it.
 *  - `expired`: the server no longer accepts this session; the device keeps reading and queuing,
 *    and the queue goes out after the same user signs in again.
 */
export type SyncPhase = 'idle' | 'syncing' | 'synced' | 'error' | 'expired';

@Injectable({ providedIn: 'root' })
export class SyncIndicator {
  readonly phase = signal<SyncPhase>('idle');
}
