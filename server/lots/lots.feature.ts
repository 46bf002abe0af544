import { listCompanies } from '../accounts/accounts.store';
import type { FeatureFactory } from '../features';
import { backfillHolderPointers } from '../processing/cards-access';
import { validationQueueOf } from './lot-queue';
import { lotsRouter } from './lots.routes';

/**
 * Lots (PRODUCT.md chapter 3): upload and validation, the tray, lot detail and exports, layout
 * downloads. At start, lots left VALIDATING by a crash are validated again from their files.
 */
export const lotsFeature: FeatureFactory = async (ctx) => {
  // every card findable by its holder's pointer (server/processing/cards-access.ts), before any validation
  for (const company of await listCompanies(ctx)) {
    const created = await backfillHolderPointers(ctx, company.id);
    if (created > 0) ctx.log.info({ companyId: company.id, pointers: created }, 'holder pointers written for cards without one');
  }
  const queue = validationQueueOf(ctx);
  const resumed = await queue.resumeAll();
  if (resumed > 0) ctx.log.info({ lots: resumed }, 'resuming validation of lots left VALIDATING');
  return { routes: [{ path: '/', router: lotsRouter(ctx) }], stop: () => queue.stop() };
};
