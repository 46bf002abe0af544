import { Router } from 'express';
import type { ServerContext } from '../context';

export function healthRoutes(ctx: ServerContext): Router {
  const router = Router();
  router.get('/health', async (_req, res, next) => {
    try {
      await ctx.store.client.info();
      res.json({ status: 'ok', store: ctx.store.kind });
    } catch (err) {
      ctx.log.warn({ err }, 'health: store not answering');
      res.status(503).json({ error: { code: 'STORE_UNAVAILABLE', message: 'El almacenamiento no responde.' } });
      void next;
    }
  });
  return router;
}
