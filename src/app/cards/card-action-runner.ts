import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Store } from '@ngrx/store';
import { filter, firstValueFrom, map, race, timer } from 'rxjs';
import type { CardRequestKind, CardRequestPayload } from '../../domain/requests';
import { selectOnline } from '../core/status/status.reducer';
import { Translator } from '../core/i18n/translator';
import type { LocalBranch, LocalCard, LocalRequest } from '../offline/db/doc-types';
import { OfflineEngine } from '../offline/offline-engine';
import { CardActionDialog, type CardActionDialogData, type CardActionResult } from './ui/card-action-dialog';
import { MassActionDialog, type MassActionDialogData } from './ui/mass-action-dialog';
import { requestKindKey } from './ui/labels';

/** How long the screen waits for the server's outcome of a request sent online before saying "pending". */
export const OUTCOME_WAIT_MS = 20_000;

/** The card a request is about: from the device database, or a search answer (no device revision). */
export type ActionCard = Pick<LocalCard, 'cardId' | 'holder' | 'maskedPan'> & Partial<Pick<LocalCard, 'rev'>>;

/**
 * Opens the form of a card action and queues the request it produces. Online or offline the action is
 * a request the server decides (DESIGN.md 5): online, the screen waits a few seconds for the outcome
 * to come back (applied, or rejected and why); offline it says it is kept and sent later.
 */
@Injectable({ providedIn: 'root' })
export class CardActionRunner {
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly engine = inject(OfflineEngine);
  private readonly translator = inject(Translator);
  private readonly online = inject(Store).selectSignal(selectOnline);

  /**
   * Field delivery: the person has the plastic in hand. When the plastic is not yet recorded as
   * received at the company, "received" is queued first, then the delivery (the server applies them
   * in that order).
   */
  async deliver(card: LocalCard, requests: readonly LocalRequest[], branches: LocalBranch[]): Promise<LocalRequest | null> {
    const received =
      card.plasticStatus === 'RECEIVED_AT_COMPANY' ||
      requests.some((r) => r.cardId === card.cardId && r.kind === 'card.plastic-received' && r.status === 'PENDING');
    const payload = await this.ask('card.plastic-delivered', card, branches);
    if (!payload) return null;
    try {
      if (!received) await this.engine.queueRequest(card, 'card.plastic-received', { receivedAt: new Date().toISOString() });
      const request = await this.engine.queueRequest(card, 'card.plastic-delivered', payload as CardRequestPayload<'card.plastic-delivered'>);
      const name = `${card.holder.firstName ?? ''} ${card.holder.lastName ?? ''}`.trim();
      if (this.online()) void this.report([request], this.translator.t('delivery.title'));
      else this.snackBar.open(this.translator.t('delivery.queued', { name }), undefined, { duration: 4000 });
      return request;
    } catch (error) {
      console.error('queue delivery failed', error);
      this.snackBar.open(this.translator.t('cardAction.failed'), this.translator.t('common.close'), { duration: 6000 });
      return null;
    }
  }

  private ask(kind: CardRequestKind, card: ActionCard, branches: LocalBranch[]): Promise<CardActionResult | undefined> {
    const ref = this.dialog.open<CardActionDialog, CardActionDialogData, CardActionResult>(CardActionDialog, {
      data: { kind, card: card as LocalCard, branches },
      autoFocus: 'first-tabbable',
      maxWidth: '95vw',
    });
    return firstValueFrom(ref.afterClosed());
  }

  async run(kind: CardRequestKind, card: ActionCard, branches: LocalBranch[]): Promise<LocalRequest | null> {
    const payload = await this.ask(kind, card, branches);
    if (!payload) return null;
    try {
      const request = await this.engine.queueRequest(card, kind, payload as CardRequestPayload<typeof kind>);
      const action = this.translator.t(requestKindKey(kind));
      if (this.online()) void this.report([request], action);
      else this.snackBar.open(this.translator.t('cardAction.queued', { action }), undefined, { duration: 4000 });
      return request;
    } catch (error) {
      console.error('queue request failed', error);
      this.snackBar.open(this.translator.t('cardAction.failed'), this.translator.t('common.close'), { duration: 6000 });
      return null;
    }
  }

  /** One action on many selected cards: one request each, then the outcome count. */
  async runMany(kind: CardRequestKind, cards: ReadonlyArray<Pick<ActionCard, 'cardId' | 'rev'>>): Promise<LocalRequest[]> {
    if (!cards.length) return [];
    const ref = this.dialog.open<MassActionDialog, MassActionDialogData, boolean>(MassActionDialog, {
      data: { kind, count: cards.length, online: this.online() },
      maxWidth: '95vw',
    });
    if (!(await firstValueFrom(ref.afterClosed()))) return [];
    const queued: LocalRequest[] = [];
    try {
      for (const card of cards) queued.push(await this.engine.queueRequest(card, kind, {} as CardRequestPayload<typeof kind>));
    } catch (error) {
      console.error('queue mass request failed', error);
      this.snackBar.open(this.translator.t('cardAction.failed'), this.translator.t('common.close'), { duration: 6000 });
    }
    const action = this.translator.t(requestKindKey(kind));
    if (this.online()) void this.report(queued, action);
    else this.snackBar.open(this.translator.t('cardAction.massQueued', { action, count: queued.length }), undefined, { duration: 5000 });
    return queued;
  }

  /** Waits (a few seconds) for the server's outcome of these requests, then says what happened. */
  private async report(requests: LocalRequest[], action: string): Promise<void> {
    if (!requests.length) return;
    this.snackBar.open(this.translator.t('cardAction.sending', { action }), undefined, { duration: OUTCOME_WAIT_MS });
    const done = await this.outcomes(requests.map((r) => r._id));
    const applied = done.filter((r) => r.status === 'APPLIED').length;
    const rejected = done.filter((r) => r.status === 'REJECTED');
    const pending = requests.length - applied - rejected.length;
    let text: string;
    if (requests.length === 1) {
      text = applied
        ? this.translator.t('cardAction.applied', { action })
        : rejected.length
          ? this.translator.t('cardAction.rejected', { action, reason: rejected[0].outcome?.message ?? '' })
          : this.translator.t('cardAction.stillPending', { action });
    } else {
      text = this.translator.t('cardAction.massOutcome', { action, applied, rejected: rejected.length, pending });
    }
    this.snackBar.open(text, this.translator.t('common.close'), { duration: rejected.length ? 12_000 : 6000 });
  }

  /** The requests that got an outcome within OUTCOME_WAIT_MS (fewer when some are still pending). */
  private async outcomes(ids: string[]): Promise<LocalRequest[]> {
    const db = this.engine.database();
    if (!db) return [];
    const decided$ = db.requests.find({ selector: { _id: { $in: ids } } }).$.pipe(
      map((docs) => docs.map((d) => d.toJSON() as LocalRequest).filter((r) => r.status !== 'PENDING')),
    );
    let last: LocalRequest[] = [];
    await firstValueFrom(
      race(
        decided$.pipe(
          map((decided) => (last = decided)),
          filter((decided) => decided.length >= ids.length),
        ),
        timer(OUTCOME_WAIT_MS),
      ),
    );
    return last;
  }
}
