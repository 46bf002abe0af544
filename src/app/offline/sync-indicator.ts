import { Injectable, signal } from '@angular/core';

/**
 * What the sync is doing, for the status bar. Deliberately free of RxDB: the shell reads it without
 * pulling the device database into its chunk; the offline engine (lazy) writes it.
 *  - `expired`: the server no longer accepts this session; the device keeps reading and queuing,
 *    and the queue goes out after the same user signs in again.
 *  - `revoked`: the server said this user no longer has access (session revoked / user blocked, or
 *    membership of the company lost): replication stopped and the device's data was removed.
 */
export type SyncPhase = 'idle' | 'syncing' | 'synced' | 'error' | 'expired' | 'revoked';

/**
 * A revocation the device acted on. `scope`: `session` (401 after a refused refresh) and `company`
 * (404: no longer a member) removed the whole database of that user and company; `kind` (403) only
 * that collection. `unsentRequests`: the user's requests still waiting on the device when they were
 * removed — never dropped silently, the count is shown.
 */
export interface SyncRevocation {
  scope: 'session' | 'company' | 'kind';
  companyId: string;
  kind: string | null;
  unsentRequests: number;
  at: string;
}

@Injectable({ providedIn: 'root' })
export class SyncIndicator {
  readonly phase = signal<SyncPhase>('idle');
  /** The last revocation the device acted on (null until one happens in this app run). */
  readonly revocation = signal<SyncRevocation | null>(null);
}
