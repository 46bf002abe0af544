import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { type Subscription, firstValueFrom } from 'rxjs';
import type { LotSummary } from '../../../domain/lots/lot.model';
import { LOT_TYPES, type LotType } from '../../../domain/statuses';
import { type ApiFailure, toApiFailure } from '../../core/api/api-failure';
import { selectSelectedCompany, selectSelectedProduct } from '../../core/context/context.selectors';
import { TPipe } from '../../core/i18n/t.pipe';
import { Translator } from '../../core/i18n/translator';
import { selectUser } from '../../core/session/session.selectors';
import { selectOnline } from '../../core/status/status.reducer';
import { LotsApi } from '../data/lots-api';
import { errorReportCsv } from '../ui/error-report';
import { type FailureText, actionFailureText } from '../ui/failure-text';
import { count, fileSize, money, percent } from '../ui/format';
import { lotTypeKey } from '../ui/labels';
import { LotErrorsGrid } from '../ui/lot-errors-grid';
import { FileSaver, fileNameFromDisposition } from '../ui/save-file';
import type { ValidationSummary } from '../validation/lot-validation.protocol';
import { LotValidationService } from '../validation/lot-validation.service';
import { LotUploadService } from './lot-upload.service';
import { PendingLotFileStore } from './pending-lot-file';

type CheckState =
  | { state: 'idle' }
  | { state: 'checking'; fraction: number }
  | { state: 'done'; result: ValidationSummary }
  | { state: 'failed' };

type SendState =
  | { state: 'idle' }
  | { state: 'sending'; fraction: number | null }
  | { state: 'validating'; lot: LotSummary; fraction: number | null }
  | { state: 'done'; lot: LotSummary }
  | { state: 'failed'; text: FailureText };

/**
 * Lot upload (PRODUCT.md chapter 3): type + .txt file, checked on the device by the shared validator in
 * a Web Worker (offline too), then sent to the server, the authority, which answers with the lot.
 */
