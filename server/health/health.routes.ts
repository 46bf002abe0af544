import { Router } from 'express';
import { z } from 'zod';
import type { ServerContext } from '../context';
import { defineOperation, mountOperation } from '../openapi/registry';

export const getHealth = defineOperation({
  method: 'get',
  path: '/health',
  operationId: 'getHealth',
  summary: 'Estado del servidor y del almacenamiento',
  tag: 'meta',
  auth: 'none',
  success: {
    status: 200,
    description: 'El almacenamiento responde',
    schema: z.strictObject({ status: z.literal('ok'), store: z.enum(['embedded', 'couchdb']) }),
  },
  errors: [],
});

export function healthRoutes(ctx: ServerContext): Router {
  const router = Router();
  mountOperation(router, getHealth, async (_req, res, next) => {
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
