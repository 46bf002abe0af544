import type nano from 'nano';
import { holderKeyOf } from '../../src/domain/cards/card-rules';
import type { ServerContext } from '../context';
import { APPLIED_KEEP } from '../ledger/ledger.model';
import { applyToCachedBalance, type CacheOutcome } from '../ledger/ledger.service';
import { companyDb, registerCompanyDatabase } from '../store/databases';
import { bulkWrite, createOnce, getMany, getOrNull, isNotFound, updateDoc, type Stored } from '../store/documents';
import { liveHolders } from './holder-set';
import { personCardDocId, type PersonCardDoc, type ProcessedCardDoc } from './processing.model';

registerCompanyDatabase('cards', {
  design: [
    {
      _id: '_design/processing',
      views: {
        by_person: {
          map:
            "function (doc) { if (doc.type === 'card' && doc.status !== 'CANCELLED' && doc.holder) " +
            'emit([doc.productCode, (String(doc.holder.idType) + String(doc.holder.idNumber)).toUpperCase()], null); }',
        },
      },
    },
  ],
});

export const cardsDb = (ctx: ServerContext, cid: string) => ctx.store.use<ProcessedCardDoc>(companyDb(cid, 'cards'));
export const pointersDb = (ctx: ServerContext, cid: string) => ctx.store.use<PersonCardDoc>(companyDb(cid, 'holders'));

/** Keys per card lookup request: the answer carries one card document per key (≈ 1 KB each). */
const HOLDER_BATCH = 2000;
/** Keys per pointer lookup request: pointers are ≈ 200 bytes, so a REC piece's people go in one or two requests. */
const POINTER_BATCH = 8000;

/** The person key of a card's holder, as the validator derives it from a line (idType + idNumber). */
export const personKeyOfCard = (card: Pick<ProcessedCardDoc, 'holder'>) => `${card.holder?.idType ?? ''}${card.holder?.idNumber ?? ''}`.toUpperCase();

/** The pointer a card gets when written (EMI processing, the demo seed, the backfill). */
export function pointerFor(card: Pick<ProcessedCardDoc, 'productCode' | 'cardId' | 'holder'>, at: string): PersonCardDoc {
  const personKey = personKeyOfCard(card);
  return { _id: personCardDocId(card.productCode, personKey), type: 'person-card', productCode: card.productCode, personKey, cardId: card.cardId, updatedAt: at };
}

/** The pointers of these people (absent when none), `POINTER_BATCH` ids per `_bulk_get`. */
async function pointersOf(ctx: ServerContext, cid: string, productCode: string, keys: readonly string[]): Promise<Map<string, Stored<PersonCardDoc>>> {
  const found = new Map<string, Stored<PersonCardDoc>>();
  for (let i = 0; i < keys.length; i += POINTER_BATCH) {
    const slice = keys.slice(i, i + POINTER_BATCH);
    const pointers = await getMany(pointersDb(ctx, cid), slice.map((k) => personCardDocId(productCode, k)));
    for (const key of slice) {
      const p = pointers.get(personCardDocId(productCode, key));
      if (p) found.set(key, p);
    }
  }
  return found;
}

/**
 * THE way processing finds who holds a card (REC, CAR, REP, EMI's race check): the person pointers
 * `person:<product>:<personKey>` by key, then the cards they point at by id, keeping the
 * non-cancelled ones. Two keyed reads per batch of people, whatever the company's size; the card
 * itself decides (a pointer whose card turns out CANCELLED gets its `cancelled` flag here, healing a
 * crash between a cancellation and its flag).
 *
 * Every card has a pointer: processing writes it with the card (EMI creates it, REP moves it), the
 * demo seed writes it, and `backfillHolderPointers` gives one, once per company, to cards written
 * otherwise (stores older than the pointers). People without one (a card written straight into the
 * store) are looked up in the cards view `processing/by_person` unless `viewFallback` is false.
 */
export async function findCardsOf(
  ctx: ServerContext,
  cid: string,
  productCode: string,
  personKeys: readonly string[],
  options: { viewFallback?: boolean } = {},
): Promise<Map<string, Stored<ProcessedCardDoc>>> {
  const found = new Map<string, Stored<ProcessedCardDoc>>();
  const unique = [...new Set(personKeys)].filter((k) => k !== '');
  for (let i = 0; i < unique.length; i += HOLDER_BATCH) {
    const keys = unique.slice(i, i + HOLDER_BATCH);
    const pointers = await pointersOf(ctx, cid, productCode, keys);
    if (pointers.size === 0) continue;
    const cards = await getMany(cardsDb(ctx, cid), [...pointers.values()].map((p) => `card:${p.cardId}`));
    for (const [key, pointer] of pointers) {
      const card = cards.get(`card:${pointer.cardId}`);
      // a pointer can outlive its holder's hold on the card (a reassignment moved the card to someone
      // else: server/cards/card-reassign.service.ts); only a card held by this very person counts
      if (card && card.status !== 'CANCELLED' && holderKeyOf(card.holder) === key) found.set(key, card);
      else if (card?.status === 'CANCELLED' && !pointer.cancelled) await flagCancelled(ctx, cid, pointer._id, card.cardId);
    }
  }
  await addFromCardsView(ctx, cid, productCode, options.viewFallback === false ? [] : unique.filter((k) => !found.has(k)), found);
  return found;
}

