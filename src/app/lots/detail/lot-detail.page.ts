import { ChangeDetectionStrategy, Component, type OnInit, computed, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { firstValueFrom } from 'rxjs';
import type { LotSummary } from '../../../domain/lots/lot.model';
import { toApiFailure } from '../../core/api/api-failure';
import { pageCall } from '../../core/api/page-call';
import { selectSelectedCompany } from '../../core/context/context.selectors';
import { TPipe } from '../../core/i18n/t.pipe';
import { Translator } from '../../core/i18n/translator';
import { selectOnline } from '../../core/status/status.reducer';
import { type ExportFormat, LotsApi } from '../data/lots-api';
import { type FailureText, actionFailureText } from '../ui/failure-text';
import { count, dateTime, fileSize, money } from '../ui/format';
import { lotStatusKey, lotTypeKey } from '../ui/labels';
import { LotErrorsGrid } from '../ui/lot-errors-grid';
import { FileSaver, fileNameFromDisposition } from '../ui/save-file';
import { LotRecordsGrid } from './lot-records-grid';

/** One lot (PRODUCT.md chapter 4 "Lot detail"): summary, every record with its errors or result, export. */
@Component({
  selector: 'app-lot-detail-page',
  imports: [MatButtonModule, MatCardModule, MatIconModule, MatMenuModule, MatTabsModule, RouterLink, TPipe, LotRecordsGrid, LotErrorsGrid],
  templateUrl: './lot-detail.page.html',
  styleUrl: './lot-detail.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class LotDetailPage implements OnInit {
  private readonly store = inject(Store);
  private readonly files = inject(FileSaver);
  private readonly api = inject(LotsApi);
  private readonly translator = inject(Translator);
  /** Route parameter (withComponentInputBinding). */
  readonly lotId = input.required<string>();

  readonly company = this.store.selectSignal(selectSelectedCompany);
  readonly online = this.store.selectSignal(selectOnline);
  readonly lot = signal<LotSummary | null>(null);
  readonly failure = signal<FailureText | null>(null);
  readonly exporting = signal<ExportFormat | null>(null);
  readonly formats: readonly ExportFormat[] = ['xlsx', 'csv', 'pdf'];

  readonly statusKey = lotStatusKey;
  readonly typeKey = lotTypeKey;
  readonly money = money;
  readonly count = count;
  readonly dateTime = dateTime;
  readonly fileSize = fileSize;
  readonly processed = computed(() => this.lot()?.processing ?? null);

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    const company = this.company();
    if (!company) return;
    const lot = await pageCall({ failure: this.failure }, () => this.api.get(company.id, this.lotId()));
    if (lot) this.lot.set(lot);
  }

  async export(format: ExportFormat): Promise<void> {
    const company = this.company();
    const lot = this.lot();
    if (!company || !lot) return;
    this.exporting.set(format);
    try {
      const response = await firstValueFrom(this.api.export(company.id, lot.id, format));
      const name = fileNameFromDisposition(response.headers.get('Content-Disposition')) ?? this.translator.t('lotDetail.exportFile', { id: lot.id, format });
      if (response.body) this.files.save(response.body, name);
    } catch (error) {
      this.failure.set(actionFailureText(toApiFailure(error)));
    } finally {
      this.exporting.set(null);
    }
  }
}
