import { createHash } from 'node:crypto';
import {
  CARD_REASSIGN_REFUSALS,
  cardReassignRefusal,
  holderKeyOf,
  type CardReassignAnswer,
  type CardReassignBody,
  type CardReassignRefusal,
  type ReassignHolder,
} from '../../src/domain/cards';
import type { UserDoc } from '../accounts/accounts.model';
import { recordAudit } from '../audit/audit.service';
import { conflict, DomainError, notFound } from '../common/domain-error';
import type { ServerContext } from '../context';
import { assertStepUpPassword, type StepUpMeta } from '../one-time-codes/step-up';
import { findCardsOf, pointersDb } from '../processing/cards-access';
import { personCardDocId, type PersonCardDoc } from '../processing/processing.model';
import { companyDb } from '../store/databases';
import { createOnce, getOrNull, isConflict, isNotFound, updateDoc, type Stored } from '../store/documents';
import { getCard } from './card-actions.service';
import { CARD_APPLIED_EFFECTS_MAX, CARD_HISTORY_MAX, cardDocId, type CardHolder, type CardHistoryEntry, type StoredCardDoc } from './cards.model';

/**
 * Card reassignment (PRODUCT.md chapter 5, master transfer: "block, unblock and reassign cards"):
 * the holder of an ACTIVE or BLOCKED nominative card left, and the card goes to another person of
 * the company. What moves and what stays (the rule: src/domain/cards/card-rules.ts):
 *   - the holder becomes the new person (id, names, e-mail/phone as given: nothing of the old
 *     holder's contact data is kept on the card); `previousHolders` and the history entry keep both;
 *   - status, plastic and BALANCE stay on the card — no money moves here (a company that wants the
 *     balance back debits it to the master account first, with the master transfer's own rules);
 *   - the holder pointers of lot processing (`person:<product>:<key>` in co_<cid>_holders):
 *     the new person's points at the card, the old person's is removed, so the next REC/CAR/REP lot
 *     finds the card under the new holder and the old holder has no card.
 *
 * Exactly once: the effect id `reassign:<hash(company, Idempotency-Key)>` is written in the card's
 * `appliedEffects` in the same MVCC write as the new holder. A retry with the same key answers the
 * first result (and finishes the pointers); the same key for another person is refused.
 *
 * Order, so that a crash at any point leaves nothing that lots could read wrong:
 *   1. the new person's pointer is claimed (created once, or taken over under MVCC when it points at
 *      a cancelled card or at a card now held by somebody else) — the same claim EMI makes, so two
 *      reassignments (or an EMI and a reassignment) cannot give one person two cards;
 *   2. the card is written (new holder, history, effect id);
 *   3. the old person's pointer is removed (only when it still points at this card).
 * A pointer whose card is held by another person is ignored by findCardsOf (it checks the card's
 * holder), so a crash between 1 and 2 or between 2 and 3 never makes a lot see the wrong person;
 * a retry with the same key completes step 3.
 */
export interface ReassignActor {
  user: Pick<UserDoc, 'userId'>;
  meta: StepUpMeta;
}

const holderName = (h: { firstName: string; lastName: string }) => `${h.firstName} ${h.lastName}`.trim();
const holderOf = (h: { idType: string; idNumber: string; firstName: string; lastName: string }) => ({
  idType: h.idType,
  idNumber: h.idNumber,
  name: holderName(h),
});

export function reassignEffectId(companyId: string, idempotencyKey: string): string {
  return 'reassign:' + createHash('sha256').update(`${companyId}\n${idempotencyKey}`).digest('hex').slice(0, 32);
}

const refusedError = (code: CardReassignRefusal) =>
  code === 'CARD_NOT_FOUND' ? notFound(CARD_REASSIGN_REFUSALS[code], code) : new DomainError('conflict', code, CARD_REASSIGN_REFUSALS[code]);

