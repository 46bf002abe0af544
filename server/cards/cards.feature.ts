import * as accounts from '../accounts/accounts.store';
import type { ServerContext } from '../context';
import type { FeatureFactory } from '../features';
import { cardsRouter } from './cards.routes';
import { cardsWithPinLotPending } from './cards.store';
import { ensurePinLots } from './pin-lot';
import { plasticsRouter } from './plastics.routes';

/** At start: PIN requests whose REP lot a crash left uncreated get it now (DESIGN.md 3). */
export async function resumePinLots(ctx: ServerContext): Promise<void> {
  for (const company of await accounts.listCompanies(ctx)) {
    const companyId = (company as { id: string }).id;
    for (const card of await cardsWithPinLotPending(ctx, companyId)) await ensurePinLots(ctx, companyId, card);
  }
}

export const cardsFeature: FeatureFactory = (ctx) => {
  const resumed = resumePinLots(ctx).catch((err) => ctx.log.error({ err: String(err) }, 'cards: resuming PIN lots failed'));
  return {
    routes: [
      { path: '/', router: cardsRouter(ctx) },
      { path: '/', router: plasticsRouter(ctx) },
    ],
    stop: async () => {
      await resumed;
    },
  };
};
