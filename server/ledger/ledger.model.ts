/**
 * The double-entry ledger (docs/lots-design.md "Ledger"), in co_<cid>_ledger, append-only.
 *
 * Accounts: `master:<productCode>` · `card:<cardId>` · `fees:<productCode>` (program income) ·
 * `tax:<productCode>` (tax payable) · `clearing:<orderId>` (paid, not yet loaded onto cards) ·
 * `external:funding` (money from outside: funding, operator-recorded payments, opening balances).
 *
 * A transaction is a set of legs summing to zero; each leg is one document `entry:<cause>:<leg>`
 * whose id derives from its cause, so a replay creates nothing twice (DESIGN.md 1).
 */
export interface LedgerEntryDoc {
  _id: string;
  _rev?: string;
  type: 'entry';
  /** the transaction: every leg of one transaction shares it */
  cause: string;
  leg: string;
  account: string;
  /** signed: + credit to the account's balance, − debit */
  amountCents: number;
  companyId: string;
  at: string;
}

export interface LedgerLeg {
  leg: string;
  account: string;
  amountCents: number;
}

export interface LedgerTransaction {
  /** e.g. `order:<orderId>`, `lot:<lotId>:<line>`, `opening:<productCode>` */
  cause: string;
  legs: LedgerLeg[];
}

export const entryDocId = (cause: string, leg: string) => `entry:${cause}:${leg}`;

export const ledgerAccount = {
  master: (productCode: string) => `master:${productCode}`,
  card: (cardId: string) => `card:${cardId}`,
  fees: (productCode: string) => `fees:${productCode}`,
  tax: (productCode: string) => `tax:${productCode}`,
  clearing: (orderId: string) => `clearing:${orderId}`,
  externalFunding: 'external:funding',
} as const;

/**
 * What a document holding a cached balance (master account, card) carries: the ids of the ledger
 * entries (or batch keys) already applied to `balanceCents`, newest last, trimmed. A replay that
 * finds its key here does not apply twice.
 */
export interface CachedBalance {
  balanceCents: number;
  appliedEntries?: string[];
}

/** How many applied keys a cached balance keeps (replays happen within a lease, long before trimming). */
export const APPLIED_KEEP = { card: 50, account: 2000 } as const;
