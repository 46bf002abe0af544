import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, Injectable, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { AgGridAngular } from 'ag-grid-angular';
import type { ColDef, GridOptions, ICellRendererParams, RowClickedEvent } from 'ag-grid-community';
import { map } from 'rxjs';
import { CARD_STATUSES, type CardStatus, PLASTIC_STATUSES, type PlasticStatus } from '../../../domain/statuses';
import { TPipe } from '../../core/i18n/t.pipe';
import { Translator } from '../../core/i18n/translator';
import type { LocalCard } from '../../offline/db/doc-types';
import { allBranches, allCards, liveQuery } from '../../offline/live-query';
import { OfflineEngine } from '../../offline/offline-engine';
import { listGridOptions } from '../ui/grid';
import { cardStatusKey, money, plasticStatusKey, when } from '../ui/labels';
import { type RosterEntry, buildRosterIndex, searchRoster } from './roster-index';

/** The roster's search, kept while the user opens a card and comes back. */
@Injectable({ providedIn: 'root' })
export class RosterSearch {
  readonly text = signal('');
  readonly status = signal<CardStatus | null>(null);
  readonly plasticStatus = signal<PlasticStatus | null>(null);
  readonly branchCode = signal<string | null>(null);
}

const HANDSET = '(max-width: 719.98px)';

/** Consulta de tarjetas: the company's cards from the device database, searchable with no network. */
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
      <p class="sub" data-testid="roster-summary">
        {{ 'cards.summary' | t: { shown: results().length, total: index().entries.length } }}
        @if (asOf()) {
          · {{ 'cards.asOf' | t: { when: asOf() } }}
        }
      </p>

      <div class="filters">
        <mat-form-field appearance="outline" class="search" subscriptSizing="dynamic">
          <mat-icon matPrefix>search</mat-icon>
          <mat-label>{{ 'cards.search' | t }}</mat-label>
          <input matInput type="search" [ngModel]="search.text()" (ngModelChange)="search.text.set($event)"
                 autocomplete="off" enterkeyhint="search" data-testid="roster-search" />
          <mat-hint>{{ 'cards.searchHint' | t }}</mat-hint>
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
          <mat-select [ngModel]="search.plasticStatus()" (ngModelChange)="search.plasticStatus.set($event)">
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

      @if (loaded() && index().entries.length === 0) {
        <p class="empty" data-testid="roster-empty"><mat-icon aria-hidden="true">cloud_download</mat-icon> {{ 'cards.emptyDevice' | t }}</p>
      } @else {
        <ag-grid-angular class="grid" [gridOptions]="options" [columnDefs]="columns()" [rowData]="results()"
                         [loading]="!loaded()" (rowClicked)="open($event)" data-testid="roster-grid" />
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
    .filter { flex: 1 1 96px; min-width: 0; }
    @media (min-width: 960px) { .search { flex: 2 1 320px; } .filter { flex: 0 1 180px; } }
    .grid { display: block; width: 100%; height: max(320px, calc(100dvh - 400px)); }
    .empty { display: flex; gap: 8px; align-items: center; color: var(--mat-sys-on-surface-variant); }
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
  readonly search = inject(RosterSearch);
  readonly statuses = CARD_STATUSES;
  readonly plastics = PLASTIC_STATUSES;
  readonly statusKey = cardStatusKey;
  readonly plasticKey = plasticStatusKey;

  private readonly cards = liveQuery<{ cards: LocalCard[]; loaded: boolean }>(
    (db) => allCards(db).pipe(map((cards) => ({ cards, loaded: true }))),
    { cards: [], loaded: false },
  );
  readonly branches = liveQuery(allBranches, []);
  readonly loaded = computed(() => this.cards().loaded);
  /** Built once per change of the device's cards, not per keystroke. */
  readonly index = computed(() => buildRosterIndex(this.cards().cards));
  readonly results = computed(() =>
    searchRoster(this.index(), {
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

  readonly options: GridOptions<RosterEntry> = {
    ...listGridOptions<RosterEntry>(this.translator),
    getRowId: (params) => params.data.id,
    rowStyle: { cursor: 'pointer' },
  };

  readonly columns = computed<ColDef<RosterEntry>[]>(() => {
    const t = (key: Parameters<Translator['t']>[0]) => this.translator.t(key);
    const status: ColDef<RosterEntry> = {
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

  open(event: RowClickedEvent<RosterEntry>): void {
    if (event.data) void this.router.navigate(['/servicios/tarjetas', event.data.cardId]);
  }
}

/** Name on the first line, id and last 4 on the second (phone layout). Text only, never HTML. */
function holderCell(params: ICellRendererParams<RosterEntry>): HTMLElement {
  const cell = document.createElement('span');
  cell.className = 'holder-cell';
  const name = document.createElement('span');
  name.textContent = params.data?.holderName ?? '';
  const small = document.createElement('small');
  small.textContent = params.data ? `${params.data.holderId} · •••• ${params.data.last4}` : '';
  cell.append(name, small);
  return cell;
}
