import type { FeatureFactory } from '../features';
import { onLotProcessed } from '../processing/lot-processed';
import { warmRollups } from '../store/view-rollup';
import { reportsRouter } from './reports.routes';
import { catchUpReportRollups, reportRollupTargets } from './reports.store';

/**
 * Once the server listens, the reduction rollups of the biggest databases are read in the background
 * (reports.store.ts `reportRollupTargets`); on shutdown they stop and finish their snapshot writes.
 */
export const reportsFeature: FeatureFactory = (ctx) => {
  const rollups = warmRollups(ctx.store, ctx.log, () => reportRollupTargets(ctx));
  // after a processed lot the company's rollups catch up at once, in the background, so the first
  // report after a big lot finds them current (reports-rollup-lot.spec.ts)
  let stopped = false;
  const catchingUp = new Set<Promise<void>>();
  const unlisten = onLotProcessed(ctx, (companyId) => {
    if (stopped) return;
    const run = catchUpReportRollups(ctx, companyId, () => stopped).finally(() => catchingUp.delete(run));
    catchingUp.add(run);
  });
  return {
    routes: [{ path: '/', router: reportsRouter(ctx) }],
    listening: () => rollups.start(),
    stop: async () => {
      stopped = true;
      unlisten();
      await rollups.stop(); // stops the rollups: a catch-up in flight ends (5 s at most)
      await Promise.all(catchingUp);
    },
  };
};
