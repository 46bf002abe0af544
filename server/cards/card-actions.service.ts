import {
  REQUEST_REJECTION_REASONS,
  type CardRequestKind,
  type CardRequestPayload,
  type RequestRejectionCode,
} from '../../src/domain/requests';
import { cardActionRefusal, ruleStateOf } from '../../src/domain/cards';
import type { ServerContext } from '../context';
import { ensurePinLots } from './pin-lot';
import { noteCardCancelled } from '../processing/cards-access';
import { companyDb } from '../store/databases';
import { bulkWrite, fetchDocs, getOrNull, isNotFound, updateDoc, type Stored } from '../store/documents';
import {
  CARD_APPLIED_EFFECTS_MAX,
  CARD_HISTORY_MAX,
  cardDocId,
  type StoredCardDoc,
  type CardHistoryEntry,
} from './cards.model';

/**
 * The card actions of PRODUCT.md chapter 5, one service for the offline requests worker and the
 * online API. Each action is one MVCC write of the card document (DESIGN.md 2) that changes its
 * state, appends a history entry and records the effect's id in `appliedEffects` — all in the same
 * write, so an action is applied exactly once (DESIGN.md 1): a replay with the same effect id finds
 * its id and answers "applied" without changing anything.
 *
 * Rules (the request is refused with the Spanish reason of src/domain/requests when it no longer fits):
 *   block       ACTIVE → BLOCKED (temporary block)
 *   unblock     BLOCKED → ACTIVE
 *   cancel      ACTIVE | BLOCKED → CANCELLED (final)
 *   holder      e-mail / phone of the holder; refused when nothing changes
 *   replacement records {reason, branch}; the new plastic starts AT_BANK (deliveredAt cleared);
 *               lost (P) or stolen (R) also blocks an ACTIVE card. One open replacement at a time
 *               (open = its plastic not yet DELIVERED).
 *   received    AT_BANK | SENT_TO_COMPANY → RECEIVED_AT_COMPANY
 *   delivered   RECEIVED_AT_COMPANY → DELIVERED (date, who received it, who handed it, signature ref)
 *   pin         records a PIN request and creates its one-record REP lot (pin-lot.ts). One open at a time.
 *   sent        (operator) AT_BANK → SENT_TO_COMPANY
 * Which action fits which state is src/domain/cards/card-rules.ts (shared with the app).
 */
export type CardAction =
  | { [K in CardRequestKind]: { kind: K; payload: CardRequestPayload<K> } }[CardRequestKind]
  | { kind: 'card.plastic-sent'; payload: { note?: string } };

export interface CardActionInput {
  companyId: string;
  cardId: string;
  action: CardAction;
  /** deterministic id of this effect: `req:<clientRequestId>` for offline requests */
  effectId: string;
  actor: { userId: string };
  origin: CardHistoryEntry['origin'];
}

export type CardActionResult =
  | { result: 'applied'; at: string; card: Stored<StoredCardDoc>; replay: boolean }
  | { result: 'rejected'; code: RequestRejectionCode; message: string };

const cardsDb = (ctx: ServerContext, companyId: string) => ctx.store.use<StoredCardDoc>(companyDb(companyId, 'cards'));

export function rejection(code: RequestRejectionCode): { result: 'rejected'; code: RequestRejectionCode; message: string } {
  return { result: 'rejected', code, message: REQUEST_REJECTION_REASONS[code] };
}

export async function getCard(ctx: ServerContext, companyId: string, cardId: string): Promise<Stored<StoredCardDoc> | null> {
  return getOrNull(cardsDb(ctx, companyId), cardDocId(cardId));
}

/** Several cards in one store call, by card id (missing ones absent). */
export async function getCards(ctx: ServerContext, companyId: string, cardIds: readonly string[]): Promise<Map<string, Stored<StoredCardDoc>>> {
  const byDocId = await fetchDocs(cardsDb(ctx, companyId), cardIds.map(cardDocId));
  return new Map([...byDocId.values()].map((card) => [card.cardId, card]));
}

/**
 * Several card writes in one `_bulk_docs`, each under MVCC on its own `_rev` (a card changed
 * meanwhile answers `conflict` and is left as it is): per card, in order, its new `_rev` or the error.
 */
export const writeCards = (ctx: ServerContext, companyId: string, cards: ReadonlyArray<Stored<StoredCardDoc>>) =>
  bulkWrite(cardsDb(ctx, companyId), cards);

/** Was this effect already applied to the card? Then when (from its history entry, if still kept). */
export function appliedEffect(card: StoredCardDoc, effectId: string): { at: string | null } | null {
  if (!card.appliedEffects?.includes(effectId)) return null;
  return { at: card.history?.find((h) => h.id === effectId)?.at ?? null };
}

/**
 * What an applied action still owes after the card write, done again on a resume (the requests
 * worker calls it when it finds the effect already on the card): a PIN request's REP lot; a
 * cancelled card's flag on its holder's pointer (server/processing/cards-access.ts), which lot
 * validation reads instead of the card.
 */
export async function finishCardEffect(ctx: ServerContext, companyId: string, card: Stored<StoredCardDoc>): Promise<void> {
  if (card.pinLotPending) await ensurePinLots(ctx, companyId, card);
  await noteCardCancelled(ctx, companyId, card);
}

