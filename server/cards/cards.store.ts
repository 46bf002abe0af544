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
  let extra: RegExp[] = [];
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
    // names: every word in the first or last name, checked here while reading this company's cards
    // in `_id` order. Not in the selector: PouchDB Server's Mango fails on `$regex` inside `$or`
    // ("userValue.every is not a function"), and an unindexed regex is a scan in CouchDB too.
    extra = q
      .split(/\s+/)
      .slice(0, 4)
      .map((w) => new RegExp(caseInsensitive(w)));
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
  const matches = (c: CardDoc) => extra.every((re) => re.test(c.holder.firstName) || re.test(c.holder.lastName));
  const found: Stored<CardDoc>[] = [];
  for (let round = 0; round < 50 && found.length <= search.limit; round++) {
    const batch = extra.length ? 500 : search.limit + 1;
    const answer = await db.find({
      selector,
      sort,
      limit: batch,
      ...(useIndex ? { use_index: [`idx-${useIndex}`, useIndex] as [string, string] } : {}),
    });
    const docs = answer.docs as Stored<CardDoc>[];
    found.push(...docs.filter(matches));
    if (docs.length < batch) break;
    selector._id = { ...idRange, $gt: docs[docs.length - 1]._id };
  }
  const page = found.slice(0, search.limit);
  return { cards: page, next: found.length > search.limit ? page[page.length - 1]._id : null };
}