/**
 * Lot validation's question (E_NO_CARD, E_CARD_EXISTS): which of these people hold a non-cancelled
 * card of the product? Answered from the company's holder set (holder-set.ts: the live pointers,
 * kept in memory and brought up to date from the holders database's changes), not by reading per
 * person. With `confirm` (EMI, where holders are the rare case and a wrong E_CARD_EXISTS would
 * refuse a valid lot), the cards of the holders found are read: a card CANCELLED without its
 * pointer's flag yet (a crash between the two writes) does not count. People without a live pointer
 * go to the cards view unless `viewFallback` is false (EMI: every card writer writes its pointer,
 * and nearly every person of an EMI file is a miss).
 */
export async function holdersAmong(
  ctx: ServerContext,
  cid: string,
  productCode: string,
  personKeys: readonly string[],
  options: { viewFallback?: boolean; confirm?: boolean } = {},
): Promise<Set<string>> {
  const live = await liveHolders(ctx, pointersDb(ctx, cid), cid, productCode);
  const unique = [...new Set(personKeys)].filter((k) => k !== '');
  const holders = new Set(unique.filter((k) => live.has(k)));
  if (options.confirm && holders.size > 0) {
    const pointers = await pointersOf(ctx, cid, productCode, [...holders]);
    const ids = [...pointers.values()].map((p) => `card:${p.cardId}`);
    const cards = new Map<string, Stored<ProcessedCardDoc>>();
    for (let i = 0; i < ids.length; i += HOLDER_BATCH) for (const [id, c] of await getMany(cardsDb(ctx, cid), ids.slice(i, i + HOLDER_BATCH))) cards.set(id, c);
    for (const [key, p] of pointers) {
      // no card yet: an EMI lot (or a reassignment) mid-way, about to write it — counts as held
      const card = cards.get(`card:${p.cardId}`);
      if (p.cancelled || (card && (card.status === 'CANCELLED' || holderKeyOf(card.holder) !== key))) holders.delete(key);
    }
  }
  if (options.viewFallback === false) return holders;
  const found = new Map<string, unknown>([...holders].map((k) => [k, true]));
  await addFromCardsView(ctx, cid, productCode, unique.filter((k) => !found.has(k)), found);
  return new Set(found.keys());
}

/** People without a (live) pointer: a card written straight into the store is found in the cards view. */
async function addFromCardsView(ctx: ServerContext, cid: string, productCode: string, misses: string[], found: Map<string, unknown>): Promise<void> {
  for (let i = 0; i < misses.length; i += HOLDER_BATCH) {
    const answer = await cardsDb(ctx, cid).view('processing', 'by_person', {
      keys: misses.slice(i, i + HOLDER_BATCH).map((k) => [productCode, k]),
      include_docs: true,
    } as nano.DocumentViewParams);
    for (const row of answer.rows as unknown as Array<{ key: [string, string]; doc?: Stored<ProcessedCardDoc> }>) {
      const doc = row.doc;
      if (!doc || doc.status === 'CANCELLED') continue;
      const prev = found.get(row.key[1]) as Stored<ProcessedCardDoc> | undefined;
      if (!prev || prev.issuedAt < doc.issuedAt) found.set(row.key[1], doc);
    }
  }
}

