import { ChangeDetectionStrategy, Component, type ElementRef, computed, inject, signal, viewChild } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { hasPermission } from '../../../domain/permissions';
import { selectGrantedPermissions } from '../../core/context/context.selectors';
import { TPipe } from '../../core/i18n/t.pipe';
import type { LocalCard, LocalRequest } from '../../offline/db/doc-types';
import { allBranches, allCards, liveQuery, myRequests } from '../../offline/live-query';
import { CardActionRunner } from '../card-action-runner';
import { type RosterEntry, buildRosterIndex, searchRoster } from '../roster/roster-index';
import { plasticStatusKey } from '../ui/labels';

const MAX_SHOWN = 30;

/**
 * Field delivery (PRODUCT.md "field manager"): find the card → confirm the delivery (who received it,
 * optional signature) → next. Entirely on the device: the requests go out when there is network.
 */
@Component({
  selector: 'app-field-delivery-page',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSlideToggleModule, RouterLink, TPipe],
  template: `
    <section class="page">
      <a mat-button routerLink="/servicios/tarjetas" class="back"><mat-icon>arrow_back</mat-icon> {{ 'cards.backToRoster' | t }}</a>
      <h1 class="title"><mat-icon aria-hidden="true">local_shipping</mat-icon> {{ 'delivery.title' | t }}</h1>
      <ol class="steps">
        <li [class.on]="true">{{ 'delivery.step1' | t }}</li>
        <li>{{ 'delivery.step2' | t }}</li>
        <li>{{ 'delivery.step3' | t }}</li>
      </ol>
      @if (!canManage()) {
        <p class="muted">{{ 'delivery.noPermission' | t }}</p>
      }

      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-icon matPrefix>search</mat-icon>
        <mat-label>{{ 'cards.search' | t }}</mat-label>
        <input #searchBox matInput type="search" [ngModel]="text()" (ngModelChange)="text.set($event)"
               autocomplete="off" enterkeyhint="search" data-testid="delivery-search" />
        <mat-hint>{{ 'cards.searchHint' | t }}</mat-hint>
      </mat-form-field>
      <mat-slide-toggle [ngModel]="everyCard()" (ngModelChange)="everyCard.set($event)">{{ 'delivery.everyCard' | t }}</mat-slide-toggle>

      <p class="count">{{ 'delivery.candidates' | t: { count: candidates().length } }}</p>
      <ul class="results" data-testid="delivery-results">
        @for (entry of shown(); track entry.id) {
          <li>
            <button type="button" class="result" (click)="deliver(entry)" [disabled]="!canManage() || entry.plasticStatus === 'DELIVERED'" [attr.data-testid]="'deliver-' + entry.cardId">
              <span class="name">{{ entry.holderName }}</span>
              <span class="meta">{{ entry.holderId }} · •••• {{ entry.last4 }} · {{ plasticKey(entry.plasticStatus) | t }}</span>
              <mat-icon aria-hidden="true">chevron_right</mat-icon>
            </button>
          </li>
        }
      </ul>
      @if (candidates().length > shown().length) {
        <p class="muted">{{ 'delivery.refine' | t: { count: candidates().length - shown().length } }}</p>
      }

      @if (done().length) {
        <h2 class="section">{{ 'delivery.today' | t: { count: done().length } }}</h2>
        <ul class="done" data-testid="delivery-done">
          @for (item of done(); track item.id) {
            <li><mat-icon aria-hidden="true">schedule_send</mat-icon> {{ item.name }} · •••• {{ item.last4 }}</li>
          }
        </ul>
      }
    </section>
  `,
  styles: `
    .page { display: flex; flex-direction: column; gap: 8px; max-width: 720px; }
    .back { align-self: flex-start; }
    .title { display: flex; align-items: center; gap: 8px; margin: 0; font: var(--mat-sys-headline-small); }
    .steps { display: flex; gap: 8px; padding: 0; margin: 0; list-style: none; counter-reset: step; flex-wrap: wrap; }
    .steps li { counter-increment: step; font: var(--mat-sys-label-large); color: var(--mat-sys-on-surface-variant); }
    .steps li::before { content: counter(step) '. '; }
    .steps li.on { color: var(--mat-sys-primary); }
    .count, .muted { color: var(--mat-sys-on-surface-variant); margin: 0; }
    .results, .done { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }
    .result { width: 100%; min-height: 56px; display: grid; grid-template-columns: 1fr auto; grid-template-rows: auto auto;
              align-items: center; text-align: left; padding: 8px 12px; border-radius: 12px; cursor: pointer;
              border: 1px solid var(--mat-sys-outline-variant); background: var(--mat-sys-surface); font: inherit; color: inherit; }
    .result:hover, .result:focus-visible { background: var(--mat-sys-surface-container-high); }
    .result .name { font: var(--mat-sys-body-large); }
    .result .meta { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); grid-row: 2; }
    .result mat-icon { grid-row: 1 / span 2; grid-column: 2; }
    .section { font: var(--mat-sys-title-medium); margin: 16px 0 4px; }
    .done li { display: flex; gap: 8px; align-items: center; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class FieldDeliveryPage {
  private readonly runner = inject(CardActionRunner);
  private readonly granted = inject(Store).selectSignal(selectGrantedPermissions);
  private readonly searchBox = viewChild<ElementRef<HTMLInputElement>>('searchBox');
  readonly plasticKey = plasticStatusKey;
  readonly text = signal('');
  readonly everyCard = signal(false);
  readonly done = signal<{ id: string; name: string; last4: string }[]>([]);
  readonly canManage = computed(() => hasPermission(this.granted(), 'cards.manage'));

  private readonly cards = liveQuery(allCards, [] as LocalCard[]);
  private readonly requests = liveQuery((db, engine) => myRequests(db, engine), [] as LocalRequest[]);
  private readonly branches = liveQuery(allBranches, []);
  private readonly cardsById = computed(() => new Map(this.cards().map((card) => [card._id, card])));
  private readonly index = computed(() => buildRosterIndex(this.cards()));
  /** Plastics not delivered yet (or not already queued for delivery), unless "every card". */
  readonly candidates = computed(() => {
    const queued = new Set(
      this.requests()
        .filter((r) => r.kind === 'card.plastic-delivered' && r.status === 'PENDING')
        .map((r) => r.cardId),
    );
    const found = searchRoster(this.index(), { text: this.text() });
    if (this.everyCard()) return found;
    return found.filter((e) => e.status !== 'CANCELLED' && e.plasticStatus !== 'DELIVERED' && !queued.has(e.cardId));
  });
  readonly shown = computed(() => this.candidates().slice(0, MAX_SHOWN));

  async deliver(entry: RosterEntry): Promise<void> {
    const card = this.cardsById().get(entry.id);
    if (!card) return;
    const request = await this.runner.deliver(card, this.requests(), this.branches());
    if (request) {
      this.done.update((list) => [{ id: request._id, name: entry.holderName, last4: entry.last4 }, ...list]);
      // next: a clean search, ready for the next cardholder
      this.text.set('');
      this.searchBox()?.nativeElement.focus();
    }
  }
}
