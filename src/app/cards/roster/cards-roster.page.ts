import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, Injectable, computed, effect, inject, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { AgGridAngular } from 'ag-grid-angular';
import type { ColDef, GridApi, GridOptions, ICellRendererParams, RowClickedEvent, SelectionChangedEvent } from 'ag-grid-community';
import { Store } from '@ngrx/store';
import { asyncScheduler, debounceTime, distinctUntilChanged, map, throttleTime } from 'rxjs';
import type { CardRequestKind } from '../../../domain/requests';
import { selectGrantedPermissions, selectSelectedCompany } from '../../core/context/context.selectors';
import { selectOnline } from '../../core/status/status.reducer';
import { CardActionRunner } from '../card-action-runner';
import { massActionsFor } from '../card-actions';
import { type CardSummary, CardsApi } from '../data/cards-api';
import { SERVER_BLOCK, serverCardsDatasource } from './server-datasource';
import { CARD_STATUSES, type CardStatus, PLASTIC_STATUSES, type PlasticStatus } from '../../../domain/statuses';
import { TPipe } from '../../core/i18n/t.pipe';
import { Translator } from '../../core/i18n/translator';
import type { LocalCard } from '../../offline/db/doc-types';
import { allBranches, liveQuery } from '../../offline/live-query';
import { OfflineEngine } from '../../offline/offline-engine';
import { listGridOptions } from '../ui/grid';
import { cardStatusKey, money, plasticStatusKey, requestKindKey, when } from '../ui/labels';
import { RosterGridFilter } from './roster-grid-filter';
import { type RosterEntry, buildRosterIndex, rosterSearcher } from './roster-index';

/** The roster's search, kept while the user opens a card and comes back. */
@Injectable({ providedIn: 'root' })
export class RosterSearch {
  readonly text = signal('');
  readonly status = signal<CardStatus | null>(null);
  readonly plasticStatus = signal<PlasticStatus | null>(null);
  readonly branchCode = signal<string | null>(null);
}

const HANDSET = '(max-width: 719.98px)';

/**
 * Consulta de tarjetas. Online: the server's search (50,000+ cards, paged by the grid's infinite row
 * model; also by lot and order). Offline: the company's cards from the device database, searched in
 * memory. Rows can be selected for mass actions (one request per card; the server decides each).
 */
