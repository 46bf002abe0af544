import type { ServerContext } from './context';
import type { Features, FeatureFactory } from './features';
import { accountsFeature } from './accounts/accounts.feature';
import { apiKeysFeature } from './api-keys/api-keys.routes';
import { idempotencyFeature } from './idempotency/idempotency.feature';
import { authFeature } from './auth/auth.routes';
import { cardsFeature } from './cards/cards.feature';
import { demoFeature } from './demo/demo.feature';
import { lotsFeature } from './lots/lots.feature';
import { oneTimeCodesFeature } from './one-time-codes/one-time-codes.routes';
import { openApiFeature } from './openapi/openapi.routes';
import { ordersFeature } from './orders/orders.routes';
import { processingFeature } from './processing/processing.feature';
import { reportsFeature } from './reports/reports.feature';
import { requestsFeature } from './requests/requests.feature';
import { syncFeature } from './sync/sync.feature';
import { transfersFeature } from './transfers/transfers.feature';
import { mountedFeatureRoutes } from './openapi/registry';

/** The features of the server, in the order their start-up work must run. */
const FEATURES: FeatureFactory[] = [
  accountsFeature, // completes every company's databases
  demoFeature, // seeds an empty store
  authFeature,
  lotsFeature, // resumes lots left VALIDATING
  oneTimeCodesFeature,
  ordersFeature,
  processingFeature, // resumes paid lots left PROCESSING and order steps a crash left half done
  cardsFeature,
  syncFeature,
  requestsFeature, // resumes offline requests left pending (claims with a lease)
  apiKeysFeature, // ERP API keys (the auth middleware accepts them on lots, orders, cards)
  idempotencyFeature, // purges Idempotency-Key records older than 24 h
  reportsFeature,
  transfersFeature, // master account and master transfers; resumes transfers a crash left unfinished
  // ...features of later issues go here...
  openApiFeature, // last: documents every route above
];

export async function buildFeatures(ctx: ServerContext): Promise<Features> {
  const built: Partial<Features>[] = [];
  for (const factory of FEATURES) built.push(await factory(ctx));
  const routes = built.flatMap((f) => f.routes ?? []);
  mountedFeatureRoutes.set(ctx, routes);
  return {
    routes,
    listening: () => {
      for (const f of built) f.listening?.();
    },
    stop: async () => {
      for (const f of built.reverse()) await f.stop?.();
    },
  };
}
