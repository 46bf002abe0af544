import { Injectable, effect, inject, signal } from '@angular/core';
import { Store } from '@ngrx/store';
import type { LotType } from '../../../domain/statuses';
import { selectUser } from '../../core/session/session.selectors';
import type { ValidationSummary } from '../validation/lot-validation.protocol';

/** A file checked on the device that has not reached the server yet (offline, or not sent). */
export interface PendingLotFile {
  userId: string;
  companyId: string;
  productCode: string;
  type: LotType;
  file: File;
  check: ValidationSummary;
}

/**
 * Keeps the checked file in memory for the session, so the user can leave the page (or lose the
 * network) and send it later. Forgotten at sign-out or when another user signs in. Surviving a
 * reload (IndexedDB) comes with the offline work.
 */
@Injectable({ providedIn: 'root' })
export class PendingLotFileStore {
  private readonly user = inject(Store).selectSignal(selectUser);
  private readonly state = signal<PendingLotFile | null>(null);

  constructor() {
    effect(() => {
      const user = this.user();
      const pending = this.state();
      if (pending && (!user || user.userId !== pending.userId)) this.state.set(null);
    });
  }

  get(companyId: string): PendingLotFile | null {
    const pending = this.state();
    return pending && pending.companyId === companyId && pending.userId === this.user()?.userId ? pending : null;
  }

  keep(pending: PendingLotFile): void {
    this.state.set(pending);
  }

  clear(): void {
    this.state.set(null);
  }
}