export async function reassignCard(
  ctx: ServerContext,
  actor: ReassignActor,
  companyId: string,
  productCode: string,
  idempotencyKey: string,
  body: CardReassignBody,
): Promise<CardReassignAnswer> {
  const effectId = reassignEffectId(companyId, idempotencyKey);
  const newKey = holderKeyOf(body.holder);
  const audit = (outcome: 'ok' | 'refused', details: Record<string, unknown>, reason?: string) =>
    recordAudit(ctx, {
      userId: actor.user.userId,
      companyId,
      action: 'card.reassign',
      outcome,
      details: { cardId: body.cardId, productCode, via: 'master-transfer', ...details },
      ...(reason ? { reason } : {}),
      ...actor.meta,
    });
  const refuse = async (code: CardReassignRefusal): Promise<never> => {
    await audit('refused', {}, code);
    throw refusedError(code);
  };

  await assertStepUpPassword(ctx, actor.user, body.password, { ...actor.meta, companyId, action: 'card.reassign' });
  const card = await getCard(ctx, companyId, body.cardId);
  if (!card || card.type !== 'card') return refuse('CARD_NOT_FOUND');
  if (card.productCode !== productCode) return refuse('CARD_OTHER_PRODUCT');

  const replayed = replayOf(card, effectId, newKey);
  if (replayed) {
    await removeOldPointer(ctx, companyId, card, replayed.fromKey);
    return { ...replayed.answer, replayed: true };
  }

  const holds = await findCardsOf(ctx, companyId, productCode, [newKey]);
  const theirs = holds.get(newKey);
  const early = cardReassignRefusal(card, body.holder, !!theirs && theirs.cardId !== card.cardId);
  if (early) return refuse(early);

  // 1. the new person's pointer
  if (!(await claimPointer(ctx, companyId, productCode, newKey, card.cardId))) return refuse('HOLDER_HAS_CARD');

  // 2. the card, re-checked under MVCC
  let decided: { refusal: CardReassignRefusal } | { replay: CardReassignAnswer; fromKey: string } | null = null;
  const at = ctx.now().toISOString();
  const written = await updateDoc(ctx.store.use<StoredCardDoc>(companyDb(companyId, 'cards')), cardDocId(card.cardId), (current) => {
    const again = replayOf(current, effectId, newKey);
    if (again) {
      decided = { replay: again.answer, fromKey: again.fromKey };
      return null;
    }
    const refusal = cardReassignRefusal(current, body.holder, false);
    if (refusal) {
      decided = { refusal };
      return null;
    }
    decided = null;
    return nextCard(current, body.holder, { effectId, at, by: actor.user.userId, origin: actor.meta.origin === 'api' ? 'api' : 'web' });
  });
  const d = decided as { refusal: CardReassignRefusal } | { replay: CardReassignAnswer; fromKey: string } | null;
  if (d && 'refusal' in d) return refuse(d.refusal);
  if (d && 'replay' in d) {
    await removeOldPointer(ctx, companyId, written!, d.fromKey);
    return { ...d.replay, replayed: true };
  }

  // 3. the old person's pointer
  const fromKey = holderKeyOf(card.holder);
  await removeOldPointer(ctx, companyId, written!, fromKey);
  const answer = answerOf(written!, card.holder, at);
  await audit('ok', { from: holderKeyOf(card.holder), to: newKey, balanceCents: written!.balanceCents });
  return { ...answer, replayed: false };
}

/** The reassignment entry the card keeps in `previousHolders` (newest last). */
export interface PreviousHolder {
  idType: string;
  idNumber: string;
  firstName: string;
  lastName: string;
  until: string;
  by: string;
  effectId: string;
}

type ReassignedCard = Stored<StoredCardDoc> & { previousHolders?: PreviousHolder[]; reassignedAt?: string };

function nextCard(
  current: Stored<StoredCardDoc>,
  holder: ReassignHolder,
  e: { effectId: string; at: string; by: string; origin: CardHistoryEntry['origin'] },
): Stored<StoredCardDoc> {
  const old = current.holder;
  const newHolder: CardHolder = {
    idType: holder.idType,
    idNumber: holder.idNumber,
    firstName: holder.firstName,
    lastName: holder.lastName,
    ...(holder.email ? { email: holder.email } : {}),
    ...(holder.phone ? { phone: holder.phone } : {}),
  };
  const previous: PreviousHolder = { idType: old.idType, idNumber: old.idNumber, firstName: old.firstName, lastName: old.lastName, until: e.at, by: e.by, effectId: e.effectId };
  const entry: CardHistoryEntry = {
    id: e.effectId,
    at: e.at,
    action: 'card.reassign',
    by: e.by,
    origin: e.origin,
    // both holders by id and name (shown on the card's detail anyway); contact data stays out
    details: { from: `${holderKeyOf(old)} ${holderName(old)}`, to: `${holderKeyOf(newHolder)} ${holderName(newHolder)}`, balanceKeptCents: current.balanceCents },
  };
  const next: ReassignedCard = {
    ...(current as ReassignedCard),
    holder: newHolder,
    previousHolders: [...((current as ReassignedCard).previousHolders ?? []), previous].slice(-20),
    reassignedAt: e.at,
    updatedAt: e.at,
    history: [...(current.history ?? []), entry].slice(-CARD_HISTORY_MAX),
    appliedEffects: [...(current.appliedEffects ?? []), e.effectId].slice(-CARD_APPLIED_EFFECTS_MAX),
  };
  return next;
}

