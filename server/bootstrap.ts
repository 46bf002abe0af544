import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { loadConfig, type Config } from './config';
import type { ServerContext } from './context';
import { buildFeatures } from './feature-list';
import { createLogger, type Logger } from './logger';
import { companyDatabaseSpecs, globalDatabaseSpecs } from './store/databases';
import { ensureDatabases } from './store/design';
import { openStore } from './store/store';

export interface RunningServer {
  ctx: ServerContext;
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  log?: Logger;
  now?: () => Date;
}

/**
 * Starts everything in order: config, store, databases, features (seeding included), HTTP, then the
 * index warmer.
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config: Config = loadConfig(options.env ?? process.env);
  const log = options.log ?? createLogger(config.logLevel);
  for (const dir of [config.dataDir, config.outboxDir, config.uploadsDir]) fs.mkdirSync(dir, { recursive: true });

  const store = await openStore({ couchdbUrl: config.couchdbUrl, storeDir: config.storeDir, log });
  const ctx: ServerContext = { config, log, store, now: options.now ?? (() => new Date()) };
  await ensureDatabases(store, globalDatabaseSpecs());
  store.warmer.warm(globalDatabaseSpecs());
  const features = await buildFeatures(ctx);

  const app = createApp(ctx, features);
  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  log.info({ url, store: store.kind }, 'Conexión Empresas listening');
  // only now: views and indexes behind on documents written while the server was stopped are
  // brought up to date in the background, never before the server answers
  if (config.indexWarmer) store.warmer.start();
  features.listening?.();

  return {
    ctx,
    url,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await features.stop();
      await store.close();
    },
  };
}

/**
 * Creates (or completes) one company's databases; used when a company is created and at start.
 * Their views and indexes are then queued for the index warmer.
 */
export async function ensureCompanyDatabases(ctx: ServerContext, companyId: string): Promise<void> {
  const specs = companyDatabaseSpecs(companyId);
  await ensureDatabases(ctx.store, specs);
  ctx.store.warmer.warm(specs);
}
