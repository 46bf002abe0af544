import type nano from 'nano';
import { classifyCardQuery, nameKey } from '../../src/domain/cards';
import type { CardStatus, PlasticStatus } from '../../src/domain/statuses';
import type { ServerContext } from '../context';
import { ledgerDb } from '../ledger/ledger.store';
import { companyDb, registerCompanyDatabase } from '../store/databases';
import { getOrNull, type Stored } from '../store/documents';
import type { StoredCardDoc } from './cards.model';

/**
 * Card queries (PRODUCT.md chapter 5 "Card query"), built for 50,000+ cards per company.
 *
 * Every Mango index ends with `_id`, so a page is "the next `limit` cards after this `_id`" with the
 * prefix fields fixed by equality: the same selector + sort works on Apache CouchDB and on PouchDB
 * Server (which has no Mango bookmarks). Names go through a view of name words (accents folded,
 * lowercase): a word prefix is a key range, paged by (key, doc id). The index design documents live
 * in co_<cid>_cards; the sync endpoint keeps them from devices.
 */
export const NAME_VIEW = { ddoc: 'card-search', view: 'by_name_word' } as const;

/** ES5 (CouchDB's JavaScript): lowercase, fold accents (also ñ → n, as src/domain/cards nameKey), one row per distinct word. */
const NAME_WORDS_MAP = `function (doc) {
  if (doc.type !== 'card' || !doc.holder) return;
  var text = ((doc.holder.firstName || '') + ' ' + (doc.holder.lastName || '')).toLowerCase();
  var from = '\\u00e1\\u00e0\\u00e4\\u00e2\\u00e3\\u00e9\\u00e8\\u00eb\\u00ea\\u00ed\\u00ec\\u00ef\\u00ee\\u00f3\\u00f2\\u00f6\\u00f4\\u00f5\\u00fa\\u00f9\\u00fc\\u00fb\\u00f1\\u00e7';
  var to = 'aaaaaeeeeiiiiooooouuuunc';
  var out = '';
  for (var i = 0; i < text.length; i++) { var k = from.indexOf(text.charAt(i)); out += k >= 0 ? to.charAt(k) : text.charAt(i); }
  var words = out.split(/[^a-z0-9]+/);
  var seen = {};
  for (var j = 0; j < words.length; j++) { var w = words[j]; if (w && !seen[w]) { seen[w] = true; emit([w, doc._id], null); } }
}`;

registerCompanyDatabase('cards', {
  indexes: [
    { name: 'cards-by-holder-id', fields: ['holder.idNumber', '_id'] },
    { name: 'cards-by-last4', fields: ['last4', '_id'] },
    { name: 'cards-by-status', fields: ['status', '_id'] },
    { name: 'cards-by-branch', fields: ['branchCode', '_id'] },
    { name: 'cards-by-status-branch', fields: ['status', 'branchCode', '_id'] },
    { name: 'cards-by-plastic', fields: ['plasticStatus', '_id'] },
    { name: 'cards-by-lot', fields: ['lotId', '_id'] },
    { name: 'cards-by-order', fields: ['orderId', '_id'] },
  ],
  design: [{ _id: `_design/${NAME_VIEW.ddoc}`, views: { [NAME_VIEW.view]: { map: NAME_WORDS_MAP } } }],
});

export interface CardSearch {
  q?: string;
  lotId?: string;
  orderId?: string;
  status?: CardStatus;
  plasticStatus?: PlasticStatus;
  branch?: string;
  limit: number;
  /** the last `_id` of the previous page (for a name search the view key is derived from that card) */
  after?: string;
}

export interface CardPage {
  cards: Stored<StoredCardDoc>[];
  next: string | null;
}

interface NameCursor {
  key: string;
  id: string;
}

const cardsDb = (ctx: ServerContext, companyId: string) => ctx.store.use<StoredCardDoc>(companyDb(companyId, 'cards'));

/** Reads at most this many rows for one page when the filters are selective; then hands back a cursor. */
const MAX_ROWS_PER_PAGE = 20_000;

