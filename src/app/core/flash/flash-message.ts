import { Injectable, signal } from '@angular/core';
import type { MessageKey } from '../i18n/es';

/** A one-shot notice carried to the next page (e.g. "password reset" shown on the sign-in page). */
@Injectable({ providedIn: 'root' })
export class FlashMessage {
  private readonly pending = signal<MessageKey | null>(null);

  set(key: MessageKey): void {
    this.pending.set(key);
  }

  take(): MessageKey | null {
    const key = this.pending();
    this.pending.set(null);
    return key;
  }
}