@Component({
  selector: 'app-lot-upload-page',
  imports: [
    FormsModule,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatProgressBarModule,
    MatSelectModule,
    RouterLink,
    TPipe,
    LotErrorsGrid,
  ],
  templateUrl: './lot-upload.page.html',
  styleUrl: './lot-upload.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class LotUploadPage {
  private readonly store = inject(Store);
  private readonly files = inject(FileSaver);
  private readonly translator = inject(Translator);
  private readonly validation = inject(LotValidationService);
  private readonly uploads = inject(LotUploadService);
  private readonly api = inject(LotsApi);
  private readonly pending = inject(PendingLotFileStore);

  readonly company = this.store.selectSignal(selectSelectedCompany);
  readonly product = this.store.selectSignal(selectSelectedProduct);
  readonly online = this.store.selectSignal(selectOnline);
  private readonly user = this.store.selectSignal(selectUser);

  readonly types = LOT_TYPES;
  readonly lotTypeKey = lotTypeKey;
  readonly money = money;
  readonly count = count;
  readonly percent = percent;

  readonly type = signal<LotType | null>(null);
  readonly file = signal<File | null>(null);
  readonly check = signal<CheckState>({ state: 'idle' });
  readonly send = signal<SendState>({ state: 'idle' });
  readonly reportBusy = signal(false);

  readonly fileLabel = computed(() => {
    const file = this.file();
    return file ? this.translator.t('upload.fileInfo', { name: file.name, size: fileSize(file.size) }) : '';
  });
  readonly result = computed(() => {
    const check = this.check();
    return check.state === 'done' ? check.result : null;
  });
  readonly serverLot = computed(() => {
    const send = this.send();
    return send.state === 'done' ? send.lot : null;
  });
  readonly sendBusy = computed(() => ['sending', 'validating'].includes(this.send().state));
  readonly canSend = computed(
    () => !!this.result() && !!this.company() && !!this.product() && this.online() && !this.sendBusy() && !this.serverLot(),
  );

  private checkRun: Subscription | null = null;
  private sendRun: Subscription | null = null;

  constructor() {
    const company = this.company();
    const waiting = company ? this.pending.get(company.id) : null;
    if (waiting) {
      this.type.set(waiting.type);
      this.file.set(waiting.file);
      this.check.set({ state: 'done', result: waiting.check });
    }
    inject(DestroyRef).onDestroy(() => {
      this.checkRun?.unsubscribe();
      this.sendRun?.unsubscribe();
    });
  }

  chooseType(type: LotType): void {
    this.type.set(type);
    this.startCheck();
  }

  chooseFile(input: HTMLInputElement): void {
    const file = input.files?.[0] ?? null;
    input.value = ''; // choosing the same file again must trigger a new check
    if (!file) return;
    this.file.set(file);
    this.startCheck();
  }

  /** Runs the shared validator on the device; a new choice cancels the check in progress. */
  startCheck(): void {
    this.checkRun?.unsubscribe();
    this.sendRun?.unsubscribe();
    this.send.set({ state: 'idle' });
    const [type, file, company, product] = [this.type(), this.file(), this.company(), this.product()];
    if (!type || !file || !company || !product) {
      this.check.set({ state: 'idle' });
      return;
    }
    this.pending.clear();
    this.check.set({ state: 'checking', fraction: 0 });
    const context = {
      taxId: company.taxId,
      lotType: type,
      productCode: product.code,
      productCodes: company.products.map((p) => p.code),
    };
    this.checkRun = this.validation.validate(file, context).subscribe({
      next: (message) => {
        if (message.kind === 'progress') this.check.set({ state: 'checking', fraction: message.fraction });
        else if (message.kind === 'failed') this.check.set({ state: 'failed' });
        else {
          this.check.set({ state: 'done', result: message.result });
          const userId = this.user()?.userId;
          if (userId) {
            this.pending.keep({ userId, companyId: company.id, productCode: product.code, type, file, check: message.result });
          }
        }
      },
      error: () => this.check.set({ state: 'failed' }),
    });
  }

  /** multipart POST to the server; a VALIDATING answer is polled until VALID/INVALID. */
  upload(): void {
    const [type, file, company, product] = [this.type(), this.file(), this.company(), this.product()];
    if (!this.canSend() || !type || !file || !company || !product) return;
    this.send.set({ state: 'sending', fraction: 0 });
    this.sendRun = this.uploads.upload(company.id, { type, productCode: product.code, file, fileName: file.name }).subscribe({
      next: (progress) => {
        if (progress.phase === 'sending') this.send.set({ state: 'sending', fraction: progress.fraction });
        else if (progress.phase === 'validating') this.send.set({ state: 'validating', lot: progress.lot, fraction: progress.fraction });
        else {
          this.send.set({ state: 'done', lot: progress.lot });
          this.pending.clear();
        }
      },
      error: (error: unknown) => this.send.set({ state: 'failed', text: this.failureText(toApiFailure(error)) }),
    });
  }

  another(): void {
    this.checkRun?.unsubscribe();
    this.pending.clear();
    this.file.set(null);
    this.check.set({ state: 'idle' });
    this.send.set({ state: 'idle' });
  }

  downloadLocalReport(): void {
    const result = this.result();
    const file = this.file();
    if (!result || !file) return;
    this.files.save(errorReportCsv(result.errors, this.reportHeaders()), this.reportName(file.name));
  }

  /** The server's report of every error (GET .../errors.csv), however many there are. */
  async downloadServerReport(): Promise<void> {
    const lot = this.serverLot();
    const company = this.company();
    if (!lot || !company) return;
    this.reportBusy.set(true);
    try {
      const response = await firstValueFrom(this.api.errorsCsv(company.id, lot.id));
      const name = fileNameFromDisposition(response.headers.get('Content-Disposition')) ?? this.reportName(lot.fileName || lot.id);
      if (response.body) this.files.save(response.body, name);
    } catch (error) {
      this.send.set({ state: 'failed', text: this.failureText(toApiFailure(error)) });
    } finally {
      this.reportBusy.set(false);
    }
  }

  private reportHeaders() {
    const t = (key: Parameters<Translator['t']>[0]) => this.translator.t(key);
    return { line: t('lotError.line'), field: t('lotError.field'), code: t('lotError.code'), message: t('lotError.message') };
  }

  private reportName(fileName: string): string {
    return this.translator.t('lotError.reportFile', { name: fileName.replace(/\.txt$/i, '') });
  }

  private failureText(failure: ApiFailure): FailureText {
    return actionFailureText(failure);
  }
}