export async function searchCards(ctx: ServerContext, companyId: string, search: CardSearch): Promise<CardPage> {
  const query = classifyCardQuery(search.q);
  if (query.by === 'name') return searchByName(ctx, companyId, query.words, search);
  const db = cardsDb(ctx, companyId);
  const idRange = { $gt: search.after ?? 'card:', $lt: 'card:\ufff0' };
  const selector: nano.MangoSelector = { _id: idRange, type: 'card' };
  if (search.status) selector.status = search.status;
  if (search.plasticStatus) selector.plasticStatus = search.plasticStatus;
  if (search.branch) selector.branchCode = search.branch;
  if (search.lotId) selector.lotId = search.lotId;
  if (search.orderId) selector.orderId = search.orderId;
  if (query.by === 'last4') selector.last4 = query.value;
  if (query.by === 'holderId') selector['holder.idNumber'] = query.value;
  if (query.by === 'lot') selector.lotId = query.value;
  if (query.by === 'order') selector.orderId = query.value;

  // the most selective equality first
  const lead: Array<[string, string]> = [
    ['holder.idNumber', 'cards-by-holder-id'],
    ['last4', 'cards-by-last4'],
    ['lotId', 'cards-by-lot'],
    ['orderId', 'cards-by-order'],
  ];
  let sortFields: string[] = [];
  let useIndex: string | undefined;
  const first = lead.find(([field]) => selector[field] !== undefined);
  if (first) [sortFields, useIndex] = [[first[0]], first[1]];
  else if (search.status && search.branch) [sortFields, useIndex] = [['status', 'branchCode'], 'cards-by-status-branch'];
  else if (search.status) [sortFields, useIndex] = [['status'], 'cards-by-status'];
  else if (search.branch) [sortFields, useIndex] = [['branchCode'], 'cards-by-branch'];
  else if (search.plasticStatus) [sortFields, useIndex] = [['plasticStatus'], 'cards-by-plastic'];
  const answer = await db.find({
    selector,
    sort: [...sortFields.map((f) => ({ [f]: 'asc' as const })), { _id: 'asc' as const }],
    limit: search.limit + 1,
    ...(useIndex ? { use_index: [`idx-${useIndex}`, useIndex] as [string, string] } : {}),
  });
  const docs = answer.docs as Stored<StoredCardDoc>[];
  const page = docs.slice(0, search.limit);
  return { cards: page, next: docs.length > search.limit ? page[page.length - 1]._id : null };
}

/**
 * Names: the longest word is a key range of the name-word view (a prefix: "gonz" finds González; keys are [word, doc id]);
 * the other words and the filters are checked on the documents read. A card whose name has two words
 * with that prefix appears under both keys: it is kept only under the first, so pages never repeat it.
 */
async function searchByName(ctx: ServerContext, companyId: string, words: string[], search: CardSearch): Promise<CardPage> {
  const db = cardsDb(ctx, companyId);
  const lead = [...words].sort((a, b) => b.length - a.length)[0];
  const end = `${lead}\ufff0`;
  const found: Stored<StoredCardDoc>[] = [];
  // a page ends at a card; it is listed under its first word with the lead prefix, which says where to resume
  let cursor: NameCursor | null = null;
  if (search.after) {
    const last = await getOrNull(db, search.after);
    const key = last ? firstWordWith(last, lead) : undefined;
    if (!key) return { cards: [], next: null };
    cursor = { key, id: search.after };
  }
  let read = 0;
  let lastPrimary: string | null = null;
  const batch = Math.min(1000, Math.max(100, search.limit * 4));
  for (;;) {
    const params: nano.DocumentViewParams = {
      include_docs: true,
      limit: batch + (cursor ? 1 : 0),
      // keys are [word, doc id]: unique, so a page resumes exactly after the last row (PouchDB has no startkey_docid)
      startkey: cursor ? [cursor.key, cursor.id] : [lead],
      endkey: [end],
    };
    const answer = await db.view(NAME_VIEW.ddoc, NAME_VIEW.view, params);
    let rows = answer.rows as unknown as Array<{ id: string; key: [string, string]; doc?: Stored<StoredCardDoc> }>;
    if (cursor) rows = rows.filter((r) => !(r.key[0] === cursor!.key && r.id === cursor!.id));
    for (const row of rows) {
      read++;
      cursor = { key: row.key[0], id: row.id };
      const doc = row.doc;
      if (!doc || firstWordWith(doc, lead) !== row.key[0]) continue; // its second word with this prefix: seen under the first
      lastPrimary = row.id;
      if (matchesName(doc, words) && matchesFilters(doc, search)) {
        found.push(doc);
        if (found.length > search.limit) break;
      }
    }
    if (found.length > search.limit) {
      const page = found.slice(0, search.limit);
      return { cards: page, next: page[page.length - 1]._id };
    }
    if (rows.length < batch) return { cards: found, next: null };
    // selective filters over a common name: give back what we have and where to go on
    if (read >= MAX_ROWS_PER_PAGE && lastPrimary) return { cards: found, next: lastPrimary };
  }
}

