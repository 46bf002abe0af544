import type { ServerContext } from '../context';
import { entryDocId, ledgerAccount, type LedgerTransaction } from './ledger.model';
import { postTransactions } from './ledger.service';

/**
 * Opening balances of master accounts (the demo seed): `entry:opening:<product>:master` +X and
 * `entry:opening:<product>:external` −X. Idempotent (deterministic ids); zero balances book nothing.
 */
export function openingTransaction(productCode: string, cents: number): LedgerTransaction {
  return {
    cause: `opening:${productCode}`,
    legs: [
      { leg: 'master', account: ledgerAccount.master(productCode), amountCents: cents },
      { leg: 'external', account: ledgerAccount.externalFunding, amountCents: -cents },
    ],
  };
}

export async function postOpeningBalances(ctx: ServerContext, companyId: string, balances: Record<string, number>): Promise<void> {
  await postTransactions(
    ctx,
    companyId,
    Object.entries(balances).map(([product, cents]) => openingTransaction(product, cents)),
  );
}

/** The cache fields of a master account created with its opening balance already applied. */
export function openingApplied(productCode: string, cents: number): { appliedEntries: string[] } {
  return { appliedEntries: cents === 0 ? [] : [entryDocId(`opening:${productCode}`, 'master')] };
}
