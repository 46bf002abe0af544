import type nano from 'nano';
import type { CardStatus } from '../../src/domain/statuses';
import type { ServerContext } from '../context';
import { companyDb, registerCompanyDatabase } from '../store/databases';
import type { Stored } from '../store/documents';
import type { CardDoc } from './cards.model';

/**
 * Card queries (PRODUCT.md chapter 5 "Card query"). Every index ends with `_id`, so a page is
 * "the next `limit` cards after this `_id`" with the prefix fields fixed by equality: the same
 * selector + sort works on Apache CouchDB and on PouchDB Server (which has no Mango bookmarks).
 * The index design documents live in co_<cid>_cards; the sync endpoint keeps them from devices.
 */
registerCompanyDatabase('cards', {
  indexes: [
    { name: 'cards-by-holder-id', fields: ['holder.idNumber', '_id'] },
    { name: 'cards-by-last4', fields: ['last4', '_id'] },
    { name: 'cards-by-status', fields: ['status', '_id'] },
    { name: 'cards-by-branch', fields: ['branchCode', '_id'] },
    { name: 'cards-by-status-branch', fields: ['status', 'branchCode', '_id'] },
  ],
});

export interface CardSearch {
  q?: string;
  status?: CardStatus;
  branch?: string;
  limit: number;
  /** the last `_id` of the previous page */
  after?: string;
}

/** Letters → [aA] classes, so a name search is case-insensitive with both stores' regex engines. */
function caseInsensitive(word: string): string {
  return [...word]
    .map((ch) => {
      const escaped = ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const lo = ch.toLowerCase();
      const up = ch.toUpperCase();
      return lo !== up ? `[${lo}${up}]` : escaped;
    })
    .join('');
}

export async function searchCards(ctx: ServerContext, companyId: string, search: CardSearch): Promise<{ cards: Stored<CardDoc>[]; next: string | null }> {
  const db = ctx.store.use<CardDoc>(companyDb(companyId, 'cards'));
  const idRange = { $gt: search.after ?? 'card:', $lt: 'card:\ufff0' };
  const selector: nano.MangoSelector = { _id: idRange, type: 'card' };
  let sort: Array<Record<string, 'asc'>> = [{ _id: 'asc' }];
  let useIndex: string | undefined;
  const q = search.q?.trim();
  if (search.status) selector.status = search.status;
  if (search.branch) selector.branchCode = search.branch;

  if (q && /^[0-9]{4}$/.test(q)) {
    selector.last4 = q;
    sort = [{ last4: 'asc' }, { _id: 'asc' }];
    useIndex = 'cards-by-last4';
  } else if (q && /^[VEPvep]?-?[0-9]{5,15}$/.test(q)) {
    selector['holder.idNumber'] = q.replace(/^[VEPvep]-?/, '');
    sort = [{ 'holder.idNumber': 'asc' }, { _id: 'asc' }];
    useIndex = 'cards-by-holder-id';
  } else if (q) {
    // names: each word in the first or last name (a scan of this company's cards only)
    selector.$and = q
      .split(/\s+/)
      .slice(0, 4)
      .map((w) => ({ $or: [{ 'holder.firstName': { $regex: caseInsensitive(w) } }, { 'holder.lastName': { $regex: caseInsensitive(w) } }] }));
  } else if (search.status && search.branch) {
    sort = [{ status: 'asc' }, { branchCode: 'asc' }, { _id: 'asc' }];
    useIndex = 'cards-by-status-branch';
  } else if (search.status) {
    sort = [{ status: 'asc' }, { _id: 'asc' }];
    useIndex = 'cards-by-status';
  } else if (search.branch) {
    sort = [{ branchCode: 'asc' }, { _id: 'asc' }];
    useIndex = 'cards-by-branch';
  }
  const answer = await db.find({
    selector,
    sort,
    limit: search.limit + 1,
    ...(useIndex ? { use_index: [`idx-${useIndex}`, useIndex] as [string, string] } : {}),
  });
  const docs = answer.docs as Stored<CardDoc>[];
  const page = docs.slice(0, search.limit);
  return { cards: page, next: docs.length > search.limit ? page[page.length - 1]._id : null };
}
