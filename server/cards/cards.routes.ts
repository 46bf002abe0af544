import { Router } from 'express';
import { z } from 'zod';
import { LOT_ID_PATTERN, ORDER_ID_PATTERN } from '../../src/domain/cards';
import { CARD_STATUSES, PLASTIC_STATUSES } from '../../src/domain/statuses';
import { requireAuth, requirePermission, companyOf } from '../auth/auth.middleware';
import { notFound } from '../common/domain-error';
import type { ServerContext } from '../context';
import { parseQuery } from '../http/validate';
import { defineOperation, mountOperation } from '../openapi/registry';
import { getCard } from './card-actions.service';
import { CURSOR_PATTERN } from './card-cursor';
import type { StoredCardDoc } from './cards.model';
import { cardLedgerEntries, cardRequests, searchCards } from './cards.store';

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
  lotId: z.string().nullable(),
  orderId: z.string().nullable(),
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
  sentToCompanyAt: z.string().nullable(),
  receivedAtCompanyAt: z.string().nullable(),
  delivery: z.unknown().nullable(),
  replacement: z.unknown().nullable(),
  pinRequests: z.array(z.unknown()),
  history: z.array(z.unknown()),
});

const ListQuery = z.strictObject({
  q: z.string().trim().max(60).regex(/^[\p{L}\p{N} .'-]*$/u).optional(),
  status: z.enum(CARD_STATUSES).optional(),
  plastic: z.enum(PLASTIC_STATUSES).optional(),
  branch: z.string().regex(/^[A-Za-z0-9]{1,10}$/).optional(),
  lotId: z.string().regex(LOT_ID_PATTERN).optional(),
  orderId: z.string().regex(ORDER_ID_PATTERN).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  bookmark: z.string().regex(CURSOR_PATTERN).optional(),
});

export const listCardsOp = defineOperation({
  method: 'get',
  path: '/companies/:companyId/cards',
  operationId: 'listCards',
  summary: 'Buscar tarjetas de la empresa (cards.view): cédula, nombre, últimos 4, lote, orden, estado, plástico, sucursal; número enmascarado',
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
export function cardSummary(c: StoredCardDoc): z.infer<typeof CardSummary> {
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
    lotId: c.lotId ?? null,
    orderId: c.orderId ?? null,
    updatedAt: c.updatedAt,
  };
}

export function cardDetail(c: StoredCardDoc & { _rev: string }): z.infer<typeof CardDetail> {
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
    sentToCompanyAt: c.sentToCompanyAt ?? null,
    receivedAtCompanyAt: c.receivedAtCompanyAt ?? null,
    delivery: c.delivery ?? null,
    replacement: c.replacement ?? null,
    pinRequests: c.pinRequests ?? [],
    history: [...(c.history ?? [])].reverse(),
  };
}

export const cardHistoryOp = defineOperation({
  method: 'get',
  path: '/companies/:companyId/cards/:cardId/history',
  operationId: 'getCardHistory',
  summary: 'Historial de una tarjeta (cards.view): movimientos del libro mayor y solicitudes de todos los usuarios',
  tag: 'cards',
  auth: 'bearer',
  success: {
    status: 200,
    description: 'Movimientos (más recientes primero) y solicitudes',
    schema: z.strictObject({
      ledger: z.strictObject({
        entries: z.array(z.strictObject({ id: z.string(), at: z.string(), cause: z.string(), leg: z.string(), amountCents: z.number().int() })),
        total: z.number().int(),
        balanceCents: z.number().int(),
      }),
      requests: z.array(
        z.strictObject({
          id: z.string(),
          kind: z.string(),
          status: z.string(),
          userId: z.string(),
          createdAt: z.string(),
          appliedAt: z.string().nullable(),
          outcome: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
        }),
      ),
    }),
  },
  errors: [401, 403, 404],
});

export function cardsRouter(ctx: ServerContext): Router {
  const router = Router();
  mountOperation(router, listCardsOp, requireAuth(ctx), requirePermission(ctx, 'companyId', 'cards.view'), async (req, res) => {
    const query = parseQuery(ListQuery, req);
    const page = await searchCards(ctx, companyOf(res), {
      q: query.q || undefined,
      status: query.status,
      plasticStatus: query.plastic,
      branch: query.branch,
      lotId: query.lotId,
      orderId: query.orderId,
      limit: query.limit,
      // opaque: the search's own cursor (server/cards/card-cursor.ts), checked against this search there
      after: query.bookmark,
    });
    res.json({ items: page.cards.map(cardSummary), bookmark: page.next });
  });
  mountOperation(router, getCardOp, requireAuth(ctx), requirePermission(ctx, 'companyId', 'cards.view'), async (req, res) => {
    const card = await requireCard(ctx, companyOf(res), String(req.params.cardId));
    res.json(cardDetail(card));
  });
  mountOperation(router, cardHistoryOp, requireAuth(ctx), requirePermission(ctx, 'companyId', 'cards.view'), async (req, res) => {
    const companyId = companyOf(res);
    const card = await requireCard(ctx, companyId, String(req.params.cardId));
    const [ledger, requests] = await Promise.all([cardLedgerEntries(ctx, companyId, card.cardId, 500), cardRequests(ctx, companyId, card.cardId, 200)]);
    res.json({
      ledger: { ...ledger, entries: ledger.entries.map((e) => ({ id: e._id, at: e.at, cause: e.cause, leg: e.leg, amountCents: e.amountCents })) },
      requests,
    });
  });
  return router;
}

async function requireCard(ctx: ServerContext, companyId: string, cardId: string) {
  const card = CARD_ID.test(cardId) ? await getCard(ctx, companyId, cardId) : null;
  if (!card || card.type !== 'card') throw notFound('Tarjeta no encontrada.', 'CARD_NOT_FOUND');
  return card;
}
