import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { firstValueFrom } from 'rxjs';
import { DEFAULT_TRANSFER_SETTINGS } from '../../domain/transfers/transfer-settings';
import { pageCall } from '../core/api/page-call';
import { TPipe } from '../core/i18n/t.pipe';
import { Translator } from '../core/i18n/translator';
import type { FailureText } from '../lots/ui/failure-text';
import { ConfigApi, type CompanyData, type Product } from '../configuration/data/config-api';
import { ProductCard } from '../configuration/ui/product-card';
import { CompanyPicker } from './company-picker';
import { ProductDialog, type ProductDialogData } from './product-dialog';

/** The groups a product has when no product exists to copy the shape from (server/accounts ProductInputSchema). */
const BASE_TEMPLATE: Product = {
  code: '',
  name: '',
  kind: 'meal',
  bin: '',
  status: 'active',
  fees: { issuanceFeeCents: null, commissionBasisPoints: null, taxBasisPoints: null },
  limits: { maxLoadCents: null, maxRechargeCents: null, maxRecordsPerFile: null, dailyCardsIssued: null, dailyAmountCents: null, monthlyAmountCents: null },
  transfers: { ...DEFAULT_TRANSFER_SETTINGS },
};

/** Operator → Productos: a company's products (BIN, fee schedule, tax, limits); tap one to change it. */
@Component({
  selector: 'app-products-tab',
  imports: [MatButtonModule, MatIconModule, TPipe, ProductCard, CompanyPicker],
  template: `
    <app-company-picker [companies]="companies()" [(companyId)]="companyId" />
    <div class="toolbar">
      <button mat-flat-button type="button" (click)="edit(undefined)" [disabled]="!companyId()" data-testid="product-new">
        <mat-icon>add</mat-icon> {{ 'operator.newProduct' | t }}
      </button>
    </div>
    @if (failure(); as f) {
      <p class="form-error" role="alert">{{ f.key ? (f.key | t) : f.serverText }}</p>
    }
    <div class="products">
      @for (p of products(); track p.code) {
        <button type="button" class="card-button" (click)="edit(p)" [attr.aria-label]="p.code">
          <app-product-card [product]="p" />
        </button>
      } @empty {
        <p class="form-info">{{ 'operator.noProducts' | t }}</p>
      }
    </div>
  `,
  styles: `
    .toolbar { display: flex; gap: 8px; margin: 0 0 12px; }
    .products { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; }
    .card-button { all: unset; display: block; cursor: pointer; border-radius: 12px; }
    .card-button:focus-visible { outline: 2px solid var(--mat-sys-primary); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProductsTab {
  readonly companies = input.required<CompanyData[]>();
  private readonly api = inject(ConfigApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly translator = inject(Translator);
  readonly companyId = signal('');
  readonly products = signal<Product[]>([]);
  readonly failure = signal<FailureText | null>(null);
  /** the last product seen, of any company: its shape (groups and fields) is the new product's */
  private template: Product = BASE_TEMPLATE;

  constructor() {
    effect(() => {
      const first = this.companies()[0]?.id;
      if (first && !untracked(this.companyId)) this.companyId.set(first);
    });
    effect(() => {
      const id = this.companyId();
      if (id) untracked(() => void this.load(id));
    });
  }

  private async load(companyId: string): Promise<void> {
    const products = await pageCall({ failure: this.failure }, () => this.api.products(companyId));
    // a failed load shows no products (not the previous company's)
    this.products.set(products ?? []);
    if (products?.[0]) this.template = products[0];
  }

  async edit(product: Product | undefined): Promise<void> {
    const companyId = this.companyId();
    const saved = await firstValueFrom(
      this.dialog
        .open<ProductDialog, ProductDialogData, Product>(ProductDialog, { data: { companyId, product, template: this.template }, width: '760px', maxWidth: '96vw' })
        .afterClosed(),
    );
    if (!saved) return;
    this.snackBar.open(this.translator.t('operator.productSaved', { code: saved.code }), undefined, { duration: 4000 });
    await this.load(companyId);
  }
}
