import type nano from 'nano';
import type { ServerContext } from '../context';
import type { PersonCardDoc } from './processing.model';

/**
 * Who holds a live card, per company and product, as a set of person keys kept in memory and
 * brought up to date from the holders database's `_changes` before each use — lot validation's
 * answer to E_NO_CARD / E_CARD_EXISTS without reading anything per record (BENCHMARKS.md "Lot
 * upload": one `_bulk_get` per person made REC 100k take 23–47 s on the embedded store).
 *
 * Exact, not a guess: the holders database holds only pointers (`person:<product>:<key>`), so its
 * `update_seq` moves exactly when a pointer is written, by this process or any other; a set whose
 * `seq` equals the database's is current, and otherwise it reads only the changes since (an EMI lot
 * of 100,000 cards: 100,000 small changes once). The first use after a start reads every pointer of
 * the company (≈ the time of `_changes` over them; not per upload).
 *
 * Memory: one string per holder (≈ 60–70 bytes with the set's entry, estimated: ≈ 7 MB per 100,000 holders),
 * never card documents; at most MAX_COMPANIES companies are kept (least recently used dropped).
 */
const MAX_COMPANIES = 4;
const PAGE = 5000;
const PREFIX = 'person:';

interface CompanyHolders {
  seq: string | number;
  byProduct: Map<string, Set<string>>;
  /** a catch-up in flight: concurrent validations wait for the same one */
  catchingUp: Promise<void> | null;
}

const caches = new WeakMap<ServerContext, Map<string, CompanyHolders>>();

/** The person keys holding a live (pointer not flagged `cancelled`) card of the product, current as of now. */
export async function liveHolders(ctx: ServerContext, db: nano.DocumentScope<PersonCardDoc>, cid: string, productCode: string): Promise<ReadonlySet<string>> {
  let companies = caches.get(ctx);
  if (!companies) caches.set(ctx, (companies = new Map()));
  let entry = companies.get(cid);
  if (!entry) {
    entry = { seq: 0, byProduct: new Map(), catchingUp: null };
    companies.set(cid, entry);
    for (const oldest of companies.keys()) {
      if (companies.size <= MAX_COMPANIES) break;
      companies.delete(oldest);
    }
  } else {
    companies.delete(cid); // most recently used last
    companies.set(cid, entry);
  }
  for (;;) {
    if (entry.catchingUp) {
      await entry.catchingUp;
      continue;
    }
    const { update_seq: current } = await db.info();
    if (String(current) === String(entry.seq)) break;
    const run = catchUp(db, entry);
    entry.catchingUp = run;
    try {
      await run;
    } finally {
      entry.catchingUp = null;
    }
    break; // current as of the info read (changes after it are the next use's)
  }
  return entry.byProduct.get(productCode) ?? new Set();
}

async function catchUp(db: nano.DocumentScope<PersonCardDoc>, entry: CompanyHolders): Promise<void> {
  let since = entry.seq;
  for (;;) {
    const page = await db.changes({ since: String(since), include_docs: true, limit: PAGE } as nano.DatabaseChangesParams);
    for (const change of page.results) {
      if (!change.id.startsWith(PREFIX)) continue;
      const rest = change.id.slice(PREFIX.length);
      const colon = rest.indexOf(':');
      if (colon < 0) continue;
      const product = rest.slice(0, colon);
      const key = rest.slice(colon + 1);
      let set = entry.byProduct.get(product);
      if (!set) entry.byProduct.set(product, (set = new Set()));
      const doc = (change as { doc?: PersonCardDoc & { _deleted?: boolean } }).doc;
      if (change.deleted || !doc || doc._deleted || doc.cancelled) set.delete(key);
      else set.add(key);
    }
    since = page.last_seq;
    entry.seq = since; // what is applied so far stays applied if a later page fails
    if (page.results.length < PAGE) return;
  }
}
