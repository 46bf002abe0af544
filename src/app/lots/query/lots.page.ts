import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { Router } from '@angular/router';
import { Store } from '@ngrx/store';
import { firstValueFrom } from 'rxjs';
import type { LotListItem } from '../../../domain/lots/lot.model';
import { LOT_STATUSES, LOT_TYPES, type LotStatus, type LotType } from '../../../domain/statuses';
import { toApiFailure } from '../../core/api/api-failure';
import { selectSelectedCompany } from '../../core/context/context.selectors';
import { TPipe } from '../../core/i18n/t.pipe';
import { LotsApi } from '../data/lots-api';
import { type FailureText, actionFailureText } from '../ui/failure-text';
import { lotStatusKey, lotTypeKey } from '../ui/labels';
import type { LotColumn } from '../ui/lot-columns';
import { LotsGrid } from '../ui/lots-grid';

/** Lots query (PRODUCT.md chapter 4): by status, type and dates; a row opens the lot's detail. */
@Component({
  selector: 'app-lots-page',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, TPipe, LotsGrid],
  template: `
    <section class="page">
      <h1 class="title"><mat-icon aria-hidden="true">list_alt</mat-icon> {{ 'nav.lots' | t }}</h1>
      <form class="filters" (ngSubmit)="search()">
        <mat-form-field>
          <mat-label>{{ 'lot.status' | t }}</mat-label>
          <mat-select name="status" [(ngModel)]="status" data-testid="filter-status">
            <mat-option [value]="''">{{ 'common.all' | t }}</mat-option>
            @for (s of statuses; track s) {
              <mat-option [value]="s">{{ statusKey(s) | t }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'lot.type' | t }}</mat-label>
          <mat-select name="type" [(ngModel)]="type" data-testid="filter-type">
            <mat-option [value]="''">{{ 'common.all' | t }}</mat-option>
            @for (ty of types; track ty) {
              <mat-option [value]="ty">{{ ty }} · {{ typeKey(ty) | t }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'common.from' | t }}</mat-label>
          <input matInput type="date" name="from" [(ngModel)]="from" />
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'common.to' | t }}</mat-label>
          <input matInput type="date" name="to" [(ngModel)]="to" />
        </mat-form-field>
        <div class="buttons">
          <button mat-flat-button type="submit" data-testid="search"><mat-icon>search</mat-icon> {{ 'common.search' | t }}</button>
          <button mat-button type="button" (click)="clear()">{{ 'common.clear' | t }}</button>
        </div>
      </form>
      @if (failure(); as f) {
        <p class="form-error" role="alert">{{ f.key ? (f.key | t) : f.serverText }}</p>
      }
      <p class="form-info">{{ 'lots.openHint' | t }}</p>
      <app-lots-grid [rows]="lots()" [columns]="columns" selection="none" [loading]="loading()" (opened)="open($event)" />
    </section>
  `,
  styles: `
    .title { display: flex; align-items: center; gap: 8px; font: var(--mat-sys-headline-small); }
    .filters { display: flex; flex-wrap: wrap; gap: 0 12px; align-items: baseline; }
    .filters mat-form-field { flex: 1 1 160px; }
    .buttons { display: flex; gap: 8px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class LotsPage {
  private readonly store = inject(Store);
  private readonly api = inject(LotsApi);
  private readonly router = inject(Router);
  readonly company = this.store.selectSignal(selectSelectedCompany);

  readonly statuses = LOT_STATUSES;
  readonly types = LOT_TYPES;
  readonly statusKey = lotStatusKey;
  readonly typeKey = lotTypeKey;
  readonly columns: readonly LotColumn[] = ['id', 'type', 'product', 'status', 'records', 'total', 'errors', 'uploadedBy', 'uploadedAt', 'order'];

  status: LotStatus | '' = '';
  type: LotType | '' = '';
  from = '';
  to = '';
  readonly lots = signal<LotListItem[]>([]);
  readonly loading = signal(false);
  readonly failure = signal<FailureText | null>(null);

  constructor() {
    void this.search();
  }

  async search(): Promise<void> {
    const company = this.company();
    if (!company) return;
    this.loading.set(true);
    try {
      this.lots.set(
        await firstValueFrom(
          this.api.list(company.id, { status: this.status || undefined, type: this.type || undefined, from: this.from, to: this.to }),
        ),
      );
      this.failure.set(null);
    } catch (error) {
      this.failure.set(actionFailureText(toApiFailure(error)));
    } finally {
      this.loading.set(false);
    }
  }

  clear(): void {
    this.status = this.type = this.from = this.to = '';
    void this.search();
  }

  open(lot: LotListItem): void {
    void this.router.navigate(['/consultas/lotes', lot.id]);
  }
}
