import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { catchError, combineLatest, distinctUntilChanged, map, of, switchMap } from 'rxjs';
import { selectSelectedCompany } from '../../core/context/context.selectors';
import { selectOnline } from '../../core/status/status.reducer';
import { CardsApi } from '../data/cards-api';
import type { CardRequestKind } from '../../../domain/requests';
import { selectGrantedPermissions } from '../../core/context/context.selectors';
import { TPipe } from '../../core/i18n/t.pipe';
import type { LocalCard } from '../../offline/db/doc-types';
import { allBranches, liveQuery, myRequests, oneCard } from '../../offline/live-query';
import { OfflineEngine } from '../../offline/offline-engine';
import { CardActionRunner } from '../card-action-runner';
import { availableActions, blockNotInForce } from '../card-actions';
import { RequestList } from '../ui/request-list';
import { cardStatusKey, historyActionKey, money, plasticStatusKey, replacementReasonKey, requestKindKey, requestStatusKey, when } from '../ui/labels';
import type { RequestStatus } from '../../../domain/statuses';

const ACTION_ICONS: Record<CardRequestKind, string> = {
  'card.block': 'block',
  'card.unblock': 'lock_open',
  'card.cancel': 'cancel',
  'card.holder-update': 'edit',
  'card.replacement': 'autorenew',
  'card.plastic-received': 'inventory',
  'card.plastic-delivered': 'how_to_reg',
  'card.pin': 'pin',
};

