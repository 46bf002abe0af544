import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Store } from '@ngrx/store';
import { AgGridAngular } from 'ag-grid-angular';
import type { ColDef, GridApi, GridOptions, SelectionChangedEvent } from 'ag-grid-community';
import { firstValueFrom } from 'rxjs';
import { selectSelectedCompany } from '../../core/context/context.selectors';
import { TPipe } from '../../core/i18n/t.pipe';
import { Translator } from '../../core/i18n/translator';
import { selectOnline } from '../../core/status/status.reducer';
import { type CardSummary, CardsApi } from '../data/cards-api';
import { listGridOptions } from '../ui/grid';
import { cardStatusKey } from '../ui/labels';

/**
 * The operator moves plastics from the bank to the selected company (PRODUCT.md "Who uses it"):
 * the company's plastics still AT_BANK, select, send → SENT_TO_COMPANY. One batch id per
 * confirmation, so a retried send changes nothing twice; the answer says what happened to each card.
 */
@Component({
  selector: 'app-operator-plastics-page',
  imports: [AgGridAngular, FormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, TPipe],
  template: `
    <section class="page">
      <h1 class="title"><mat-icon aria-hidden="true">local_shipping</mat-icon> {{ 'plastics.title' | t }}</h1>
      @if (!online()) {
        <p class="muted" data-testid="plastics-offline"><mat-icon aria-hidden="true">cloud_off</mat-icon> {{ 'plastics.offline' | t }}</p>
      } @else if (!company()) {
        <p class="muted">{{ 'plastics.noCompany' | t }}</p>
      } @else {
        <p class="sub">{{ 'plastics.intro' | t: { company: company()!.name } }}</p>
        <div class="bar">
          <mat-form-field appearance="outline" class="search" subscriptSizing="dynamic">
            <mat-icon matPrefix>search</mat-icon>
            <mat-label>{{ 'plastics.search' | t }}</mat-label>
            <input matInput type="search" [ngModel]="text()" (ngModelChange)="text.set($event)" (keyup.enter)="load()"
                   autocomplete="off" enterkeyhint="search" data-testid="plastics-search" />
          </mat-form-field>
          <button mat-flat-button type="button" [disabled]="!selected().length || busy()" (click)="send()" data-testid="plastics-send">
            <mat-icon>local_shipping</mat-icon> {{ 'plastics.send' | t: { count: selected().length } }}
          </button>
        </div>
        <p class="sub" data-testid="plastics-count">
          {{ 'plastics.count' | t: { count: rows().length } }}
          @if (more()) { · {{ 'plastics.more' | t }} }
        </p>
        <ag-grid-angular class="grid" [gridOptions]="options" [columnDefs]="columns" [rowData]="rows()" [loading]="busy()"
                         (gridReady)="api = $event.api" (selectionChanged)="selectionChanged($event)" data-testid="plastics-grid" />
      }
    </section>
  `,
  styles: `
    .page { display: flex; flex-direction: column; gap: 8px; }
    .title { display: flex; align-items: center; gap: 8px; margin: 0; font: var(--mat-sys-headline-small); }
    .sub { margin: 0; color: var(--mat-sys-on-surface-variant); }
    .bar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
    .search { flex: 1 1 240px; }
    .grid { display: block; width: 100%; height: max(320px, calc(100dvh - 360px)); }
    .muted { display: flex; gap: 8px; align-items: center; color: var(--mat-sys-on-surface-variant); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class OperatorPlasticsPage {
  private readonly cards = inject(CardsApi);
  private readonly translator = inject(Translator);
  private readonly snackBar = inject(MatSnackBar);
  private readonly store = inject(Store);
  readonly online = this.store.selectSignal(selectOnline);
  readonly company = this.store.selectSignal(selectSelectedCompany);
  private readonly companyId = computed(() => this.company()?.id ?? null);
  readonly text = signal('');
  readonly rows = signal<CardSummary[]>([]);
  readonly more = signal(false);
  readonly busy = signal(false);
  readonly selected = signal<CardSummary[]>([]);
  api: GridApi<CardSummary> | null = null;
  /** the latest search asked: an earlier answer arriving late must not replace its rows (nor clear a selection made on them) */
  private lastLoad = 0;

  readonly options: GridOptions<CardSummary> = {
    ...listGridOptions<CardSummary>(this.translator),
    getRowId: (p) => p.data.cardId,
    rowSelection: { mode: 'multiRow', checkboxes: true, headerCheckbox: true, enableClickSelection: true },
  };

  readonly columns: ColDef<CardSummary>[] = [
    { headerName: this.translator.t('card.holder'), valueGetter: (p) => (p.data ? `${p.data.holder.firstName} ${p.data.holder.lastName}` : ''), flex: 2, minWidth: 170 },
    { headerName: this.translator.t('card.holderId'), valueGetter: (p) => (p.data ? `${p.data.holder.idType}-${p.data.holder.idNumber}` : ''), width: 130 },
    { headerName: this.translator.t('card.number'), field: 'maskedPan', width: 180 },
    { headerName: this.translator.t('card.branch'), field: 'branchCode', width: 110 },
    { headerName: this.translator.t('card.status'), field: 'status', valueFormatter: (p) => (p.value ? this.translator.t(cardStatusKey(p.value)) : ''), width: 120 },
  ];

  constructor() {
    effect(() => {
      if (this.companyId() && this.online()) void this.load();
    });
  }

  async load(): Promise<void> {
    const companyId = this.companyId();
    if (!companyId) return;
    const load = ++this.lastLoad;
    this.busy.set(true);
    try {
      const answer = await firstValueFrom(this.cards.plasticsAtBank(companyId, this.text()));
      if (load !== this.lastLoad) return;
      this.rows.set(answer.items);
      this.more.set(answer.more);
      // the grid keeps rows of the same id selected: clear both, so the count says what the grid shows
      this.api?.deselectAll();
      this.selected.set([]);
    } catch {
      if (load === this.lastLoad) this.snackBar.open(this.translator.t('plastics.failed'), this.translator.t('common.close'), { duration: 6000 });
    } finally {
      if (load === this.lastLoad) this.busy.set(false);
    }
  }

  selectionChanged(event: SelectionChangedEvent<CardSummary>): void {
    this.selected.set(event.api.getSelectedRows());
  }

  async send(): Promise<void> {
    const companyId = this.companyId();
    const cards = this.selected();
    if (!companyId || !cards.length) return;
    this.busy.set(true);
    const batchId = crypto.randomUUID();
    try {
      // a network failure is retried once with the same batch: the server applies it once
      const answer = await firstValueFrom(this.cards.dispatch(companyId, batchId, cards.map((c) => c.cardId))).catch(() =>
        firstValueFrom(this.cards.dispatch(companyId, batchId, cards.map((c) => c.cardId))),
      );
      const rejected = answer.results.filter((r) => r.result === 'rejected');
      const lines = [this.translator.t('plastics.sent', { applied: answer.results.length - rejected.length, rejected: rejected.length })];
      for (const r of rejected.slice(0, 3)) lines.push(this.translator.t('plastics.rejectedOne', { card: r.cardId, reason: r.message ?? '' }));
      this.snackBar.open(lines.join(' '), this.translator.t('common.close'), { duration: rejected.length ? 12_000 : 6000 });
    } catch {
      this.snackBar.open(this.translator.t('plastics.failed'), this.translator.t('common.close'), { duration: 6000 });
    } finally {
      this.busy.set(false);
    }
    await this.load();
  }
}
