import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { firstValueFrom } from 'rxjs';
import type { CardRequestKind, CardRequestPayload } from '../../domain/requests';
import { Translator } from '../core/i18n/translator';
import type { LocalBranch, LocalCard, LocalRequest } from '../offline/db/doc-types';
import { OfflineEngine } from '../offline/offline-engine';
import { CardActionDialog, type CardActionDialogData, type CardActionResult } from './ui/card-action-dialog';
import { requestKindKey } from './ui/labels';

/** Opens the form of a card action and queues the request it produces (offline or not). */
@Injectable({ providedIn: 'root' })
export class CardActionRunner {
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly engine = inject(OfflineEngine);
  private readonly translator = inject(Translator);

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
      this.snackBar.open(this.translator.t('delivery.queued', { name: `${card.holder.firstName ?? ''} ${card.holder.lastName ?? ''}`.trim() }), undefined, {
        duration: 4000,
      });
      return request;
    } catch (error) {
      console.error('queue delivery failed', error);
      this.snackBar.open(this.translator.t('cardAction.failed'), this.translator.t('common.close'), { duration: 6000 });
      return null;
    }
  }

  private ask(kind: CardRequestKind, card: LocalCard, branches: LocalBranch[]): Promise<CardActionResult | undefined> {
    const ref = this.dialog.open<CardActionDialog, CardActionDialogData, CardActionResult>(CardActionDialog, {
      data: { kind, card, branches },
      autoFocus: 'first-tabbable',
      maxWidth: '95vw',
    });
    return firstValueFrom(ref.afterClosed());
  }

  async run(kind: CardRequestKind, card: LocalCard, branches: LocalBranch[]): Promise<LocalRequest | null> {
    const payload = await this.ask(kind, card, branches);
    if (!payload) return null;
    try {
      const request = await this.engine.queueRequest(card, kind, payload as CardRequestPayload<typeof kind>);
      this.snackBar.open(this.translator.t('cardAction.queued', { action: this.translator.t(requestKindKey(kind)) }), undefined, {
        duration: 4000,
      });
      return request;
    } catch (error) {
      console.error('queue request failed', error);
      this.snackBar.open(this.translator.t('cardAction.failed'), this.translator.t('common.close'), { duration: 6000 });
      return null;
    }
  }
}