/** A card from the device database: holder, masked number, statuses, balance as of sync, history, actions. */
@Component({
  selector: 'app-card-detail-page',
  imports: [MatButtonModule, MatCardModule, MatIconModule, RouterLink, TPipe, RequestList],
  template: `
    <section class="page">
      <a mat-button routerLink="/servicios/tarjetas" class="back"><mat-icon>arrow_back</mat-icon> {{ 'cards.backToRoster' | t }}</a>
      @if (card(); as card) {
        <mat-card appearance="outlined">
          <mat-card-header>
            <mat-icon mat-card-avatar aria-hidden="true">credit_card</mat-icon>
            <mat-card-title data-testid="card-holder">{{ card.holder.firstName }} {{ card.holder.lastName }}</mat-card-title>
            <mat-card-subtitle>{{ card.holder.idType }}-{{ card.holder.idNumber }}</mat-card-subtitle>
          </mat-card-header>
          <mat-card-content>
            <p class="pan" data-testid="card-number">{{ card.maskedPan }}</p>
            <div class="chips">
              <span class="chip status-{{ card.status }}" data-testid="card-status">{{ statusKey(card.status) | t }}</span>
              <span class="chip">{{ 'card.plastic' | t }}: {{ plasticKey(card.plasticStatus) | t }}</span>
            </div>

            @if (notInForce(); as pendingBlock) {
              <div class="not-in-force" role="alert" data-testid="block-not-in-force">
                <mat-icon aria-hidden="true">warning</mat-icon>
                <div>
                  <strong>{{ 'cards.blockNotInForce' | t }}</strong>
                  <p>{{ 'cards.blockNotInForceDetail' | t: { when: when(pendingBlock.createdAt) } }}</p>
                  <a mat-flat-button class="hotline" [href]="'tel:' + ('cards.hotlineDial' | t)">
                    <mat-icon>call</mat-icon> {{ 'cards.callHotline' | t: { hotline: ('cards.hotline' | t) } }}
                  </a>
                </div>
              </div>
            }

            <dl class="facts">
              <dt>{{ 'card.balance' | t }}</dt>
              <dd data-testid="card-balance">
                {{ money(card.balanceCents) }}
                @if (asOf()) { <small>{{ 'cards.asOf' | t: { when: asOf() } }}</small> }
              </dd>
              <dt>{{ 'card.branch' | t }}</dt>
              <dd>{{ card.branchCode }}@if (branchName()) { · {{ branchName() }} }</dd>
              <dt>{{ 'card.email' | t }}</dt>
              <dd>{{ card.holder.email || ('common.none' | t) }}</dd>
              <dt>{{ 'card.phone' | t }}</dt>
              <dd>{{ card.holder.phone || ('common.none' | t) }}</dd>
              <dt>{{ 'card.issuedAt' | t }}</dt>
              <dd>{{ when(card.issuedAt) }}</dd>
              @if (card.replacement; as rep) {
                <dt>{{ 'cards.replacement' | t }}</dt>
                <dd data-testid="card-replacement">{{ reasonKey(rep.reason) | t }} · {{ 'cardAction.replacement.branch' | t }} {{ rep.branchCode }} · {{ when(rep.requestedAt) }}</dd>
              }
              @if (card.deliveredAt) {
                <dt>{{ 'card.deliveredAt' | t }}</dt>
                <dd>{{ when(card.deliveredAt) }}@if (card.delivery?.receivedBy) { · {{ card.delivery?.receivedBy }} }</dd>
              }
            </dl>
          </mat-card-content>
        </mat-card>

        @if (actions().length) {
          <h2 class="section">{{ 'cards.actions' | t }}</h2>
          <div class="actions" data-testid="card-actions">
            @for (kind of actions(); track kind) {
              <button mat-stroked-button type="button" (click)="act(kind, card)" [attr.data-testid]="'action-' + kind"
                      [class.danger]="kind === 'card.block' || kind === 'card.cancel'">
                <mat-icon>{{ icons[kind] }}</mat-icon> {{ kindKey(kind) | t }}
              </button>
            }
          </div>
        }

        <h2 class="section">{{ 'cards.myRequests' | t }}</h2>
        <app-request-list [requests]="requests()" />

        <h2 class="section">{{ 'cards.history' | t }}</h2>
        @if (card.history?.length) {
          <ol class="history" data-testid="card-history">
            @for (entry of historyNewestFirst(); track entry.id) {
              <li>
                <span class="when">{{ when(entry.at) }}</span>
                <span>@if (historyKey(entry.action); as key) { {{ key | t }} } @else { {{ entry.action }} }</span>
                <small>{{ entry.by }}</small>
                @if (entry.action === 'card.reassign' && entry.details) {
                  <small class="reason" data-testid="history-reassign">{{ entry.details['from'] }} → {{ entry.details['to'] }}</small>
                }
              </li>
            }
          </ol>
        } @else {
          <p class="muted">{{ 'cards.noHistory' | t }}</p>
        }

        <h2 class="section">{{ 'cards.serverHistory' | t }}</h2>
        @if (serverHistory(); as h) {
          <h3 class="sub">{{ 'cards.ledger' | t }}</h3>
          @if (h.ledger.entries.length) {
            <ol class="history" data-testid="card-ledger">
              @for (entry of h.ledger.entries; track entry.id) {
                <li>
                  <span class="when">{{ when(entry.at) }}</span>
                  <span class="amount" [class.debit]="entry.amountCents < 0">{{ money(entry.amountCents) }}</span>
                  <small>{{ entry.cause }}</small>
                </li>
              }
            </ol>
            <p class="muted">{{ 'cards.ledgerBalance' | t: { amount: money(h.ledger.balanceCents) } }}</p>
          } @else {
            <p class="muted">{{ 'cards.ledgerNone' | t }}</p>
          }
          <h3 class="sub">{{ 'cards.allRequests' | t }}</h3>
          @if (h.requests.length) {
            <ol class="history" data-testid="card-all-requests">
              @for (r of h.requests; track r.id) {
                <li>
                  <span class="when">{{ when(r.createdAt) }}</span>
                  <span>@if (historyKey(r.kind); as key) { {{ key | t }} } @else { {{ r.kind }} }</span>
                  <span class="req-{{ r.status }}">{{ requestStatusLabel(r.status) | t }}</span>
                  <small>{{ r.userId }}</small>
                  @if (r.status === 'REJECTED' && r.outcome) { <small class="reason">{{ r.outcome.message }}</small> }
                </li>
              }
            </ol>
          } @else {
            <p class="muted">{{ 'requests.none' | t }}</p>
          }
        } @else if (!online()) {
          <p class="muted" data-testid="history-offline"><mat-icon aria-hidden="true">cloud_off</mat-icon> {{ 'cards.historyOffline' | t }}</p>
        }
      } @else if (ready()) {
        <p class="muted" data-testid="card-missing"><mat-icon aria-hidden="true">search_off</mat-icon> {{ 'cards.notOnDevice' | t }}</p>
      }
    </section>
  `,
  styles: `
    .page { display: flex; flex-direction: column; gap: 8px; max-width: 880px; }
    .back { align-self: flex-start; }
    .pan { font: var(--mat-sys-title-large); letter-spacing: 0.08em; margin: 8px 0; font-variant-numeric: tabular-nums; }
    .chips { display: flex; flex-wrap: wrap; gap: 8px; margin-bottom: 8px; }
    .chip { padding: 2px 10px; border-radius: 12px; background: var(--mat-sys-surface-container-high); font: var(--mat-sys-label-large); }
    .chip.status-ACTIVE { background: #d7f5dd; color: #0b5b1e; }
    .chip.status-BLOCKED { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .not-in-force { display: flex; gap: 12px; padding: 12px; border-radius: 12px; margin: 8px 0;
                    background: #fff3cd; color: #5c4400; border: 1px solid #e0b100; }
    .not-in-force p { margin: 4px 0 8px; }
    .hotline { background: #5c4400; color: #fff; }
    .facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0 0; }
    .facts dt { color: var(--mat-sys-on-surface-variant); }
    .facts dd { margin: 0; }
    .facts small { display: block; color: var(--mat-sys-on-surface-variant); }
    .section { font: var(--mat-sys-title-medium); margin: 16px 0 4px; }
    .actions { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 8px; }
    .actions button { justify-content: flex-start; }
    .danger { color: var(--mat-sys-error); }
    .history { list-style: none; padding: 0; margin: 0; display: flex; flex-direction: column; gap: 6px; }
    .history li { display: flex; flex-wrap: wrap; gap: 4px 12px; }
    .history .when { color: var(--mat-sys-on-surface-variant); font-variant-numeric: tabular-nums; }
    .muted { display: flex; gap: 8px; align-items: center; color: var(--mat-sys-on-surface-variant); }
    .sub { font: var(--mat-sys-title-small); margin: 8px 0 4px; }
    .amount { font-variant-numeric: tabular-nums; }
    .amount.debit, .reason, .req-REJECTED { color: var(--mat-sys-error); }
    .req-APPLIED { color: #0b7a2a; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class CardDetailPage {
  /** route param */
  readonly cardId = input.required<string>();
  private readonly engine = inject(OfflineEngine);
  private readonly runner = inject(CardActionRunner);
  private readonly granted = inject(Store).selectSignal(selectGrantedPermissions);
  readonly statusKey = cardStatusKey;
  readonly plasticKey = plasticStatusKey;
  readonly kindKey = requestKindKey;
  readonly historyKey = historyActionKey;
  readonly reasonKey = replacementReasonKey;
  readonly money = money;
  readonly when = when;
  readonly icons = ACTION_ICONS;

  private readonly data = toSignal(
    combineLatest([toObservable(this.engine.database), toObservable(this.cardId)]).pipe(
      switchMap(([db, cardId]) =>
        db
          ? combineLatest([oneCard(db, `card:${cardId}`), myRequests(db, this.engine, cardId)]).pipe(
              map(([card, requests]) => ({ ready: true, card, requests })),
            )
          : of({ ready: false, card: null as LocalCard | null, requests: [] }),
      ),
    ),
    { initialValue: { ready: false, card: null as LocalCard | null, requests: [] } },
  );
  readonly branches = liveQuery(allBranches, []);
  readonly ready = computed(() => this.data().ready);
  readonly card = computed(() => this.data().card);
  readonly requests = computed(() => this.data().requests);
  readonly actions = computed(() => {
    const card = this.card();
    return card ? availableActions(card, this.granted(), this.requests()) : [];
  });
  readonly notInForce = computed(() => {
    const card = this.card();
    return card ? blockNotInForce(card, this.requests()) : null;
  });
  readonly branchName = computed(() => this.branches().find((branch) => branch.code === this.card()?.branchCode)?.name ?? '');
  readonly asOf = computed(() => when(this.engine.pulledAt().cards ?? this.engine.lastSyncAt()));
  readonly historyNewestFirst = computed(() => [...(this.card()?.history ?? [])].reverse());

  private readonly store = inject(Store);
  readonly online = this.store.selectSignal(selectOnline);
  private readonly company = this.store.selectSignal(selectSelectedCompany);
  private readonly api = inject(CardsApi);
  readonly requestStatusLabel = (status: string) => requestStatusKey(status as RequestStatus);
  /** Online only: the card's ledger entries and every user's requests (reloaded when the card changes). */
  readonly serverHistory = toSignal(
    toObservable(computed(() => ({ online: this.online(), companyId: this.company()?.id, cardId: this.cardId(), rev: this.card()?.rev }))).pipe(
      distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
      switchMap(({ online, companyId, cardId }) =>
        online && companyId ? this.api.history(companyId, cardId).pipe(catchError(() => of(null))) : of(null),
      ),
    ),
    { initialValue: null },
  );

  constructor() {
    this.engine.start();
  }

  act(kind: CardRequestKind, card: LocalCard): void {
    void this.runner.run(kind, card, this.branches());
  }
}
