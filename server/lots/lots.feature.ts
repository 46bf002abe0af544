import { getStartUpPassMarker, listCompanies, putStartUpPassMarker } from '../accounts/accounts.store';
import type { FeatureFactory } from '../features';
import { backfillHolderPointers } from '../processing/cards-access';
import { validationQueueOf } from './lot-queue';
import { lotsRouter } from './lots.routes';

/**
 * Lots (PRODUCT.md chapter 3): upload and validation, the tray, lot detail and exports, layout
 * downloads. Once the server listens, lots left VALIDATING by a crash are validated again from their
 * files (they simply stay VALIDATING a moment longer; reading every company's lots first would hold
 * a start with thousands of companies).
 */
export const lotsFeature: FeatureFactory = async (ctx) => {
  await backfillEveryCompany(ctx);
  const queue = validationQueueOf(ctx);
  return {
    routes: [{ path: '/', router: lotsRouter(ctx) }],
    listening: () => {
      queue
        .resumeAll()
        .then((resumed) => resumed > 0 && ctx.log.info({ lots: resumed }, 'resuming validation of lots left VALIDATING'))
        .catch((err) => ctx.log.error({ err }, 'lots left VALIDATING not resumed; the next start tries again'));
    },
    stop: () => queue.stop(),
  };
};

const BACKFILL_PASS = 'holder-pointers-backfill';

/**
 * Every card findable by its holder's pointer (server/processing/cards-access.ts) before any
 * validation. Only stores older than the holders database need it, once: a company created since has
 * a pointer for each card from the start, so after one complete pass the start skips it.
 */
async function backfillEveryCompany(ctx: Parameters<FeatureFactory>[0]): Promise<void> {
  if (await getStartUpPassMarker(ctx, BACKFILL_PASS)) return;
  const companies = await listCompanies(ctx);
  for (const company of companies) {
    const created = await backfillHolderPointers(ctx, company.id);
    if (created > 0) ctx.log.info({ companyId: company.id, pointers: created }, 'holder pointers written for cards without one');
  }
  await putStartUpPassMarker(ctx, BACKFILL_PASS, { companies: companies.length, completedAt: ctx.now().toISOString() });
}
