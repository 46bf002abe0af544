import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { REPORTS, REPORT_IDS } from '../../../domain/reports/catalogue';
import { TPipe } from '../../core/i18n/t.pipe';
import { selectOnline } from '../../core/status/status.reducer';

const ICONS: Record<string, string> = {
  cardholders: 'badge',
  'cards-issued': 'add_card',
  recharges: 'savings',
  debits: 'money_off',
  replacements: 'autorenew',
  'lot-status': 'list_alt',
  orders: 'receipt_long',
  'invoiced-lots': 'request_page',
  'master-statement': 'account_balance',
  'card-balances': 'account_balance_wallet',
  'card-statement': 'receipt',
  'cards-by-status': 'donut_small',
  'user-activity': 'manage_search',
};

/** Chapter 8: every report of the catalogue, each saying whether it works without the network. */
@Component({
  selector: 'app-reports-catalogue',
  imports: [MatCardModule, MatIconModule, RouterLink, TPipe],
  template: `
    <section class="page">
      <h1 class="title"><mat-icon aria-hidden="true">bar_chart</mat-icon> {{ 'reports.catalogue' | t }}</h1>
      <ul class="list" data-testid="report-catalogue">
        @for (r of reports; track r.id) {
          <li>
            <a class="item" [routerLink]="['/reportes', r.id]" [attr.data-testid]="'report-' + r.id" [class.dim]="!online() && !r.offline">
              <mat-icon aria-hidden="true">{{ icon(r.id) }}</mat-icon>
              <span class="text">
                <span class="name">{{ r.title }}</span>
                <span class="desc">{{ r.description }}</span>
              </span>
              <span class="badge" [class.offline]="r.offline">{{ (r.offline ? 'reports.offlineReady' : 'reports.onlineOnly') | t }}</span>
            </a>
          </li>
        }
      </ul>
    </section>
  `,
  styles: `
    .title { display: flex; align-items: center; gap: 8px; font: var(--mat-sys-headline-small); }
    .list { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 8px; }
    .item { display: flex; gap: 12px; align-items: flex-start; padding: 12px; border: 1px solid var(--mat-sys-outline-variant);
            border-radius: 12px; text-decoration: none; color: inherit; min-height: 48px; }
    .item:hover, .item:focus-visible { background: var(--mat-sys-surface-container); }
    .item.dim { opacity: 0.6; }
    .text { display: flex; flex-direction: column; flex: 1; gap: 2px; }
    .name { font: var(--mat-sys-title-small); }
    .desc { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .badge { font: var(--mat-sys-label-small); white-space: nowrap; padding: 2px 6px; border-radius: 8px; background: var(--mat-sys-surface-container-high); }
    .badge.offline { background: #e0f2f1; color: #00695c; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class ReportsCataloguePage {
  readonly online = inject(Store).selectSignal(selectOnline);
  readonly reports = REPORT_IDS.map((id) => REPORTS[id]);
  icon(id: string): string {
    return ICONS[id] ?? 'bar_chart';
  }
}