/** Flags the pointer `cancelled` if it still points at this (cancelled) card; idempotent. */
async function flagCancelled(ctx: ServerContext, cid: string, pointerId: string, cardId: string): Promise<void> {
  const at = ctx.now().toISOString();
  try {
    await updateDoc(pointersDb(ctx, cid), pointerId, (p) => (p.cardId !== cardId || p.cancelled ? null : { ...p, cancelled: true, updatedAt: at }));
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/**
 * After a card was cancelled (its own write done): its holder's pointer, if it still points at it,
 * says so. Called by the card action `card.cancel` and again on its replay, so a crash between the
 * two writes is healed when the action is resumed (and by the next processing that reads the card).
 */
export async function noteCardCancelled(ctx: ServerContext, cid: string, card: Pick<ProcessedCardDoc, 'productCode' | 'cardId' | 'holder' | 'status'>): Promise<void> {
  if (card.status !== 'CANCELLED' || !card.holder) return;
  await flagCancelled(ctx, cid, personCardDocId(card.productCode, personKeyOfCard(card)), card.cardId);
}

/** The backfill's marker (in the holders database). */
const BACKFILL_MARKER = 'meta:holder-pointers';

/**
 * Gives a pointer to every non-cancelled card that has none (stores older than the holders
 * database, whose pointers lived in the lotrecords database without the `cancelled` flag: they are
 * rebuilt here from the cards, the authority) and flags `cancelled` a pointer still pointing at a
 * cancelled card, once per company: a marker document records that it ran. Runs at start; a crash
 * before the marker makes the next start run it again (each write is idempotent).
 */
export async function backfillHolderPointers(ctx: ServerContext, cid: string): Promise<number> {
  const pointers = pointersDb(ctx, cid);
  if (await getOrNull(pointers as unknown as nano.DocumentScope<{ _id: string }>, BACKFILL_MARKER)) return 0;
  const at = ctx.now().toISOString();
  const page = 2000;
  let written = 0;
  let startkey = 'card:';
  for (;;) {
    const answer = await cardsDb(ctx, cid).list({ startkey, endkey: 'card:\ufff0', limit: page + 1, include_docs: true });
    const rows = answer.rows;
    const cards = rows.slice(0, page).flatMap((r) => (r.doc && r.doc.type === 'card' && r.doc.holder ? [r.doc] : []));
    const existing = await getMany(pointers, cards.map((c) => pointerFor(c, at)._id));
    const docs: PersonCardDoc[] = [];
    for (const card of cards) {
      const fresh = pointerFor(card, at);
      const p = existing.get(fresh._id);
      if (!p && card.status !== 'CANCELLED') {
        docs.push(fresh);
        existing.set(fresh._id, fresh as Stored<PersonCardDoc>); // a second live card of the person: the first keeps it
      } else if (p && card.status === 'CANCELLED' && p.cardId === card.cardId && !p.cancelled) {
        docs.push({ ...p, cancelled: true, updatedAt: at });
      }
    }
    if (docs.length > 0) {
      const answers = (await pointers.bulk({ docs })) as Array<{ id: string; error?: string }>;
      const failed = answers.find((a) => a.error && a.error !== 'conflict');
      if (failed) throw new Error(`person pointer ${failed.id}: ${failed.error}`);
      written += answers.filter((a) => !a.error).length;
    }
    if (rows.length <= page) break;
    startkey = rows[page].id;
  }
  await createOnce(pointers as unknown as nano.DocumentScope<{ _id: string; type: string; at: string; created: number }>, { _id: BACKFILL_MARKER, type: 'meta', at, created: written });
  return written;
}

/** Points a person's pointer at a (live) card (REP), creating it when absent. */
export async function pointPerson(ctx: ServerContext, cid: string, productCode: string, personKey: string, cardId: string): Promise<void> {
  const db = pointersDb(ctx, cid);
  const id = personCardDocId(productCode, personKey);
  const at = ctx.now().toISOString();
  if ((await createOnce(db, { _id: id, type: 'person-card', productCode, personKey, cardId, updatedAt: at })) === 'created') return;
  await updateDoc(db, id, (p) => {
    if (p.cardId === cardId && !p.cancelled) return null;
    const { cancelled: _gone, ...rest } = p;
    return { ...rest, cardId, updatedAt: at };
  });
}

export interface CardDelta {
  cardId: string;
  /** the ledger entry id (or batch key) the change applies */
  key: string;
  deltaCents: number;
}

/**
 * Applies many card balance changes: one bulk read, one bulk write with the revisions read; a
 * card changed meanwhile (409) is retried alone under MVCC. A key already applied is 'already';
 * a debit beyond the balance is 'insufficient' and changes nothing.
 */
export async function applyCardDeltas(ctx: ServerContext, cid: string, deltas: CardDelta[]): Promise<Map<string, CacheOutcome>> {
  const db = cardsDb(ctx, cid);
  const outcomes = new Map<string, CacheOutcome>();
  if (deltas.length === 0) return outcomes;
  const docs = await getMany(db, deltas.map((d) => `card:${d.cardId}`));
  const writes: Stored<ProcessedCardDoc>[] = [];
  const pending: CardDelta[] = [];
  const at = ctx.now().toISOString();
  for (const d of deltas) {
    const doc = docs.get(`card:${d.cardId}`);
    if (!doc) throw new Error(`card ${d.cardId} missing`);
    const applied = doc.appliedEntries ?? [];
    if (applied.includes(d.key)) {
      outcomes.set(d.key, 'already');
      continue;
    }
    const next = doc.balanceCents + d.deltaCents;
    if (next < 0) {
      outcomes.set(d.key, 'insufficient');
      continue;
    }
    writes.push({ ...doc, balanceCents: next, appliedEntries: [...applied, d.key].slice(-APPLIED_KEEP.card), updatedAt: at });
    pending.push(d);
  }
  if (writes.length > 0) {
    const answers = await bulkWrite(db as unknown as nano.DocumentScope<object>, writes as Array<{ _id: string }>);
    for (const [i, a] of answers.entries()) {
      const d = pending[i];
      if (!a.error) outcomes.set(d.key, 'applied');
      else if (a.error === 'conflict') {
        const { outcome } = await applyToCachedBalance(ctx, db, `card:${d.cardId}`, d.key, d.deltaCents, APPLIED_KEEP.card);
        outcomes.set(d.key, outcome);
      } else throw new Error(`card ${d.cardId} not written: ${a.error}`);
    }
  }
  return outcomes;
}

export const getCard = (ctx: ServerContext, cid: string, cardId: string) => getOrNull(cardsDb(ctx, cid), `card:${cardId}`);
