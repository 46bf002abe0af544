import { ensureCompanyDatabases } from '../bootstrap';
import type { FeatureFactory } from '../features';
import { listCompanies } from './accounts.store';
import { branchesRouter } from './branches.routes';
import { companiesRouter } from './companies.routes';
import { productsRouter } from './products.routes';
import { usersRouter } from './users.routes';

/**
 * At start, every existing company's databases are completed (a feature may have added a design
 * document or index since the company was created). Then the users, products, companies and branches routes.
 */
export const accountsFeature: FeatureFactory = async (ctx) => {
  for (const company of await listCompanies(ctx)) await ensureCompanyDatabases(ctx, company.id);
  return {
    routes: [
      { path: '/', router: usersRouter(ctx) },
      { path: '/', router: productsRouter(ctx) },
      { path: '/', router: companiesRouter(ctx) },
      { path: '/', router: branchesRouter(ctx) },
    ],
  };
};
