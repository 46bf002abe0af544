import { DestroyRef, Injectable, inject } from '@angular/core';
import { Store } from '@ngrx/store';
import { INACTIVITY_TIMEOUT_MS, STORAGE_KEYS } from '../config';
import { SessionActions } from '../session/session.actions';
import { selectIsSignedIn } from '../session/session.selectors';
import { LocalStore } from '../storage/local-store';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;
/** Writing the last activity on every event would hammer storage; this is precise enough. */
const PERSIST_EVERY_MS = 10_000;

/**
 * Ends the session after INACTIVITY_TIMEOUT_MS without user interaction. The last activity is kept in
 * localStorage so a reopened app (or another tab) counts the same idle time.
 */
@Injectable({ providedIn: 'root' })
export class InactivityService {
  private readonly store = inject(Store);
  private readonly local = inject(LocalStore);
  private readonly timeoutMs = inject(INACTIVITY_TIMEOUT_MS);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastActivity = 0;
  private lastPersisted = 0;
  private readonly onActivity = () => this.touch();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  /**
   * Starts and stops the watch with the session. Only a session restored at start-up can already be
   * idle too long; a fresh sign-in starts a new count.
   */
  watchSession(): void {
    let first = true;
    this.store.select(selectIsSignedIn).subscribe((signedIn) => {
      if (signedIn) this.start({ restored: first });
      else this.stop();
      first = false;
    });
  }

  start({ restored }: { restored: boolean }): void {
    if (this.timer !== null) return;
    const saved = this.local.read<number>(STORAGE_KEYS.lastActivity);
    if (restored && typeof saved === 'number' && Date.now() - saved >= this.timeoutMs) {
      this.expire();
      return;
    }
    ACTIVITY_EVENTS.forEach((type) => document.addEventListener(type, this.onActivity, { passive: true, capture: true }));
    this.lastPersisted = 0;
    this.touch();
    this.schedule(this.timeoutMs);
  }

  stop(): void {
    ACTIVITY_EVENTS.forEach((type) => document.removeEventListener(type, this.onActivity, { capture: true }));
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  touch(): void {
    const now = Date.now();
    this.lastActivity = now;
    if (now - this.lastPersisted >= PERSIST_EVERY_MS) {
      this.lastPersisted = now;
      this.local.write(STORAGE_KEYS.lastActivity, now);
    }
  }

  /** One timer, re-armed only when it fires: cheaper than resetting it on every event. */
  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      const saved = this.local.read<number>(STORAGE_KEYS.lastActivity) ?? 0;
      const idle = Date.now() - Math.max(this.lastActivity, saved);
      if (idle >= this.timeoutMs) this.expire();
      else this.schedule(this.timeoutMs - idle);
    }, delay);
  }

  private expire(): void {
    this.stop();
    this.local.remove(STORAGE_KEYS.lastActivity);
    this.store.dispatch(SessionActions.inactivityTimeout());
  }
}