@Component({
  selector: 'app-cards-roster-page',
  imports: [AgGridAngular, FormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, RouterLink, TPipe],
  template: `
    <section class="page">
      <header class="head">
        <h1 class="title"><mat-icon aria-hidden="true">credit_card</mat-icon> {{ 'nav.cards' | t }}</h1>
        <a mat-stroked-button routerLink="entrega" data-testid="field-delivery-link">
          <mat-icon>local_shipping</mat-icon> {{ 'delivery.title' | t }}
        </a>
      </header>
      @if (online()) {
        <p class="sub" data-testid="server-summary">
          {{ (serverComplete() ? 'cards.summaryOnlineAll' : 'cards.summaryOnline') | t: { shown: serverRows() } }}
        </p>
      }
      <p class="sub" data-testid="roster-summary">
        {{ 'cards.summary' | t: { shown: results().length, total: index().entries.length } }}
        @if (asOf()) {
          · {{ 'cards.asOf' | t: { when: asOf() } }}
        }
      </p>

      <div class="filters">
        <mat-form-field appearance="outline" class="search" subscriptSizing="dynamic">
          <mat-icon matPrefix>search</mat-icon>
          <mat-label>{{ 'cards.searchAll' | t }}</mat-label>
          <input matInput type="search" [ngModel]="search.text()" (ngModelChange)="search.text.set($event)"
                 autocomplete="off" enterkeyhint="search" data-testid="roster-search" />
          <mat-hint>{{ (online() ? 'cards.searchHintOnline' : 'cards.searchHint') | t }}</mat-hint>
        </mat-form-field>
        <mat-form-field appearance="outline" class="filter" subscriptSizing="dynamic">
          <mat-label>{{ 'card.status' | t }}</mat-label>
          <mat-select [ngModel]="search.status()" (ngModelChange)="search.status.set($event)" data-testid="filter-status">
            <mat-option [value]="null">{{ 'common.all' | t }}</mat-option>
            @for (status of statuses; track status) {
              <mat-option [value]="status">{{ statusKey(status) | t }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" class="filter" subscriptSizing="dynamic">
          <mat-label>{{ 'card.plastic' | t }}</mat-label>
          <mat-select [ngModel]="search.plasticStatus()" (ngModelChange)="search.plasticStatus.set($event)" data-testid="filter-plastic">
            <mat-option [value]="null">{{ 'common.all' | t }}</mat-option>
            @for (status of plastics; track status) {
              <mat-option [value]="status">{{ plasticKey(status) | t }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" class="filter" subscriptSizing="dynamic">
          <mat-label>{{ 'card.branch' | t }}</mat-label>
          <mat-select [ngModel]="search.branchCode()" (ngModelChange)="search.branchCode.set($event)" data-testid="filter-branch">
            <mat-option [value]="null">{{ 'common.all' | t }}</mat-option>
            @for (branch of branchChoices(); track branch.code) {
              <mat-option [value]="branch.code">{{ branch.code }} · {{ branch.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </div>

      @if (selected().length) {
        <div class="mass" role="toolbar" data-testid="mass-actions">
          <span class="count">{{ 'cards.selected' | t: { count: selected().length } }}</span>
          @for (kind of massActions(); track kind) {
            <button mat-stroked-button type="button" (click)="runMass(kind)" [attr.data-testid]="'mass-' + kind">{{ kindKey(kind) | t }}</button>
          }
          <button mat-button type="button" (click)="clearSelection()">{{ 'cards.clearSelection' | t }}</button>
        </div>
      }

      @if (online() && companyId()) {
        <ag-grid-angular class="grid" [gridOptions]="serverOptions" [columnDefs]="columns()" (gridReady)="serverGridReady($event.api)"
                         (rowClicked)="open($event)" (selectionChanged)="selectionChanged($event)" data-testid="roster-grid" />
      } @else if (loaded() && index().entries.length === 0) {
        <p class="empty" data-testid="roster-empty"><mat-icon aria-hidden="true">cloud_download</mat-icon> {{ 'cards.emptyDevice' | t }}</p>
      } @else {
        <ag-grid-angular class="grid" [gridOptions]="options" [columnDefs]="columns()" [rowData]="gridRows()"
                         [loading]="!loaded()" (gridReady)="offlineApi.set($event.api)"
                         (rowClicked)="open($event)" (selectionChanged)="selectionChanged($event)" data-testid="roster-grid" />
      }
    </section>
  `,
  styles: `
    .page { display: flex; flex-direction: column; gap: 8px; }
    .head { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px; }
    .title { display: flex; align-items: center; gap: 8px; margin: 0; font: var(--mat-sys-headline-small); }
    .sub { margin: 0; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-medium); }
    .filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-start; }
    .search { flex: 1 1 100%; }
    .filter { flex: 1 1 140px; min-width: 0; } /* two a row on a phone: labels and choices stay readable */
    @media (min-width: 960px) { .search { flex: 2 1 320px; } .filter { flex: 0 1 180px; } }
    .grid { display: block; width: 100%; height: max(320px, calc(100dvh - 400px)); }
    .empty { display: flex; gap: 8px; align-items: center; color: var(--mat-sys-on-surface-variant); }
    .mass { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 8px; border-radius: 12px;
            background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    .mass .count { font: var(--mat-sys-label-large); margin-right: 4px; }
    :host ::ng-deep .holder-cell { display: flex; flex-direction: column; line-height: 1.25; justify-content: center; height: 100%; }
    :host ::ng-deep .holder-cell small { color: var(--mat-sys-on-surface-variant); }
    :host ::ng-deep .status-BLOCKED { color: var(--mat-sys-error); font-weight: 500; }
    :host ::ng-deep .status-CANCELLED { color: var(--mat-sys-on-surface-variant); text-decoration: line-through; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class CardsRosterPage {
  private readonly translator = inject(Translator);
  private readonly router = inject(Router);
  private readonly engine = inject(OfflineEngine);
  private readonly api = inject(CardsApi);
  private readonly runner = inject(CardActionRunner);
  private readonly store = inject(Store);
  readonly search = inject(RosterSearch);
  readonly online = this.store.selectSignal(selectOnline);
  private readonly company = this.store.selectSignal(selectSelectedCompany);
  readonly companyId = computed(() => this.company()?.id ?? null);
  private readonly granted = this.store.selectSignal(selectGrantedPermissions);
  readonly kindKey = requestKindKey;
  readonly statuses = CARD_STATUSES;
  readonly plastics = PLASTIC_STATUSES;
  readonly statusKey = cardStatusKey;
  readonly plasticKey = plasticStatusKey;

  private readonly cards = liveQuery<{ cards: LocalCard[]; loaded: boolean }>(
    // While a sync pulls pages of 1,000 cards, the list and its index are built at most every 250 ms
    // (first and last emission kept), not once per page over all cards.
    (db) =>
      db.cards.find().$.pipe(
        throttleTime(250, asyncScheduler, { leading: true, trailing: true }),
        map((docs) => ({ cards: docs.map((doc) => doc.toJSON() as LocalCard), loaded: true })),
      ),
    { cards: [], loaded: false },
  );
  readonly branches = liveQuery(allBranches, []);
  readonly loaded = computed(() => this.cards().loaded);
  /** Built once per change of the device's cards, not per keystroke. */
  readonly index = computed(() => buildRosterIndex(this.cards().cards));
  /** per keystroke typed further, only the previous answer is searched again */
  private readonly searcher = rosterSearcher();
  readonly results = computed(() =>
    this.searcher(this.index(), {
      text: this.search.text(),
      status: this.search.status(),
      plasticStatus: this.search.plasticStatus(),
      branchCode: this.search.branchCode(),
    }),
  );
  readonly branchChoices = computed(() => {
    const known = this.branches();
    if (known.length) return known;
    const codes = [...new Set(this.index().entries.map((entry) => entry.branchCode))].sort();
    return codes.map((code) => ({ code, name: '' }));
  });
  private readonly branchNames = computed(() => new Map(this.branches().map((branch) => [branch.code, branch.name])));
  readonly asOf = computed(() => when(this.engine.pulledAt().cards ?? this.engine.lastSyncAt()));

  private readonly handset = toSignal(inject(BreakpointObserver).observe(HANDSET).pipe(map((state) => state.matches)), {
    initialValue: matchMedia(HANDSET).matches,
  });

  /** Offline the grid holds every device card; a search filters them (no new row data per keystroke). */
  private readonly gridFilter = new RosterGridFilter<GridRow>();
  readonly offlineApi = signal<GridApi<GridRow> | null>(null);
  /** every device card, once per change of the device's cards */
  readonly gridRows = computed<GridRow[]>(() => this.index().entries.slice());
  readonly options: GridOptions<GridRow> = {
    ...listGridOptions<GridRow>(this.translator),
    // Each keystroke changes the rows shown: animated, every row kept moving and fading for a
    // moment after the search had answered (BENCHMARKS.md run N).
    animateRows: false,
    // The rows a keystroke brings into view are built (DOM, checkbox, cells) before the answer
    // shows: 4 rows beyond the viewport instead of 20 halves that work (BENCHMARKS.md run O).
    rowBuffer: 4,
    getRowId: (params) => params.data.cardId,
    rowStyle: { cursor: 'pointer' },
    ...this.gridFilter.options, // the search as a filter, and selection by checkbox of the rows shown
  };

  /** Online: the server's search through the infinite row model (bookmark pages of SERVER_BLOCK). */
  readonly serverOptions: GridOptions<GridRow> = {
    ...listGridOptions<GridRow>(this.translator),
    rowModelType: 'infinite',
    cacheBlockSize: SERVER_BLOCK,
    maxConcurrentDatasourceRequests: 1,
    infiniteInitialRowCount: 1,
    maxBlocksInCache: 50,
    getRowId: (params) => params.data.cardId,
    rowStyle: { cursor: 'pointer' },
    rowSelection: { mode: 'multiRow', checkboxes: true, headerCheckbox: false, enableClickSelection: false },
    defaultColDef: { resizable: true, sortable: false, suppressMovable: true },
  };
  private serverApi: GridApi<GridRow> | null = null;
  readonly serverRows = signal(0);
  readonly serverComplete = signal(false);
  private readonly serverQuery = toSignal(
    toObservable(
      computed(() => ({
        q: this.search.text().trim(),
        status: this.search.status(),
        plastic: this.search.plasticStatus(),
        branch: this.search.branchCode(),
      })),
    ).pipe(debounceTime(300), distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b))),
    { initialValue: { q: this.search.text().trim(), status: this.search.status(), plastic: this.search.plasticStatus(), branch: this.search.branchCode() } },
  );

  readonly selected = signal<GridRow[]>([]);
  readonly massActions = computed(() => massActionsFor(this.selected(), this.granted()));

  constructor() {
    // a new query (or company) starts the server grid over
    effect(() => {
      const query = this.serverQuery();
      const companyId = this.companyId();
      if (this.serverApi && companyId) this.loadServer(companyId, query);
    });
    effect(() => {
      // Online the grid shows the server's search, fetched once per query; the company's cards
      // still replicate live into the device database. A shown row whose device copy is newer is
      // redrawn from it, so a change made on the server reaches the open roster (issue 4: within
      // seconds) without searching again. Only the rows the grid holds are looked at.
      const index = this.index();
      if (!this.online()) return;
      this.serverApi?.forEachNode((node) => {
        const shown = node.data;
        const local = shown ? index.byId.get(`card:${shown.cardId}`) : undefined;
        if (shown && local && newerCopy(local, shown)) node.setData(rowOfEntry(local));
      });
    });
    effect(() => {
      // the search's answer, shown by the offline grid's filter (also after the device's cards change)
      const answer = this.results();
      this.gridFilter.show(this.offlineApi(), answer, answer.length === this.index().entries.length);
    });
    effect(() => {
      // the selection belongs to the grid shown: switching online/offline drops it
      this.online();
      this.selected.set([]);
    });
  }

  serverGridReady(api: GridApi<GridRow>): void {
    this.serverApi = api;
    const companyId = this.companyId();
    if (companyId) this.loadServer(companyId, this.serverQuery());
  }

  private loadServer(companyId: string, query: ReturnType<typeof this.serverQuery>): void {
    this.serverRows.set(0);
    this.serverComplete.set(false);
    this.selected.set([]);
    this.serverApi?.setGridOption(
      'datasource',
      serverCardsDatasource(this.api, companyId, query, rowOfSummary, (rows, complete) => {
        this.serverRows.set(rows);
        this.serverComplete.set(complete);
      }),
    );
  }

  selectionChanged(event: SelectionChangedEvent<GridRow>): void {
    this.selected.set(event.api.getSelectedRows());
  }

  clearSelection(): void {
    this.serverApi?.deselectAll();
    this.selected.set([]);
  }

  async runMass(kind: CardRequestKind): Promise<void> {
    const queued = await this.runner.runMany(kind, this.selected());
    if (queued.length) this.clearSelection();
  }

  readonly columns = computed<ColDef<GridRow>[]>(() => {
    const t = (key: Parameters<Translator['t']>[0]) => this.translator.t(key);
    const status: ColDef<GridRow> = {
      headerName: t('card.status'),
      field: 'status',
      valueFormatter: (p) => (p.value ? t(cardStatusKey(p.value)) : ''),
      cellClass: (p) => `status-${p.value}`,
      width: 120,
    };
    if (this.handset()) {
      return [
        {
          headerName: t('card.holder'),
          field: 'holderName',
          // redraw when the id or last 4 change too (the cell shows them)
          equals: () => false,
          flex: 1,
          minWidth: 180,
          cellRenderer: holderCell,
        },
        { ...status, width: 112 },
      ];
    }
    const names = this.branchNames();
    return [
      { headerName: t('card.holder'), field: 'holderName', flex: 2, minWidth: 200 },
      { headerName: t('card.holderId'), field: 'holderId', width: 140 },
      { headerName: t('card.number'), field: 'maskedPan', width: 190 },
      status,
      { headerName: t('card.plastic'), field: 'plasticStatus', valueFormatter: (p) => (p.value ? t(plasticStatusKey(p.value)) : ''), flex: 1, minWidth: 160 },
      { headerName: t('card.branch'), field: 'branchCode', valueFormatter: (p) => [p.value, names.get(p.value)].filter(Boolean).join(' · '), flex: 1, minWidth: 140 },
      { headerName: t('card.balance'), field: 'balanceCents', valueFormatter: (p) => money(p.value), type: 'rightAligned', width: 130 },
    ];
  });

  open(event: RowClickedEvent<GridRow>): void {
    // a tap on the selection checkbox selects; anywhere else on the row opens the card
    const target = event.event?.target as Element | null;
    if (target?.closest('.ag-selection-checkbox, .ag-checkbox-input-wrapper')) return;
    if (event.data) void this.router.navigate(['/servicios/tarjetas', event.data.cardId]);
  }
}

/** A row of either grid: the device roster's entry, or a search answer shaped like one. */
type GridRow = Pick<RosterEntry, 'cardId' | 'holderName' | 'holderId' | 'maskedPan' | 'last4' | 'status' | 'plasticStatus' | 'branchCode' | 'balanceCents' | 'updatedAt'>;

const GRID_FIELDS = ['holderName', 'holderId', 'maskedPan', 'last4', 'status', 'plasticStatus', 'branchCode', 'balanceCents'] as const;

function rowOfEntry(entry: RosterEntry): GridRow {
  const { cardId, updatedAt } = entry;
  return { cardId, updatedAt, ...Object.fromEntries(GRID_FIELDS.map((field) => [field, entry[field]])) } as GridRow;
}

/** The device's copy is at least as recent as the row shown (server times) and shows something else. */
function newerCopy(local: RosterEntry, shown: GridRow): boolean {
  return local.updatedAt >= (shown.updatedAt ?? '') && GRID_FIELDS.some((field) => local[field] !== shown[field]);
}

export function rowOfSummary(card: CardSummary): GridRow {
  const name = `${card.holder.firstName} ${card.holder.lastName}`.replace(/\s+/g, ' ').trim();
  return {
    cardId: card.cardId,
    holderName: name,
    holderId: card.holder.idType ? `${card.holder.idType}-${card.holder.idNumber}` : card.holder.idNumber,
    maskedPan: card.maskedPan,
    last4: card.last4,
    status: card.status,
    plasticStatus: card.plasticStatus,
    branchCode: card.branchCode,
    balanceCents: card.balanceCents,
    updatedAt: card.updatedAt,
  };
}

/** Name on the first line, id and last 4 on the second (phone layout). Text only, never HTML. */
function holderCell(params: ICellRendererParams<GridRow>): HTMLElement {
  const cell = document.createElement('span');
  cell.className = 'holder-cell';
  const name = document.createElement('span');
  name.textContent = params.data?.holderName ?? '';
  const small = document.createElement('small');
  small.textContent = params.data ? `${params.data.holderId} · •••• ${params.data.last4}` : '';
  cell.append(name, small);
  return cell;
}
