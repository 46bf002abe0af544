import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { Store } from '@ngrx/store';
import { TPipe } from '../../core/i18n/t.pipe';
import { selectLastSyncAt, selectOnline, selectPendingCount } from '../../core/status/status.reducer';

const WHEN = new Intl.DateTimeFormat('es-VE', { dateStyle: 'short', timeStyle: 'short' });

/** Always visible (PRODUCT.md offline-first): online/offline, last sync, pending requests. */
@Component({
  selector: 'app-status-bar',
  imports: [MatIconModule, TPipe],
  template: `
    <div class="bar" [class.offline]="!online()" role="status" aria-live="polite">
      <span class="item" data-testid="connectivity">
        <mat-icon aria-hidden="true">{{ online() ? 'cloud_done' : 'cloud_off' }}</mat-icon>
        {{ (online() ? 'status.online' : 'status.offline') | t }}
      </span>
      <span class="item">
        <mat-icon aria-hidden="true">sync</mat-icon>
        {{ 'status.lastSync' | t: { when: lastSync() ?? ('status.never' | t) } }}
      </span>
      <span class="item" data-testid="pending">
        <mat-icon aria-hidden="true">pending_actions</mat-icon>
        {{ 'status.pending' | t: { count: pendingCount() } }}
      </span>
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
    mat-icon { font-size: 18px; width: 18px; height: 18px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusBar {
  private readonly store = inject(Store);
  readonly online = this.store.selectSignal(selectOnline);
  readonly pendingCount = this.store.selectSignal(selectPendingCount);
  private readonly lastSyncAt = this.store.selectSignal(selectLastSyncAt);
  readonly lastSync = computed(() => {
    const at = this.lastSyncAt();
    return at ? WHEN.format(new Date(at)) : null;
  });
}
