import express from 'express';
import { rateLimit } from 'express-rate-limit';
import { randomUUID } from 'node:crypto';
import type { ServerContext } from './context';
import { responseCompression } from './http/compression';
import { errorBody, errorHandler, notFoundHandler } from './http/error-handler';
import { corsPolicy, securityHeaders } from './http/security';
import { staticFiles } from './http/static-files';
import { healthRoutes } from './health/health.routes';
import type { Features } from './features';

/**
 * The HTTP application: security and parsing in front, each feature's routes under /api/v1,
 * the PWA behind. Routes parse and authorize; services decide; stores talk to CouchDB.
 */
export function createApp(ctx: ServerContext, features: Features): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    const id = randomUUID();
    res.setHeader('X-Request-Id', id);
    res.on('finish', () => {
      // Only the path is logged, never the query string, which could carry a token.
      ctx.log.info(
        {
          reqId: id,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'request',
      );
    });
    next();
  });
  app.use(securityHeaders(ctx.config));
  app.use(responseCompression());

  const api = express.Router();
  api.use(corsPolicy(ctx.config));
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.use(
    rateLimit({
      windowMs: 60_000,
      limit: ctx.config.apiRatePerMinute,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, res) =>
        res.status(429).json(errorBody('RATE_LIMITED', 'Demasiadas solicitudes. Intente de nuevo en un momento.')),
    }),
  );
  // /sync/ (CouchDB replication, server/sync) parses its own bodies: pushes carry signatures > 64 kB.
  const json = express.json({ limit: '64kb', strict: true, type: ['application/json', 'application/*+json'] });
  api.use((req, res, next) => (req.path.startsWith('/sync/') ? next() : json(req, res, next)));
  api.use(healthRoutes(ctx));
  for (const mount of features.routes) api.use(mount.path, mount.router);
  api.use(notFoundHandler);

  app.use('/api/v1', api);
  app.use(staticFiles(ctx.config.staticDir));
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.log));
  return app;
}
