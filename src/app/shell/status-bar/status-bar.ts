import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { TPipe } from '../../core/i18n/t.pipe';
import { selectLastSyncAt, selectOnline, selectPendingCount } from '../../core/status/status.reducer';
import { SyncIndicator } from '../../offline/sync-indicator';

const WHEN = new Intl.DateTimeFormat('es-VE', { dateStyle: 'short', timeStyle: 'short' });

/** Always visible (PRODUCT.md offline-first): online/offline, last sync, pending requests. */
@Component({
  selector: 'app-status-bar',
  imports: [MatIconModule, RouterLink, TPipe],
  template: `
    <div class="bar" [class.offline]="!online()" role="status" aria-live="polite">
      <span class="item" data-testid="connectivity">
        <mat-icon aria-hidden="true">{{ online() ? 'cloud_done' : 'cloud_off' }}</mat-icon>
        {{ (online() ? 'status.online' : 'status.offline') | t }}
      </span>
      <span class="item" data-testid="last-sync">
        <mat-icon aria-hidden="true" [class.spin]="phase() === 'syncing'">sync</mat-icon>
        {{ 'status.lastSync' | t: { when: lastSync() ?? ('status.never' | t) } }}
      </span>
      <a class="item link" data-testid="pending" routerLink="/servicios/pendientes" [class.waiting]="pendingCount() > 0">
        <mat-icon aria-hidden="true">pending_actions</mat-icon>
        {{ 'status.pending' | t: { count: pendingCount() } }}
      </a>
      @if (phase() === 'expired') {
        <span class="item alert" data-testid="sync-expired">
          <mat-icon aria-hidden="true">lock_clock</mat-icon> {{ 'status.sessionExpired' | t }}
        </span>
      } @else if (revocation(); as revoked) {
        <span class="item alert" data-testid="sync-revoked">
          <mat-icon aria-hidden="true">no_accounts</mat-icon>
          {{ (revoked.scope === 'kind' ? 'status.revokedKind' : 'status.revoked') | t }}
        </span>
      } @else if (phase() === 'error' && online()) {
        <span class="item alert" data-testid="sync-error">
          <mat-icon aria-hidden="true">sync_problem</mat-icon> {{ 'status.syncError' | t }}
        </span>
      }
    </div>
  `,
  styles: `
    .bar {
      display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: center;
      padding: 4px 12px; font: var(--mat-sys-label-medium);
      background: var(--mat-sys-surface-container); color: var(--mat-sys-on-surface-variant);
    }
    .bar.offline { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .item { display: inline-flex; align-items: center; gap: 4px; }
    .link { color: inherit; text-decoration: none; }
    .link.waiting { font-weight: 600; text-decoration: underline; }
    .alert { font-weight: 600; }
    .spin { animation: spin 1.2s linear infinite; }
    @keyframes spin { to { transform: rotate(-360deg); } }
    @media (prefers-reduced-motion: reduce) { .spin { animation: none; } }
    mat-icon { font-size: 18px; width: 18px; height: 18px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusBar {
  private readonly store = inject(Store);
  readonly online = this.store.selectSignal(selectOnline);
  readonly pendingCount = this.store.selectSignal(selectPendingCount);
  private readonly lastSyncAt = this.store.selectSignal(selectLastSyncAt);
  private readonly indicator = inject(SyncIndicator);
  readonly phase = this.indicator.phase;
  /** Access taken away (the device removed the data): shown until the next sign-in clears it. */
  readonly revocation = computed(() => (this.phase() === 'revoked' || this.indicator.revocation()?.scope === 'kind' ? this.indicator.revocation() : null));
  readonly lastSync = computed(() => {
    const at = this.lastSyncAt();
    return at ? WHEN.format(new Date(at)) : null;
  });
}