function answerOf(card: StoredCardDoc, from: { idType: string; idNumber: string; firstName: string; lastName: string }, at: string): Omit<CardReassignAnswer, 'replayed'> {
  return {
    cardId: card.cardId,
    maskedPan: card.maskedPan,
    status: card.status,
    balanceCents: card.balanceCents,
    previousHolder: holderOf(from),
    holder: holderOf(card.holder),
    reassignedAt: at,
  };
}

/**
 * This key's reassignment already on the card: its first answer (the card's holder then is the one
 * recorded with the effect), or a 409 when the same key now names another person.
 */
function replayOf(card: StoredCardDoc, effectId: string, newKey: string): { answer: CardReassignAnswer; fromKey: string } | null {
  if (!card.appliedEffects?.includes(effectId)) return null;
  const previous = ((card as ReassignedCard).previousHolders ?? []).find((p) => p.effectId === effectId);
  const entry = card.history?.find((h) => h.id === effectId);
  const to = String(entry?.details?.['to'] ?? '');
  if (!previous || (to && !to.startsWith(`${newKey} `))) {
    throw conflict('IDEMPOTENCY_KEY_REUSED', 'Esta clave de idempotencia ya se usó para otra reasignación. Genere una nueva confirmación.');
  }
  const toName = to.slice(newKey.length + 1);
  const later = ((card as ReassignedCard).previousHolders ?? []).slice(((card as ReassignedCard).previousHolders ?? []).indexOf(previous) + 1);
  // the holder this key set: the current one, unless the card was reassigned again since
  const holderThen = later[0] ?? card.holder;
  return {
    answer: {
      cardId: card.cardId,
      maskedPan: card.maskedPan,
      status: card.status,
      balanceCents: card.balanceCents,
      previousHolder: holderOf(previous),
      holder: { idType: holderThen.idType, idNumber: holderThen.idNumber, name: toName || holderName(holderThen) },
      reassignedAt: previous.until,
      replayed: true,
    },
    fromKey: holderKeyOf(previous),
  };
}

/** How long a reassignment's claim on a person's pointer keeps others off before its card is written. */
const CLAIM_LEASE_MS = 60_000;

type ClaimedPointer = PersonCardDoc & { reassignClaimAt?: string };

/**
 * Makes `person:<product>:<key>` point at the card. Created once; an existing pointer is taken over
 * (under MVCC) only when the card it points at is cancelled, missing, or held by someone else and
 * no other reassignment claimed it in the last minute (its card write may be on its way) —
 * otherwise the person holds, or is about to hold, a live card and the claim fails.
 */
async function claimPointer(ctx: ServerContext, companyId: string, productCode: string, key: string, cardId: string): Promise<boolean> {
  const db = pointersDb(ctx, companyId) as unknown as import('nano').DocumentScope<ClaimedPointer>;
  const id = personCardDocId(productCode, key);
  const now = ctx.now();
  const at = now.toISOString();
  for (let attempt = 0; attempt < 20; attempt++) {
    if ((await createOnce(db, { _id: id, type: 'person-card', productCode, personKey: key, cardId, updatedAt: at, reassignClaimAt: at })) === 'created') return true;
    const pointer = await getOrNull(db, id);
    if (!pointer) continue; // removed meanwhile: create again
    if (pointer.cardId === cardId) return true;
    const theirs = await getCard(ctx, companyId, pointer.cardId);
    const live = !!theirs && theirs.status !== 'CANCELLED';
    if (live && holderKeyOf(theirs!.holder) === key) return false;
    if (live && pointer.reassignClaimAt && now.getTime() - Date.parse(pointer.reassignClaimAt) < CLAIM_LEASE_MS) return false;
    try {
      const { cancelled: _was, ...rest } = pointer; // it now points at a live card
      await db.insert({ ...rest, cardId, updatedAt: at, reassignClaimAt: at });
      return true;
    } catch (err) {
      if (!isConflict(err)) throw err; // changed meanwhile: look again
    }
  }
  throw conflict('REASSIGN_BUSY', 'La tarjeta o el titular están cambiando en este momento. Intente de nuevo.');
}

/** Removes the old person's pointer when it still points at this card (their card is now someone else's). */
async function removeOldPointer(ctx: ServerContext, companyId: string, card: StoredCardDoc, fromKey: string): Promise<void> {
  if (holderKeyOf(card.holder) === fromKey) return; // reassigned back to them since
  const db = pointersDb(ctx, companyId);
  const id = personCardDocId(card.productCode, fromKey);
  for (let attempt = 0; attempt < 20; attempt++) {
    const pointer = await getOrNull(db, id);
    if (!pointer || pointer.cardId !== card.cardId) return;
    try {
      await db.destroy(id, pointer._rev);
      return;
    } catch (err) {
      if (!isConflict(err) && !isNotFound(err)) throw err;
    }
  }
}
