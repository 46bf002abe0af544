import fs from 'node:fs';
import { loadConfig } from '../config';
import type { ServerContext } from '../context';
import '../feature-list'; // every feature's database declarations
import { createLogger } from '../logger';
import { globalDatabaseSpecs } from '../store/databases';
import { ensureDatabases } from '../store/design';
import { openStore } from '../store/store';
import { demoTable, seedDemo } from './seed';

/**
 * `npm run demo:reset`: deletes every ce_* and co_* database and re-creates the demo.
 * With the embedded store, stop the server first (the store's files are held by one process).
 */
async function main() {
  const config = loadConfig(process.env);
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  for (const dir of [config.dataDir, config.outboxDir, config.uploadsDir]) fs.mkdirSync(dir, { recursive: true });
  const store = await openStore({ couchdbUrl: config.couchdbUrl, storeDir: config.storeDir, log });
  const ctx: ServerContext = { config, log, store, now: () => new Date() };
  try {
    await resetDemo(ctx);
    process.stdout.write(demoTable(ctx) + '\n');
  } finally {
    await store.close();
  }
}

export async function resetDemo(ctx: ServerContext): Promise<void> {
  const names = (await ctx.store.client.db.list()).filter((n) => /^(ce|co)_/.test(n));
  for (const name of names) await ctx.store.client.db.destroy(name);
  await ensureDatabases(ctx.store, globalDatabaseSpecs());
  await seedDemo(ctx);
}

if (require.main === module) {
  main().catch((err) => {
    // eslint-disable-next-line no-console
    console.error('No se pudo reiniciar la demostración:', err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
