import { createHash } from 'node:crypto';
import { mapLimit } from '../common/map-limit';
import type { ServerContext } from '../context';
import { companyDatabaseSpecs } from '../store/databases';
import { ensureDatabases } from '../store/design';
import { checkOpenFiles } from '../store/open-files';
import { getStartUpPassMarker, listCompanies, putStartUpPassMarker } from './accounts.store';

/** A stand-in company id: the layout is the same for every company but for the names. */
const ANY_COMPANY = 'xlayout';
const PASS = 'company-layout';
interface LayoutMarker {
  digest: string;
  companies: number;
  completedAt: string;
}
/** companies completed at once: each is ten databases of a few store calls each */
const IN_FLIGHT = 4;

/** What every company's databases must hold with this code: their specs, design documents and indexes included. */
export function companyLayoutDigest(): string {
  return createHash('sha256').update(JSON.stringify(companyDatabaseSpecs(ANY_COMPANY))).digest('hex');
}

/**
 * At start: every company's databases are completed (created, design documents and Mango indexes
 * written) only when the code's layout differs from the one the last complete pass left — a new
 * feature's view, say. Otherwise there is nothing to do: a company created since was completed by its
 * creation, with this same layout. That pass costs about a tenth of a second per company, which with
 * thousands of companies would hold every start for minutes. The marker is written only after the
 * whole pass, so a start that crashes half way runs it again next time (every step is idempotent).
 *
 * Every company's views are queued for the index warmer either way (it reads only those big enough).
 */
export async function completeCompanyDatabases(ctx: ServerContext): Promise<{ companies: number; completed: boolean }> {
  const companies = await listCompanies(ctx);
  const digest = companyLayoutDigest();
  const marker = await getStartUpPassMarker<LayoutMarker>(ctx, PASS);
  const completed = marker?.digest !== digest;
  if (completed) {
    await mapLimit(companies, IN_FLIGHT, (company) => ensureDatabases(ctx.store, companyDatabaseSpecs(company.id)));
    await putStartUpPassMarker<LayoutMarker>(ctx, PASS, { digest, companies: companies.length, completedAt: ctx.now().toISOString() });
  }
  for (const company of companies) ctx.store.warmer.warm(companyDatabaseSpecs(company.id));
  if (ctx.store.kind === 'embedded') {
    const files = checkOpenFiles(companies.length);
    if (!files.enough) {
      ctx.log.warn(
        files,
        'the embedded store will need more open files than this process may hold: raise the limit (ulimit -n) or use Apache CouchDB (COUCHDB_URL)',
      );
    }
  }
  return { companies: companies.length, completed };
}
