import type nano from 'nano';
import type { ServerContext } from '../context';
import { updateDoc, type Stored } from '../store/documents';
import { ledgerDb } from './ledger.store';
import { entryDocId, type CachedBalance, type LedgerEntryDoc, type LedgerTransaction } from './ledger.model';

export class UnbalancedTransactionError extends Error {}

/** Checks a transaction: integer legs, unique names, summing to zero. Zero legs are dropped. */
export function checkTransaction(tx: LedgerTransaction): LedgerTransaction {
  if (!tx.cause || /\s/.test(tx.cause)) throw new UnbalancedTransactionError(`bad cause: ${tx.cause}`);
  let sum = 0;
  const names = new Set<string>();
  for (const leg of tx.legs) {
    if (!Number.isSafeInteger(leg.amountCents)) throw new UnbalancedTransactionError(`${tx.cause}/${leg.leg}: not integer cents`);
    if (names.has(leg.leg)) throw new UnbalancedTransactionError(`${tx.cause}: leg ${leg.leg} twice`);
    names.add(leg.leg);
    sum += leg.amountCents;
    if (!Number.isSafeInteger(sum)) throw new UnbalancedTransactionError(`${tx.cause}: sum not exact`);
  }
  if (sum !== 0) throw new UnbalancedTransactionError(`${tx.cause}: legs sum to ${sum}, not 0`);
  return { cause: tx.cause, legs: tx.legs.filter((l) => l.amountCents !== 0) };
}

/** The documents of checked transactions, every leg at `at` (exported for the benches' seeding: the exact shape written). */
export function entryDocs(companyId: string, txs: LedgerTransaction[], at: string): LedgerEntryDoc[] {
  return txs.flatMap((raw) => {
    const tx = checkTransaction(raw);
    return tx.legs.map((leg) => ({
      _id: entryDocId(tx.cause, leg.leg),
      type: 'entry' as const,
      cause: tx.cause,
      leg: leg.leg,
      account: leg.account,
      amountCents: leg.amountCents,
      companyId,
      at,
    }));
  });
}

/** A create refused because the id exists: the store says 409 conflict, or 403 from the append-only validation. */
function alreadyThere(answer: { error?: string }): boolean {
  return answer.error === 'conflict' || answer.error === 'forbidden';
}

/**
 * Appends transactions: every leg is created once by its deterministic id; a leg that exists counts
 * as done (a replay). One _bulk_docs for all of them. Answers how many legs were new.
 */
export async function postTransactions(ctx: ServerContext, companyId: string, txs: LedgerTransaction[]): Promise<{ created: number; existing: number }> {
  const docs = entryDocs(companyId, txs, ctx.now().toISOString());
  if (docs.length === 0) return { created: 0, existing: 0 };
  const db = ledgerDb(ctx, companyId);
  let created = 0;
  let existing = 0;
  for (let i = 0; i < docs.length; i += 2000) {
    const answers = (await db.bulk({ docs: docs.slice(i, i + 2000) })) as Array<{ id: string; error?: string; reason?: string }>;
    for (const a of answers) {
      if (!a.error) created++;
      else if (alreadyThere(a)) existing++;
      else throw new Error(`ledger: ${a.id} not written (${a.error}: ${a.reason})`);
    }
  }
  return { created, existing };
}

export const postTransaction = (ctx: ServerContext, companyId: string, tx: LedgerTransaction) =>
  postTransactions(ctx, companyId, [tx]);

/** A balance recomputed from the entries (the `_sum` view). */
export async function balanceOf(ctx: ServerContext, companyId: string, account: string): Promise<number> {
  const answer = await ledgerDb(ctx, companyId).view('balances', 'by_account', { key: account, reduce: true });
  return (answer.rows[0]?.value as number | undefined) ?? 0;
}

/** Every account's balance from the view, plus the sum of all entries (0 when the books balance). */
export async function allBalances(ctx: ServerContext, companyId: string): Promise<{ byAccount: Map<string, number>; total: number }> {
  const answer = await ledgerDb(ctx, companyId).view('balances', 'by_account', { reduce: true, group: true });
  const byAccount = new Map<string, number>();
  let total = 0;
  for (const row of answer.rows) {
    byAccount.set(row.key as string, row.value as number);
    total += row.value as number;
  }
  return { byAccount, total };
}

export type CacheOutcome = 'applied' | 'already' | 'insufficient';

/**
 * Applies one ledger amount to a cached balance (master account, card) under MVCC, keyed by `key`
 * (the entry id, or a batch key): a key already in `appliedEntries` is not applied again. A debit
 * that would take the balance below zero is refused ('insufficient') unless allowed.
 */
export async function applyToCachedBalance<T extends CachedBalance & { updatedAt?: string }>(
  ctx: ServerContext,
  db: nano.DocumentScope<T>,
  docId: string,
  key: string,
  deltaCents: number,
  keep: number,
  options: { allowNegative?: boolean; extra?: (doc: Stored<T>) => Partial<T> } = {},
): Promise<{ outcome: CacheOutcome; doc: Stored<T> }> {
  let outcome: CacheOutcome = 'applied';
  const doc = (await updateDoc(db, docId, (current) => {
    const applied = current.appliedEntries ?? [];
    if (applied.includes(key)) {
      outcome = 'already';
      return null;
    }
    const next = current.balanceCents + deltaCents;
    if (!Number.isSafeInteger(next)) throw new RangeError(`balance of ${docId} would not be exact`);
    if (next < 0 && !options.allowNegative) {
      outcome = 'insufficient';
      return null;
    }
    outcome = 'applied';
    return {
      ...current,
      ...(options.extra?.(current) ?? {}),
      balanceCents: next,
      appliedEntries: [...applied, key].slice(-keep),
      updatedAt: ctx.now().toISOString(),
    };
  }))!;
  return { outcome, doc };
}

