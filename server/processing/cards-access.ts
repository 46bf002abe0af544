import type nano from 'nano';
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

/** Many documents by id in one request; missing ones are absent from the map. */
export async function getMany<T extends object>(db: nano.DocumentScope<T>, ids: string[]): Promise<Map<string, Stored<T>>> {
  const out = new Map<string, Stored<T>>();
  if (ids.length === 0) return out;
  const answer = await db.fetch({ keys: ids });
  for (const row of answer.rows as Array<{ key: string; doc?: Stored<T> | null; error?: string }>) {
    if (row.doc) out.set(row.key, row.doc);
  }
  return out;
}

/**
 * The current non-cancelled card of each person for a product: pointer documents first (one read
 * of many ids), then the cards view for people without a pointer.
 */
export async function findCardsOf(ctx: ServerContext, cid: string, productCode: string, personKeys: string[]): Promise<Map<string, Stored<ProcessedCardDoc>>> {
  const found = new Map<string, Stored<ProcessedCardDoc>>();
  const unique = [...new Set(personKeys)];
  const pointers = await getMany(pointersDb(ctx, cid), unique.map((k) => personCardDocId(productCode, k)));
  const cards = await getMany(cardsDb(ctx, cid), [...pointers.values()].map((p) => `card:${p.cardId}`));
  for (const key of unique) {
    const pointer = pointers.get(personCardDocId(productCode, key));
    const card = pointer ? cards.get(`card:${pointer.cardId}`) : undefined;
    if (card && card.status !== 'CANCELLED') found.set(key, card);
  }
  const misses = unique.filter((k) => !found.has(k));
  if (misses.length > 0) {
    const answer = await cardsDb(ctx, cid).view('processing', 'by_person', {
      keys: misses.map((k) => [productCode, k]),
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