export async function applyCardAction(ctx: ServerContext, input: CardActionInput): Promise<CardActionResult> {
  const branchMissing =
    input.action.kind === 'card.replacement' &&
    !(await getOrNull(ctx.store.use(companyDb(input.companyId, 'branches')), `branch:${input.action.payload.branchCode}`));
  let outcome: CardActionResult | null = null;
  let at = '';
  try {
    const written = await updateDoc(cardsDb(ctx, input.companyId), cardDocId(input.cardId), (current) => {
      at = ctx.now().toISOString();
      const done = appliedEffect(current, input.effectId);
      if (done) {
        outcome = { result: 'applied', at: done.at ?? current.updatedAt, card: current, replay: true };
        return null;
      }
      const decided: Decision = branchMissing ? { code: 'BRANCH_NOT_FOUND' } : decide(current, input, at);
      if ('code' in decided) {
        outcome = rejection(decided.code);
        return null;
      }
      outcome = null;
      return decided.next;
    });
    if (outcome) {
      const o = outcome as CardActionResult;
      // a replay finishes what a crash left undone (a PIN request's lot, a cancellation's pointer flag)
      if (o.result === 'applied') await finishCardEffect(ctx, input.companyId, o.card);
      return o;
    }
    await finishCardEffect(ctx, input.companyId, written!);
    return { result: 'applied', at, card: (await getCard(ctx, input.companyId, input.cardId)) ?? written!, replay: false };
  } catch (err) {
    if (isNotFound(err)) return rejection('CARD_NOT_FOUND');
    throw err;
  }
}

type Decision = { next: Stored<StoredCardDoc> } | { code: RequestRejectionCode };

/** The rules: the current card + the action → the next card, or why not. Pure. */
export function decide(card: Stored<StoredCardDoc>, input: CardActionInput, at: string): Decision {
  const { action, actor } = input;
  const refused = cardActionRefusal(ruleStateOf(card), action.kind);
  if (refused) return { code: refused };
  const next: Stored<StoredCardDoc> = { ...card, updatedAt: at };
  let details: Record<string, unknown> = {};
  switch (action.kind) {
    case 'card.block':
      next.status = 'BLOCKED';
      next.blockedAt = at;
      details = { status: [card.status, 'BLOCKED'] };
      break;
    case 'card.unblock':
      next.status = 'ACTIVE';
      next.blockedAt = null;
      details = { status: [card.status, 'ACTIVE'] };
      break;
    case 'card.cancel':
      next.status = 'CANCELLED';
      next.cancelledAt = at;
      details = { status: [card.status, 'CANCELLED'] };
      break;
    case 'card.holder-update': {
      const { email, phone } = action.payload;
      const changed: string[] = [];
      const holder = { ...card.holder };
      if (email !== undefined && email !== card.holder.email) {
        holder.email = email;
        changed.push('email');
      }
      if (phone !== undefined && phone !== card.holder.phone) {
        holder.phone = phone;
        changed.push('phone');
      }
      if (changed.length === 0) return { code: 'NOTHING_TO_UPDATE' };
      next.holder = holder;
      details = { changed };
      break;
    }
    case 'card.replacement': {
      const { reason, branchCode } = action.payload;
      next.replacement = { reason, branchCode, requestedAt: at, requestedBy: actor.userId, effectId: input.effectId };
      next.plasticStatus = 'AT_BANK';
      next.deliveredAt = null;
      next.receivedAtCompanyAt = null;
      details = { reason, branchCode, plasticStatus: [card.plasticStatus, 'AT_BANK'] };
      if ((reason === 'P' || reason === 'R') && card.status === 'ACTIVE') {
        next.status = 'BLOCKED';
        next.blockedAt = at;
        details.status = ['ACTIVE', 'BLOCKED'];
      }
      break;
    }
    case 'card.plastic-sent':
      next.plasticStatus = 'SENT_TO_COMPANY';
      next.sentToCompanyAt = at;
      details = { plasticStatus: [card.plasticStatus, 'SENT_TO_COMPANY'] };
      break;
    case 'card.plastic-received':
      next.plasticStatus = 'RECEIVED_AT_COMPANY';
      next.receivedAtCompanyAt = action.payload.receivedAt ?? at;
      details = { plasticStatus: [card.plasticStatus, 'RECEIVED_AT_COMPANY'] };
      break;
    case 'card.plastic-delivered': {
      const p = action.payload;
      next.plasticStatus = 'DELIVERED';
      next.deliveredAt = p.deliveredAt;
      next.delivery = {
        deliveredAt: p.deliveredAt,
        receivedBy: p.receivedBy,
        ...(p.receivedByIdNumber ? { receivedByIdNumber: p.receivedByIdNumber } : {}),
        deliveredBy: actor.userId,
        signatureRequestId: p.signatureDataUrl ? input.effectId : null,
      };
      details = { plasticStatus: [card.plasticStatus, 'DELIVERED'], signature: !!p.signatureDataUrl };
      break;
    }
    case 'card.pin':
      next.pinRequests = [...(card.pinRequests ?? []), { requestedAt: at, requestedBy: actor.userId, effectId: input.effectId, status: 'REQUESTED', lotId: null }];
      next.pinLotPending = true;
      details = { lot: 'REP' };
      break;
  }
  const entry: CardHistoryEntry = { id: input.effectId, at, action: action.kind, by: actor.userId, origin: input.origin, details };
  next.history = [...(card.history ?? []), entry].slice(-CARD_HISTORY_MAX);
  next.appliedEffects = [...(card.appliedEffects ?? []), input.effectId].slice(-CARD_APPLIED_EFFECTS_MAX);
  return { next };
}
