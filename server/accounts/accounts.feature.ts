import type { FeatureFactory } from '../features';
import { branchesRouter } from './branches.routes';
import { companiesRouter } from './companies.routes';
import { completeCompanyDatabases } from './company-layout';
import { productsRouter } from './products.routes';
import { usersRouter } from './users.routes';

/**
 * At start, every existing company's databases are completed when a feature added a design document
 * or index since the last start (company-layout.ts). Then the users, products, companies and branches routes.
 */
export const accountsFeature: FeatureFactory = async (ctx) => {
  const layout = await completeCompanyDatabases(ctx);
  if (layout.completed) ctx.log.info(layout, 'every company\'s databases completed to this version\'s layout');
  return {
    routes: [
      { path: '/', router: usersRouter(ctx) },
      { path: '/', router: productsRouter(ctx) },
      { path: '/', router: companiesRouter(ctx) },
      { path: '/', router: branchesRouter(ctx) },
    ],
  };
};
