import type nano from 'nano';
import { holderKeyOf } from '../../src/domain/cards/card-rules';
import type { ServerContext } from '../context';
import { APPLIED_KEEP } from '../ledger/ledger.model';
import { applyToCachedBalance, type CacheOutcome } from '../ledger/ledger.service';
import { companyDb, registerCompanyDatabase } from '../store/databases';
import { createOnce, getOrNull, updateDoc, type Stored } from '../store/documents';
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
export const pointersDb = (ctx: ServerContext, cid: string) => ctx.store.use<PersonCardDoc>(companyDb(cid, 'lotrecords'));

/**
 * Many documents by id in one request (`_bulk_get`); missing and deleted ones are absent from the
 * map. Not `_all_docs?keys=`: PouchDB Server answers that with one index scan per key (≈ 9× slower
 * than `_bulk_get`'s direct reads, measured); CouchDB 3 serves both.
 */
export async function getMany<T extends object>(db: nano.DocumentScope<T>, ids: string[]): Promise<Map<string, Stored<T>>> {
  const out = new Map<string, Stored<T>>();
  if (ids.length === 0) return out;
  const answer = (await db.server.relax({
    db: (db as unknown as { config: { db: string } }).config.db,
    method: 'POST',
    path: '_bulk_get',
    body: { docs: ids.map((id) => ({ id })) },
  })) as { results: Array<{ id: string; docs: Array<{ ok?: Stored<T> & { _deleted?: boolean }; error?: unknown }> }> };
  for (const result of answer.results) {
    const doc = result.docs[0]?.ok;
    if (doc && !doc._deleted) out.set(result.id, doc);
  }
  return out;
}

/** Keys per lookup request: the answer carries one card document per key (≈ 1 KB each). */
const HOLDER_BATCH = 2000;

/**
 * THE way to find who holds a card (validation's E_NO_CARD / E_CARD_EXISTS and processing alike):
 * the person pointers `person:<product>:<personKey>` by key, then the cards they point at by id,
 * keeping the non-cancelled ones. Two keyed reads per batch of people, whatever the company's size.
 *
 * Every card has a pointer: processing writes it with the card (EMI creates it, REP moves it), and
 * `backfillHolderPointers` gives one, once per company, to cards written otherwise (the demo seed,
 * stores older than the pointers). A card cancelled elsewhere keeps its pointer; its status decides.
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
    const pointers = await getMany(pointersDb(ctx, cid), keys.map((k) => personCardDocId(productCode, k)));
    if (pointers.size === 0) continue;
    const cards = await getMany(cardsDb(ctx, cid), [...pointers.values()].map((p) => `card:${p.cardId}`));
    for (const key of keys) {
      const pointer = pointers.get(personCardDocId(productCode, key));
      const card = pointer ? cards.get(`card:${pointer.cardId}`) : undefined;
      // a pointer can outlive its holder's hold on the card (a reassignment moved the card to someone
      // else: server/cards/card-reassign.service.ts); only a card held by this very person counts
      if (card && card.status !== 'CANCELLED' && holderKeyOf(card.holder) === key) found.set(key, card);
    }
  }
  // People without a pointer: a card written after the backfill by other means (a spec's seed).
  // The cards view finds them; not for EMI validation, where nearly every person is a miss and the
  // view would have to index every card of the company first (≈ 1,000 cards/s on PouchDB Server).
  const misses = options.viewFallback === false ? [] : unique.filter((k) => !found.has(k));
  for (let i = 0; i < misses.length; i += HOLDER_BATCH) {
    const answer = await cardsDb(ctx, cid).view('processing', 'by_person', {
      keys: misses.slice(i, i + HOLDER_BATCH).map((k) => [productCode, k]),
      include_docs: true,
    } as nano.DocumentViewParams);
    for (const row of answer.rows as unknown as Array<{ key: [string, string]; doc?: Stored<ProcessedCardDoc> }>) {
      const doc = row.doc;
      if (!doc || doc.status === 'CANCELLED') continue;
      const prev = found.get(row.key[1]);
      if (!prev || prev.issuedAt < doc.issuedAt) found.set(row.key[1], doc);
    }
  }
  return found;
}

/** The person keys among `personKeys` that hold a non-cancelled card of the product (findCardsOf). */
export async function holdersAmong(
  ctx: ServerContext,
  cid: string,
  productCode: string,
  personKeys: readonly string[],
  options: { viewFallback?: boolean } = {},
): Promise<Set<string>> {
  return new Set((await findCardsOf(ctx, cid, productCode, personKeys, options)).keys());
}

const BACKFILL_MARKER = 'meta:holder-pointers';

/**
 * Gives a pointer to every non-cancelled card that has none (cards written before the pointers
 * existed, or by the demo seed), once per company: a marker document records that it ran. Runs at
 * start; a crash before the marker makes the next start run it again (pointers are created once).
 */
export async function backfillHolderPointers(ctx: ServerContext, cid: string): Promise<number> {
  const pointers = pointersDb(ctx, cid);
  if (await getOrNull(pointers as unknown as nano.DocumentScope<{ _id: string }>, BACKFILL_MARKER)) return 0;
  const at = ctx.now().toISOString();
  const page = 2000;
  let created = 0;
  let startkey = 'card:';
  for (;;) {
    const answer = await cardsDb(ctx, cid).list({ startkey, endkey: 'card:\ufff0', limit: page + 1, include_docs: true });
    const rows = answer.rows;
    const docs: PersonCardDoc[] = [];
    for (const row of rows.slice(0, page)) {
      const card = row.doc;
      if (!card || card.type !== 'card' || card.status === 'CANCELLED' || !card.holder) continue;
      const key = `${card.holder.idType ?? ''}${card.holder.idNumber ?? ''}`.toUpperCase();
      docs.push({ _id: personCardDocId(card.productCode, key), type: 'person-card', productCode: card.productCode, personKey: key, cardId: card.cardId, updatedAt: at });
    }
    if (docs.length > 0) {
      const answers = (await pointers.bulk({ docs })) as Array<{ id: string; error?: string }>;
      const failed = answers.find((a) => a.error && a.error !== 'conflict');
      if (failed) throw new Error(`person pointer ${failed.id}: ${failed.error}`);
      created += answers.filter((a) => !a.error).length;
    }
    if (rows.length <= page) break;
    startkey = rows[page].id;
  }
  await createOnce(pointers as unknown as nano.DocumentScope<{ _id: string; type: string; at: string; created: number }>, { _id: BACKFILL_MARKER, type: 'meta', at, created });
  return created;
}

/** Points a person's pointer at a card (REP), creating it when absent. */
export async function pointPerson(ctx: ServerContext, cid: string, productCode: string, personKey: string, cardId: string): Promise<void> {
  const db = pointersDb(ctx, cid);
  const id = personCardDocId(productCode, personKey);
  const at = ctx.now().toISOString();
  if ((await createOnce(db, { _id: id, type: 'person-card', productCode, personKey, cardId, updatedAt: at })) === 'created') return;
  await updateDoc(db, id, (p) => (p.cardId === cardId ? null : { ...p, cardId, updatedAt: at }));
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
    const answers = (await db.bulk({ docs: writes })) as Array<{ id: string; error?: string }>;
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
