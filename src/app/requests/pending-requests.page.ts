import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatIconModule } from '@angular/material/icon';
import { Router } from '@angular/router';
import { AgGridAngular } from 'ag-grid-angular';
import type { ColDef, GridOptions, ICellRendererParams, RowClickedEvent } from 'ag-grid-community';
import { map } from 'rxjs';
import { TPipe } from '../core/i18n/t.pipe';
import { Translator } from '../core/i18n/translator';
import { Clock } from '../cards/ui/clock';
import { listGridOptions } from '../cards/ui/grid';
import { ageParts, requestKindKey, requestStatusKey, when } from '../cards/ui/labels';
import type { LocalCard, LocalRequest } from '../offline/db/doc-types';
import { allCards, liveQuery, myRequests } from '../offline/live-query';
import { OfflineEngine } from '../offline/offline-engine';
import { SyncIndicator } from '../offline/sync-indicator';
import { ageMs } from '../offline/requests/request-queue';

interface Row {
  id: string;
  cardId: string;
  kind: string;
  card: string;
  status: LocalRequest['status'];
  statusText: string;
  createdAt: string;
  ageMs: number;
  age: string;
  outcome: string;
}

const HANDSET = '(max-width: 719.98px)';

/** Pendientes: every request of the user on this device, with its state, age and outcome. */
@Component({
  selector: 'app-pending-requests-page',
  imports: [AgGridAngular, FormsModule, MatButtonModule, MatButtonToggleModule, MatIconModule, TPipe],
  template: `
    <section class="page">
      <header class="head">
        <h1 class="title"><mat-icon aria-hidden="true">pending_actions</mat-icon> {{ 'nav.pendingRequests' | t }}</h1>
        <button mat-stroked-button type="button" (click)="syncNow()" [disabled]="syncing()" data-testid="sync-now">
          <mat-icon>sync</mat-icon> {{ 'requests.syncNow' | t }}
        </button>
      </header>
      <p class="sub" data-testid="requests-summary">
        @if (loaded()) {
          {{ 'requests.summary' | t: { pending: pendingCount(), total: requests().length } }}
        } @else {
          {{ 'common.loading' | t }}
        }
      </p>
      <mat-button-toggle-group [ngModel]="filter()" (ngModelChange)="filter.set($event)" [attr.aria-label]="'requests.filter' | t">
        <mat-button-toggle value="all">{{ 'common.all' | t }}</mat-button-toggle>
        <mat-button-toggle value="PENDING">{{ 'requestStatus.PENDING' | t }}</mat-button-toggle>
        <mat-button-toggle value="REJECTED">{{ 'requestStatus.REJECTED' | t }}</mat-button-toggle>
      </mat-button-toggle-group>
      <ag-grid-angular class="grid" [gridOptions]="options" [columnDefs]="columns()" [rowData]="rows()" [loading]="!loaded()"
                       (rowClicked)="open($event)" data-testid="requests-grid" />
    </section>
  `,
  styles: `
    .page { display: flex; flex-direction: column; gap: 8px; }
    .head { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px; }
    .title { display: flex; align-items: center; gap: 8px; margin: 0; font: var(--mat-sys-headline-small); }
    .sub { margin: 0; color: var(--mat-sys-on-surface-variant); }
    mat-button-toggle-group { align-self: flex-start; }
    .grid { display: block; width: 100%; height: max(320px, calc(100dvh - 330px)); }
    :host ::ng-deep .req-PENDING { color: #8a6100; font-weight: 500; }
    :host ::ng-deep .req-APPLIED { color: #0b7a2a; }
    :host ::ng-deep .req-REJECTED { color: var(--mat-sys-error); font-weight: 500; }
    :host ::ng-deep .two-lines { display: flex; flex-direction: column; justify-content: center; line-height: 1.25; height: 100%; }
    :host ::ng-deep .two-lines { white-space: normal; padding: 6px 0; }
    :host ::ng-deep .two-lines small { color: var(--mat-sys-on-surface-variant); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class PendingRequestsPage {
  private readonly translator = inject(Translator);
  private readonly router = inject(Router);
  private readonly engine = inject(OfflineEngine);
  private readonly clock = inject(Clock);
  private readonly indicator = inject(SyncIndicator);
  readonly syncing = computed(() => this.indicator.phase() === 'syncing');
  readonly filter = signal<'all' | 'PENDING' | 'REJECTED'>('all');

  private readonly loadedRequests = liveQuery<{ requests: LocalRequest[]; loaded: boolean }>(
    (db, engine) => myRequests(db, engine).pipe(map((requests) => ({ requests, loaded: true }))),
    { requests: [], loaded: false },
  );
  readonly requests = computed(() => this.loadedRequests().requests);
  readonly loaded = computed(() => this.loadedRequests().loaded);
  private readonly cards = liveQuery(allCards, [] as LocalCard[]);
  readonly pendingCount = computed(() => this.requests().filter((r) => r.status === 'PENDING').length);
  private readonly cardLabels = computed(
    () => new Map(this.cards().map((c) => [c.cardId, `${c.holder.firstName ?? ''} ${c.holder.lastName ?? ''} · •••• ${c.last4}`.trim()])),
  );
  readonly rows = computed<Row[]>(() => {
    const t = this.translator;
    const now = this.clock.now();
    const labels = this.cardLabels();
    const filter = this.filter();
    return this.requests()
      .filter((r) => filter === 'all' || r.status === filter)
      .map((r) => {
        const age = ageMs(r, now);
        const parts = ageParts(age);
        return {
          id: r._id,
          cardId: r.cardId,
          kind: t.t(requestKindKey(r.kind)),
          card: labels.get(r.cardId) ?? r.cardId,
          status: r.status,
          statusText: t.t(requestStatusKey(r.status)),
          createdAt: r.createdAt,
          ageMs: age,
          age: t.t(parts.key, { n: parts.n }),
          outcome: r.status === 'REJECTED' ? (r.outcome?.message ?? '') : r.status === 'APPLIED' ? when(r.appliedAt) : '',
        };
      });
  });

  private readonly handset = toSignal(inject(BreakpointObserver).observe(HANDSET).pipe(map((state) => state.matches)), {
    initialValue: matchMedia(HANDSET).matches,
  });

  readonly options: GridOptions<Row> = {
    ...listGridOptions<Row>(this.translator),
    getRowId: (params) => params.data.id,
    rowStyle: { cursor: 'pointer' },
    localeText: { noRowsToShow: this.translator.t('requests.none'), loadingOoo: this.translator.t('grid.loading') },
  };

  readonly columns = computed<ColDef<Row>[]>(() => {
    const t = (key: Parameters<Translator['t']>[0]) => this.translator.t(key);
    const status: ColDef<Row> = { headerName: t('requests.state'), field: 'statusText', cellClass: (p) => `req-${p.data?.status}`, width: 120 };
    const age: ColDef<Row> = {
      headerName: t('requests.age'),
      field: 'age',
      comparator: (_a, _b, na, nb) => (na.data?.ageMs ?? 0) - (nb.data?.ageMs ?? 0),
      width: 120,
    };
    if (this.handset()) {
      return [
        {
          headerName: t('requests.request'),
          colId: 'request',
          // the cell shows three fields: its value must change when any of them does, or the cell is not redrawn
          valueGetter: (p) => (p.data ? `${p.data.kind}\n${p.data.card}\n${p.data.outcome}` : ''),
          flex: 1,
          minWidth: 170,
          cellRenderer: requestCell,
          autoHeight: true,
        },
        { ...status, width: 100 },
        { ...age, width: 84 },
      ];
    }
    return [
      { headerName: t('requests.request'), field: 'kind', flex: 1, minWidth: 200 },
      { headerName: t('requests.card'), field: 'card', flex: 1, minWidth: 200 },
      { headerName: t('requests.createdAt'), field: 'createdAt', valueFormatter: (p) => when(p.value), sort: 'desc', width: 160 },
      age,
      status,
      { headerName: t('requests.outcome'), field: 'outcome', flex: 1, minWidth: 220, wrapText: true, autoHeight: true },
    ];
  });

  syncNow(): void {
    void this.engine.syncNow();
  }

  open(event: RowClickedEvent<Row>): void {
    if (event.data) void this.router.navigate(['/servicios/tarjetas', event.data.cardId]);
  }
}

/** Request and card on two lines, the rejection reason on a third (phone layout). Text only. */
function requestCell(params: ICellRendererParams<Row>): HTMLElement {
  const cell = document.createElement('span');
  cell.className = 'two-lines';
  const what = document.createElement('span');
  what.textContent = params.data?.kind ?? '';
  const card = document.createElement('small');
  card.textContent = params.data?.card ?? '';
  cell.append(what, card);
  if (params.data?.status === 'REJECTED' && params.data.outcome) {
    const reason = document.createElement('small');
    reason.className = 'req-REJECTED';
    reason.textContent = params.data.outcome;
    cell.append(reason);
  }
  return cell;
}
