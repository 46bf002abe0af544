import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTabsModule } from '@angular/material/tabs';
import { Store } from '@ngrx/store';
import { HEADER_LAYOUT, LOT_LAYOUTS, exampleFileFor, templateFor } from '../../../domain/lots/layouts';
import { LOT_TYPES, type LotType } from '../../../domain/statuses';
import { selectSelectedCompany, selectSelectedProduct } from '../../core/context/context.selectors';
import { TPipe } from '../../core/i18n/t.pipe';
import { Translator } from '../../core/i18n/translator';
import { lotTypeKey } from '../../lots/ui/labels';
import { FileSaver } from '../../lots/ui/save-file';
import { LayoutGrid } from './layout-grid';
import { layoutRows } from './layout-rows';

export const GUIDE_URL = '/guia/guia-de-usuario.html';

/**
 * File downloads (PRODUCT.md chapter 2): for each lot type the layout field by field, a template and
 * an example file — all generated on the device from the one layout definition (works offline) —
 * and the user guide.
 */
@Component({
  selector: 'app-downloads-page',
  imports: [MatButtonModule, MatIconModule, MatTabsModule, TPipe, LayoutGrid],
  template: `
    <section class="page">
      <h1 class="title"><mat-icon aria-hidden="true">download</mat-icon> {{ 'nav.downloads' | t }}</h1>
      <p class="form-info">{{ 'downloads.intro' | t }}</p>
      <section class="guide" data-testid="guide">
        <h2 class="subtitle"><mat-icon aria-hidden="true">menu_book</mat-icon> {{ 'guide.title' | t }}</h2>
        <p>{{ 'guide.body' | t }}</p>
        <a mat-stroked-button [href]="guideUrl" download="guia-de-usuario.html" data-testid="guide-download">
          <mat-icon>file_download</mat-icon> {{ 'guide.download' | t }}
        </a>
      </section>
      <mat-tab-group mat-stretch-tabs="false" dynamicHeight>
        @for (type of types; track type) {
          <mat-tab [label]="type" [attr.data-testid]="'tab-' + type">
            <ng-template matTabContent>
              <h2 class="subtitle">{{ type }} · {{ typeKey(type) | t }}</h2>
              <p>{{ layouts[type].detail.description }}</p>
              <div class="toolbar">
                <button mat-flat-button type="button" (click)="downloadTemplate(type)" [attr.data-testid]="'template-' + type">
                  <mat-icon>description</mat-icon> {{ 'downloads.template' | t }}
                </button>
                <button mat-stroked-button type="button" (click)="downloadExample(type)" [disabled]="!company()"
                        [attr.data-testid]="'example-' + type">
                  <mat-icon>file_download</mat-icon> {{ 'downloads.exampleFile' | t }}
                </button>
              </div>
              @if (company(); as c) {
                <p class="form-info">{{ 'downloads.exampleFor' | t: { company: c.name, taxId: c.taxId, product: productCode() } }}</p>
              }
              <h3 class="section">{{ 'downloads.header' | t }} — {{ headerLine(type) }}</h3>
              <p class="form-info">{{ header.description }}</p>
              <app-layout-grid [rows]="headerRows()" [attr.data-testid]="'header-grid-' + type" />
              <h3 class="section">{{ 'downloads.detail' | t }} — {{ detailLine(type) }}</h3>
              <app-layout-grid [rows]="detailRows(type)" [attr.data-testid]="'detail-grid-' + type" />
            </ng-template>
          </mat-tab>
        }
      </mat-tab-group>
    </section>
  `,
  styles: `
    .title { display: flex; align-items: center; gap: 8px; font: var(--mat-sys-headline-small); }
    .subtitle { font: var(--mat-sys-title-large); margin: 16px 0 4px; }
    .section { font: var(--mat-sys-title-small); margin: 16px 0 4px; word-break: break-all; }
    .toolbar { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
    .guide { margin: 8px 0 16px; }
    .guide .subtitle { display: flex; align-items: center; gap: 8px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class DownloadsPage {
  private readonly store = inject(Store);
  private readonly files = inject(FileSaver);
  private readonly translator = inject(Translator);
  readonly company = this.store.selectSignal(selectSelectedCompany);
  private readonly product = this.store.selectSignal(selectSelectedProduct);
  readonly productCode = computed(() => this.product()?.code ?? this.company()?.products[0]?.code ?? '');

  readonly types = LOT_TYPES;
  /** the guide (docs/guia-de-usuario.md rendered by docs/tools/render-guide.mjs into public/guia/) */
  readonly guideUrl = GUIDE_URL;
  readonly layouts = LOT_LAYOUTS;
  readonly header = HEADER_LAYOUT;
  readonly typeKey = lotTypeKey;

  /** Header rows with the selected company's tax id and product as examples. */
  readonly headerRows = computed(() => {
    const company = this.company();
    return layoutRows(HEADER_LAYOUT, company ? { taxId: company.taxId, productCode: this.productCode() } : {});
  });

  detailRows(type: LotType) {
    return layoutRows(LOT_LAYOUTS[type].detail);
  }

  headerLine(type: LotType): string {
    return templateFor(type).split('\r\n')[0];
  }

  detailLine(type: LotType): string {
    return templateFor(type).split('\r\n')[1];
  }

  downloadTemplate(type: LotType): void {
    this.files.save(new Blob([templateFor(type)], { type: 'text/plain;charset=utf-8' }), this.translator.t('downloads.templateFile', { type }));
  }

  downloadExample(type: LotType): void {
    const company = this.company();
    if (!company) return;
    const product = this.productCode();
    const text = exampleFileFor(type, company.taxId, product);
    this.files.save(new Blob([text], { type: 'text/plain;charset=utf-8' }), this.translator.t('downloads.exampleFileName', { type, product }));
  }
}
