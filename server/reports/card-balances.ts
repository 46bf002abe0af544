import { mapLimit } from '../common/map-limit';
import { accountEntries, accountSumBefore, type ReportScope } from './reports.store';

/** Accounts per read of their entries: bounds one answer's size (a page of 200 cards is 4 reads). */
export const ACCOUNTS_PER_READ = 50;

/**
 * Each card's closing balance before the instant `end`: the sum of the entries of `card:<id>` whose
 * `at` is before `end` — what the ledger's reports view reduces over
 * `['acct', 'card:<id>', '', ''] … ['acct', 'card:<id>', monthOf(end), end)`.
 *
 * On Apache CouchDB that reduce is the store's own, read from its b-tree (one cheap request per card).
 * The embedded store keeps no reductions and every request has a fixed cost (≈ 10 ms at 1,000,000
 * entries), so 200 cards were 200 reads (2.3 s): there the entries of ACCOUNTS_PER_READ cards come in
 * one `keys` read of `balances/by_account` with their documents, and are summed here by `at`.
 */
export async function balancesBefore(ledger: ReportScope, cardIds: string[], end: string): Promise<number[]> {
  if (!ledger.slicedReduce) {
    return mapLimit(cardIds, 16, (id) => accountSumBefore(ledger, `card:${id}`, end));
  }
  const sums = new Map<string, number>();
  const accounts = [...new Set(cardIds.map((id) => `card:${id}`))];
  for (let i = 0; i < accounts.length; i += ACCOUNTS_PER_READ) {
    for (const e of await accountEntries(ledger, accounts.slice(i, i + ACCOUNTS_PER_READ))) {
      if (before(e.at, end)) sums.set(e.account, (sums.get(e.account) ?? 0) + e.amountCents);
    }
  }
  return cardIds.map((id) => sums.get(`card:${id}`) ?? 0);
}

/**
 * Whether an entry's `at` falls before `end` as the reports view keys it: the view's map skips an
 * entry whose `at` is no date (its month cannot be computed), and compares ISO instants as strings.
 */
function before(at: unknown, end: string): boolean {
  return typeof at === 'string' && at < end && !Number.isNaN(Date.parse(at));
}
