import { listCompanies } from '../accounts/accounts.store';
import type { ServerContext } from '../context';
import type { FeatureFactory } from '../features';
import { TRANSFER_LEASE_MS } from './transfers.model';
import { masterAccountRouter, transfersRouter } from './transfers.routes';
import { resumeTransfer } from './transfers.service';
import { staleTransfers } from './transfers.store';

/**
 * Resume sweep (DESIGN.md 3): at start and then every 15 s, every transfer left PENDING past its
 * lease (its worker crashed) is claimed under MVCC and finished from its keyed steps. Safe with
 * several instances: one claim wins, and a re-run step finds its key.
 */
export async function resumeStaleTransfers(ctx: ServerContext): Promise<number> {
  let resumed = 0;
  const before = new Date(ctx.now().getTime() - TRANSFER_LEASE_MS).toISOString();
  for (const company of await listCompanies(ctx)) {
    for (const t of await staleTransfers(ctx, company.id, before)) {
      try {
        if (await resumeTransfer(ctx, company.id, t)) resumed++;
      } catch (err) {
        ctx.log.error({ err, transferId: t.id, companyId: company.id }, 'transfer resume failed; retried on the next sweep');
      }
    }
  }
  return resumed;
}

export const transfersFeature: FeatureFactory = async (ctx) => {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    running = resumeStaleTransfers(ctx).catch((err) => ctx.log.error({ err }, 'transfer resume sweep failed'));
  };
  sweep();
  const timer = setInterval(() => {
    if (!stopped) sweep();
  }, 15_000);
  timer.unref();
  return {
    routes: [
      { path: '/', router: masterAccountRouter(ctx) },
      { path: '/', router: transfersRouter(ctx) },
    ],
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
};
