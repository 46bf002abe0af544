import { Router } from 'express';
import { z } from 'zod';
import { CARD_STATUSES, PLASTIC_STATUSES } from '../../src/domain/statuses';
import { requireAuth, requirePermission, companyOf } from '../auth/auth.middleware';
import { notFound } from '../common/domain-error';
import type { ServerContext } from '../context';
import { parseQuery } from '../http/validate';
import { defineOperation, mountOperation } from '../openapi/registry';
import { getCard } from './card-actions.service';
import type { CardDoc } from './cards.model';
import { searchCards } from './cards.store';

const CARD_ID = /^[0-9A-Za-z_-]{1,64}$/;

const CardSummary = z.strictObject({
  cardId: z.string(),
  productCode: z.string(),
  maskedPan: z.string().describe('como mucho los primeros 6 y los últimos 4 dígitos'),
  last4: z.string(),
  holder: z.strictObject({ idType: z.string(), idNumber: z.string(), firstName: z.string(), lastName: z.string() }),
  status: z.enum(CARD_STATUSES),
  plasticStatus: z.enum(PLASTIC_STATUSES),
  branchCode: z.string(),
  balanceCents: z.number().int(),
  updatedAt: z.string(),
});

const CardDetail = CardSummary.extend({
  rev: z.string(),
  holder: z.strictObject({
    idType: z.string(),
    idNumber: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    email: z.string().optional(),
    phone: z.string().optional(),
  }),
  issuedAt: z.string(),
  deliveredAt: z.string().nullable(),
  blockedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  receivedAtCompanyAt: z.string().nullable(),
  delivery: z.unknown().nullable(),
  replacement: z.unknown().nullable(),
  pinRequests: z.array(z.unknown()),
  history: z.array(z.unknown()),
});

const ListQuery = z.strictObject({
  q: z.string().trim().max(60).regex(/^[\p{L}\p{N} .'-]*$/u).optional(),
  status: z.enum(CARD_STATUSES).optional(),
  branch: z.string().regex(/^[A-Za-z0-9]{1,10}$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  bookmark: z.string().max(200).regex(/^[A-Za-z0-9_-]+$/).optional(),
});

export const listCardsOp = defineOperation({
  method: 'get',
  path: '/companies/:companyId/cards',
  operationId: 'listCards',
  summary: 'Buscar tarjetas de la empresa (cards.view): cédula, nombre, últimos 4, estado, sucursal; número enmascarado',
  tag: 'cards',
  auth: 'bearer',
  query: ListQuery,
  success: { status: 200, description: 'Una página de tarjetas', schema: z.strictObject({ items: z.array(CardSummary), bookmark: z.string().nullable() }) },
  errors: [400, 401, 403, 404],
});

export const getCardOp = defineOperation({
  method: 'get',
  path: '/companies/:companyId/cards/:cardId',
  operationId: 'getCard',
  summary: 'Detalle de una tarjeta con su historial (cards.view); número enmascarado',
  tag: 'cards',
  auth: 'bearer',
  success: { status: 200, description: 'La tarjeta', schema: CardDetail },
  errors: [401, 403, 404],
});

/** Only these fields leave the server: a new field on the card is not shown until listed here. */
export function cardSummary(c: CardDoc): z.infer<typeof CardSummary> {
  return {
    cardId: c.cardId,
    productCode: c.productCode,
    maskedPan: c.maskedPan,
    last4: c.last4,
    holder: { idType: c.holder.idType, idNumber: c.holder.idNumber, firstName: c.holder.firstName, lastName: c.holder.lastName },
    status: c.status,
    plasticStatus: c.plasticStatus,
    branchCode: c.branchCode,
    balanceCents: c.balanceCents,
    updatedAt: c.updatedAt,
  };
}

export function cardDetail(c: CardDoc & { _rev: string }): z.infer<typeof CardDetail> {
  return {
    ...cardSummary(c),
    rev: c._rev,
    holder: {
      idType: c.holder.idType,
      idNumber: c.holder.idNumber,
      firstName: c.holder.firstName,
      lastName: c.holder.lastName,
      ...(c.holder.email ? { email: c.holder.email } : {}),
      ...(c.holder.phone ? { phone: c.holder.phone } : {}),
    },
    issuedAt: c.issuedAt,
    deliveredAt: c.deliveredAt,
    blockedAt: c.blockedAt ?? null,
    cancelledAt: c.cancelledAt ?? null,
    receivedAtCompanyAt: c.receivedAtCompanyAt ?? null,
    delivery: c.delivery ?? null,
    replacement: c.replacement ?? null,
    pinRequests: c.pinRequests ?? [],
    history: [...(c.history ?? [])].reverse(),
  };
}

const b64 = {
  enc: (s: string) => Buffer.from(s, 'utf8').toString('base64url'),
  dec: (s: string) => Buffer.from(s, 'base64url').toString('utf8'),
};

export function cardsRouter(ctx: ServerContext): Router {
  const router = Router();
  mountOperation(router, listCardsOp, requireAuth(ctx), requirePermission(ctx, 'companyId', 'cards.view'), async (req, res) => {
    const query = parseQuery(ListQuery, req);
    const after = query.bookmark ? b64.dec(query.bookmark) : undefined;
    if (after !== undefined && !/^card:[0-9A-Za-z_-]{1,64}$/.test(after)) throw notFound('Página no encontrada.', 'BAD_BOOKMARK');
    const page = await searchCards(ctx, companyOf(res), { q: query.q || undefined, status: query.status, branch: query.branch, limit: query.limit, after });
    res.json({ items: page.cards.map(cardSummary), bookmark: page.next ? b64.enc(page.next) : null });
  });
  mountOperation(router, getCardOp, requireAuth(ctx), requirePermission(ctx, 'companyId', 'cards.view'), async (req, res) => {
    const cardId = String(req.params.cardId);
    const card = CARD_ID.test(cardId) ? await getCard(ctx, companyOf(res), cardId) : null;
    if (!card || card.type !== 'card') throw notFound('Tarjeta no encontrada.', 'CARD_NOT_FOUND');
    res.json(cardDetail(card));
  });
  return router;
}