function nameWords(card: StoredCardDoc): string[] {
  return nameKey(`${card.holder.firstName ?? ''} ${card.holder.lastName ?? ''}`).split(' ').filter(Boolean);
}

function firstWordWith(card: StoredCardDoc, prefix: string): string | undefined {
  return nameWords(card)
    .filter((w) => w.startsWith(prefix))
    .sort()[0];
}

function matchesName(card: StoredCardDoc, words: string[]): boolean {
  const own = nameWords(card);
  return words.every((w) => own.some((o) => o.startsWith(w)));
}

function matchesFilters(card: StoredCardDoc, s: CardSearch): boolean {
  return (
    card.type === 'card' &&
    (!s.status || card.status === s.status) &&
    (!s.plasticStatus || card.plasticStatus === s.plasticStatus) &&
    (!s.branch || card.branchCode === s.branch) &&
    (!s.lotId || card.lotId === s.lotId) &&
    (!s.orderId || card.orderId === s.orderId)
  );
}

/** The card's ledger entries (its account `card:<cardId>`), newest first, from the balances view. */
export async function cardLedgerEntries(ctx: ServerContext, companyId: string, cardId: string, limit: number) {
  const answer = await ledgerDb(ctx, companyId).view('balances', 'by_account', {
    key: `card:${cardId}`,
    reduce: false,
    include_docs: true,
    limit: 5000,
  } as nano.DocumentViewParams);
  const entries = (answer.rows as unknown as Array<{ doc?: { _id: string; cause: string; leg: string; amountCents: number; at: string } }>)
    .map((r) => r.doc)
    .filter((d): d is NonNullable<typeof d> => !!d)
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a._id < b._id ? 1 : -1));
  return { entries: entries.slice(0, limit), total: entries.length, balanceCents: entries.reduce((s, e) => s + e.amountCents, 0) };
}

registerCompanyDatabase('requests', { indexes: [{ name: 'requests-by-card', fields: ['cardId', 'createdAt'] }] });

export interface CardRequestRow {
  id: string;
  kind: string;
  status: string;
  userId: string;
  createdAt: string;
  appliedAt: string | null;
  outcome: { code: string; message: string } | null;
}

/** Every user's requests about the card (the device holds only its own user's), newest first. */
export async function cardRequests(ctx: ServerContext, companyId: string, cardId: string, limit: number): Promise<CardRequestRow[]> {
  const answer = await ctx.store.use(companyDb(companyId, 'requests')).find({
    selector: { cardId, createdAt: { $gt: '' } },
    sort: [{ cardId: 'desc' }, { createdAt: 'desc' }],
    use_index: ['idx-requests-by-card', 'requests-by-card'],
    limit,
  });
  // only these fields: a delivery's payload holds a signature and the holder's data
  return (answer.docs as unknown as Array<Record<string, any>>).map((d) => ({
    id: String(d._id),
    kind: String(d.kind),
    status: String(d.status),
    userId: String(d.userId),
    createdAt: String(d.createdAt),
    appliedAt: d.appliedAt ?? null,
    outcome: d.outcome ? { code: String(d.outcome.code), message: String(d.outcome.message) } : null,
  }));
}
