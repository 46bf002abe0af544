import type nano from 'nano';
import { classifyCardQuery, type CardQuery } from '../../src/domain/cards';
import type { CardStatus, PlasticStatus } from '../../src/domain/statuses';
import type { ServerContext } from '../context';
import { ledgerDb } from '../ledger/ledger.store';
import { getMany } from '../store/documents';
import { companyDb, registerCompanyDatabase } from '../store/databases';
import type { Stored } from '../store/documents';
import { decodeCursor, encodeCursor } from './card-cursor';
import { nameWordsOf, planSearch, SEARCH_VIEW, type KeyPart, type SearchPlan, type SearchRow } from './card-search.view';
import type { StoredCardDoc } from './cards.model';

/**
 * Card queries (PRODUCT.md chapter 5 "Card query"), built for 50,000+ cards per company: every
 * search is a key range of the one search view (server/cards/card-search.view.ts), read a batch at a
 * time from the cursor on, so a page reads about as many rows as it answers whatever the number of
 * matching cards. The design document lives in co_<cid>_cards; the sync endpoint keeps it from devices.
 */
export interface CardSearch {
  q?: string;
  lotId?: string;
  orderId?: string;
  status?: CardStatus;
  plasticStatus?: PlasticStatus;
  branch?: string;
  limit: number;
  /** the cursor the previous page answered as `next` (opaque; checked against this search) */
  after?: string;
}

export interface CardPage {
  cards: Stored<StoredCardDoc>[];
  /** where the next page starts, or null after the last page */
  next: string | null;
}

const cardsDb = (ctx: ServerContext, companyId: string) => ctx.store.use<StoredCardDoc>(companyDb(companyId, 'cards'));

/**
 * Rows read for one request when extra filters leave most rows out (a common name with a rare
 * status); then the page is answered short, with a cursor to go on from.
 */
const MAX_ROWS_PER_PAGE = 20_000;

export async function searchCards(ctx: ServerContext, companyId: string, search: CardSearch): Promise<CardPage> {
  const query = classifyCardQuery(search.q);
  const plan = planSearch(query, search);
  const db = cardsDb(ctx, companyId);
  let position = search.after ? decodeCursor(plan, search.after) : null;
  // rows left out by extra filters: read more of them per request
  const batch = plan.filtered ? Math.min(1000, Math.max(100, search.limit * 4)) : search.limit + 1;
  const found: Array<{ doc: Stored<StoredCardDoc>; tail: KeyPart[] }> = [];
  let read = 0;
  for (;;) {
    const asked = batch + (position ? 1 : 0);
    const rows = await readRows(db, plan, position, asked);
    // the cursor's own row comes first when it still exists
    const fresh = position ? rows.filter((r) => !sameParts(tailOf(plan, r), position!)) : rows;
    for (let i = 0; i < fresh.length; ) {
      // documents for as many matching rows as the page still needs, in one read
      const chunk: SearchRow[] = [];
      for (; i < fresh.length && chunk.length <= search.limit - found.length; i++) if (plan.rowMatches(fresh[i])) chunk.push(fresh[i]);
      const docs = await getMany(db, chunk.map((r) => r.id));
      for (const row of chunk) {
        const doc = docs.get(row.id);
        if (!doc || !matchesCard(doc, query, search)) continue;
        found.push({ doc, tail: tailOf(plan, row) });
        if (found.length > search.limit) {
          const page = found.slice(0, search.limit);
          return { cards: page.map((f) => f.doc), next: encodeCursor(plan, page[page.length - 1].tail) };
        }
      }
    }
    read += fresh.length;
    if (rows.length < asked) return { cards: found.map((f) => f.doc), next: null };
    position = tailOf(plan, rows[rows.length - 1]);
    // extra filters over a long range: give back what we have and where to go on
    if (read >= MAX_ROWS_PER_PAGE) return { cards: found.map((f) => f.doc), next: encodeCursor(plan, position) };
  }
}

async function readRows(db: nano.DocumentScope<StoredCardDoc>, plan: SearchPlan, position: KeyPart[] | null, limit: number): Promise<SearchRow[]> {
  if (plan.allDocs) {
    const answer = await db.list({ startkey: position ? String(position[0]) : 'card:', endkey: 'card:\ufff0', limit });
    return answer.rows.map((r) => ({ id: r.id, key: [r.id], value: null }));
  }
  const answer = await db.view(SEARCH_VIEW.ddoc, SEARCH_VIEW.view, {
    startkey: position ? [...plan.prefix, ...position] : plan.start,
    endkey: plan.end,
    limit,
  } as nano.DocumentViewParams);
  return answer.rows as unknown as SearchRow[];
}

const tailOf = (plan: SearchPlan, row: SearchRow): KeyPart[] => row.key.slice(plan.prefix.length);
const sameParts = (a: KeyPart[], b: KeyPart[]) => a.length === b.length && a.every((part, i) => part === b[i]);

/** The document read still is what was searched for (it may have changed since the row was indexed). */
function matchesCard(card: StoredCardDoc, query: CardQuery, s: CardSearch): boolean {
  if (card.type !== 'card') return false;
  if (s.status && card.status !== s.status) return false;
  if (s.plasticStatus && card.plasticStatus !== s.plasticStatus) return false;
  if (s.branch && card.branchCode !== s.branch) return false;
  if (s.lotId && card.lotId !== s.lotId) return false;
  if (s.orderId && card.orderId !== s.orderId) return false;
  switch (query.by) {
    case 'holderId':
      return String(card.holder?.idNumber) === query.value;
    case 'last4':
      return card.last4 === query.value;
    case 'lot':
      return card.lotId === query.value;
    case 'order':
      return card.orderId === query.value;
    case 'name': {
      const own = nameWordsOf(card.holder?.firstName, card.holder?.lastName);
      return query.words.every((w) => own.some((o) => o.startsWith(w)));
    }
    default:
      return true;
  }
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
