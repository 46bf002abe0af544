import { Router } from 'express';
import { z } from 'zod';
import { requireAuth, requireOperator, authOf, companyOf } from '../auth/auth.middleware';
import { requestOrigin } from '../audit/audit.service';
import type { ServerContext } from '../context';
import { parseBody, parseQuery } from '../http/validate';
import { defineOperation, mountOperation } from '../openapi/registry';
import { cardSummary } from './cards.routes';
import { searchCards } from './cards.store';
import { dispatchPlastics } from './plastics.service';

const PlasticsQuery = z.strictObject({
  q: z.string().trim().max(60).regex(/^[\p{L}\p{N} .'-]*$/u).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

const DispatchBody = z.strictObject({
  /** one per confirmation, made by the UI: a retry of the same batch changes nothing twice */
  batchId: z.uuid(),
  cardIds: z.array(z.string().regex(/^[0-9A-Za-z_-]{1,64}$/)).min(1).max(500),
});

export const plasticsAtBankOp = defineOperation({
  method: 'get',
  path: '/operator/companies/:companyId/plastics',
  operationId: 'listPlasticsAtBank',
  summary: 'Plásticos de la empresa que están en el banco, por enviar (solo operador)',
  tag: 'plastics', // the operator's screen, not an ERP operation: no API key
  auth: 'bearer',
  query: PlasticsQuery,
  success: {
    status: 200,
    description: 'Tarjetas cuyo plástico está en el banco (número enmascarado)',
    schema: z.looseObject({ items: z.array(z.looseObject({ cardId: z.string(), maskedPan: z.string() })), more: z.boolean() }),
  },
  errors: [400, 401, 403, 404],
});

export const dispatchPlasticsOp = defineOperation({
  method: 'post',
  path: '/operator/companies/:companyId/plastics/dispatch',
  operationId: 'dispatchPlastics',
  summary: 'El operador envía plásticos del banco a la empresa (en el banco → enviado a la empresa); resultado por tarjeta',
  tag: 'plastics', // the operator's screen, not an ERP operation: no API key
  auth: 'bearer',
  idempotency: 'own', // batchId: the same batch changes nothing twice
  body: DispatchBody,
  success: {
    status: 200,
    description: 'Resultado por tarjeta: aplicado, o rechazado con el motivo',
    schema: z.strictObject({
      results: z.array(
        z.strictObject({ cardId: z.string(), result: z.enum(['applied', 'rejected']), code: z.string().optional(), message: z.string().optional() }),
      ),
    }),
  },
  errors: [400, 401, 403, 404],
});

export function plasticsRouter(ctx: ServerContext): Router {
  const router = Router();
  mountOperation(router, plasticsAtBankOp, requireAuth(ctx), requireOperator(ctx), async (req, res) => {
    const query = parseQuery(PlasticsQuery, req);
    const page = await searchCards(ctx, companyOf(res), { q: query.q || undefined, plasticStatus: 'AT_BANK', limit: query.limit });
    res.json({ items: page.cards.map(cardSummary), more: page.next !== null });
  });
  mountOperation(router, dispatchPlasticsOp, requireAuth(ctx), requireOperator(ctx), async (req, res) => {
    const body = parseBody(DispatchBody, req);
    const results = await dispatchPlastics(
      ctx,
      { companyId: companyOf(res), batchId: body.batchId, cardIds: body.cardIds, operatorId: authOf(res).user.userId },
      requestOrigin(req),
    );
    res.json({ results });
  });
  return router;
}
