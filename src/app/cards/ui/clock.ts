import { Injectable, signal } from '@angular/core';

/** "Now", ticking every 30 s, for request ages that stay current on screen. */
@Injectable({ providedIn: 'root' })
export class Clock {
  readonly now = signal(Date.now());

  constructor() {
    setInterval(() => this.now.set(Date.now()), 30_000);
  }
}
