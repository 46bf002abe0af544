import type { ServerContext } from '../context';
import type { CardDoc } from '../cards/cards.model';
import { companyDb, registerCompanyDatabase } from '../store/databases';
import { getOrNull, updateDoc, type Stored } from '../store/documents';
import type { MasterAccountState, TransferDoc } from './transfers.model';

registerCompanyDatabase('transfers', {
  indexes: [
    { name: 'transfers-by-product-time', fields: ['type', 'productCode', 'createdAt'] },
    { name: 'transfers-by-status', fields: ['type', 'status', 'claimedAt'] },
  ],
});

/**
 * The master account statement: every ledger entry of an account in time order, with `_sum` so the
 * balance after any entry is one reduce query (added next to `balances/by_account`, not changing it).
 */
registerCompanyDatabase('ledger', {
  design: [
    {
      _id: '_design/statement',
      views: {
        by_account_time: {
          map: "function (doc) { if (doc.type === 'entry') emit([doc.account, doc.at, doc._id], doc.amountCents); }",
          reduce: '_sum',
        },
      },
    },
  ],
});

export const transfersDb = (ctx: ServerContext, companyId: string) => ctx.store.use<TransferDoc>(companyDb(companyId, 'transfers'));
export const accountsDb = (ctx: ServerContext, companyId: string) => ctx.store.use<MasterAccountState>(companyDb(companyId, 'accounts'));
export const cardsDb = (ctx: ServerContext, companyId: string) => ctx.store.use<CardDoc>(companyDb(companyId, 'cards'));

export const getTransfer = (ctx: ServerContext, companyId: string, docId: string) => getOrNull(transfersDb(ctx, companyId), docId);

export const updateTransfer = (ctx: ServerContext, companyId: string, docId: string, change: (t: Stored<TransferDoc>) => Stored<TransferDoc> | null) =>
  updateDoc(transfersDb(ctx, companyId), docId, change) as Promise<Stored<TransferDoc>>;

export async function getCards(ctx: ServerContext, companyId: string, cardIds: string[]): Promise<Map<string, Stored<CardDoc>>> {
  const answer = await cardsDb(ctx, companyId).fetch({ keys: cardIds.map((id) => `card:${id}`) });
  const found = new Map<string, Stored<CardDoc>>();
  for (const row of answer.rows) {
    const doc = (row as { doc?: Stored<CardDoc> | null }).doc;
    if (doc && doc.type === 'card') found.set(doc.cardId, doc);
  }
  return found;
}

/** Transfers left PENDING whose worker's lease ran out (a crash): the resume sweep finishes them. */
export async function staleTransfers(ctx: ServerContext, companyId: string, claimedBefore: string): Promise<Stored<TransferDoc>[]> {
  const answer = await transfersDb(ctx, companyId).find({
    selector: { type: 'transfer', status: 'PENDING', claimedAt: { $lt: claimedBefore } },
    limit: 200,
  });
  return answer.docs as Stored<TransferDoc>[];
}

export async function listTransfers(ctx: ServerContext, companyId: string, productCode: string, limit: number): Promise<Stored<TransferDoc>[]> {
  const answer = await transfersDb(ctx, companyId).find({
    selector: { type: 'transfer', productCode, createdAt: { $gt: '' } },
    sort: [{ type: 'desc' }, { productCode: 'desc' }, { createdAt: 'desc' }],
    limit,
  });
  return answer.docs as Stored<TransferDoc>[];
}
