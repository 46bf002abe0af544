import type { ServerContext } from '../context';
import { companyDb, registerCompanyDatabase } from '../store/databases';
import type { LedgerEntryDoc } from './ledger.model';

/**
 * co_<cid>_ledger: append-only, enforced by the store (updates and deletions refused), with the
 * `balances/by_account` view (_sum) from which every balance can be recomputed.
 */
export const LEDGER_APPEND_ONLY_VALIDATION = `function (newDoc, oldDoc, userCtx, secObj) {
  if (newDoc._id.indexOf('_design/') === 0) return;
  if (oldDoc || newDoc._deleted) {
    throw({ forbidden: 'El libro mayor solo admite asientos nuevos.' });
  }
  if (newDoc.type !== 'entry' || typeof newDoc.amountCents !== 'number' || !newDoc.account || !newDoc.cause) {
    throw({ forbidden: 'Asiento incompleto.' });
  }
}`;

registerCompanyDatabase('ledger', {
  design: [
    { _id: '_design/append-only', validate_doc_update: LEDGER_APPEND_ONLY_VALIDATION },
    {
      _id: '_design/balances',
      views: {
        by_account: {
          map: "function (doc) { if (doc.type === 'entry') emit(doc.account, doc.amountCents); }",
          reduce: '_sum',
        },
      },
    },
  ],
});

export const ledgerDb = (ctx: ServerContext, companyId: string) => ctx.store.use<LedgerEntryDoc>(companyDb(companyId, 'ledger'));
