import { Router, type Request } from 'express';
import { z } from 'zod';
import { requestOrigin } from '../audit/audit.service';
import { authOf, companyOf, requireAuth, requirePermission } from '../auth/auth.middleware';
import { notFound } from '../common/domain-error';
import type { ServerContext } from '../context';
import { parseBody, parseQuery } from '../http/validate';
import { defineOperation, mountOperation } from '../openapi/registry';
import { CURSOR_PATTERN } from '../cards/card-cursor';
import {
  FundingBodySchema,
  PRODUCT_CODE,
  TransferBodySchema,
  TransferPreviewBodySchema,
} from '../../src/domain/transfers/transfer.model';
import { CardReassignBodySchema } from '../../src/domain/cards/card-reassign';
import { reassignCard } from '../cards/card-reassign.service';
import { fundMasterAccount, masterAccountView, setCardsBlocked, statementOf, transferCards } from './master-account.service';
import { transferDocId } from './transfers.model';
import { answerOf, checkIdempotencyKey, executeTransfer, previewTransferOf, type Outcome } from './transfers.service';
import { getTransfer, listTransfers } from './transfers.store';

const Money = z.number().int();
const Refusal = z.looseObject({ code: z.string(), message: z.string(), line: z.number().int().optional() });
const TransferAnswerSchema = z.looseObject({
  id: z.string(),
  kind: z.enum(['credit', 'debit', 'funding']),
  productCode: z.string(),
  status: z.enum(['PENDING', 'COMPLETED', 'REFUSED']),
  amountCents: Money,
  feeCents: Money,
  lines: z.array(z.looseObject({ cardId: z.string(), maskedPan: z.string(), holderName: z.string(), amountCents: Money, status: z.string() })),
  master: z.object({ beforeCents: Money.nullable(), afterCents: Money.nullable() }),
  refusal: Refusal.optional(),
  createdBy: z.string(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
const Usage = z.object({ dayAmountCents: Money, dayCount: z.number().int(), weekAmountCents: Money, weekCount: z.number().int() });
const IdempotencyHeader = 'Idempotency-Key (obligatorio): la misma clave con el mismo cuerpo devuelve la primera respuesta; con otro cuerpo, 409.';

const ProductParam = (req: Request) => {
  const code = String(req.params.productCode ?? '');
  if (!PRODUCT_CODE.test(code)) throw notFound('Producto no encontrado.', 'PRODUCT_NOT_FOUND');
  return code;
};

export const getMasterAccountOp = defineOperation({
  method: 'get',
  path: '/companies/:companyId/master-accounts/:productCode',
  operationId: 'getMasterAccount',
  summary: 'Cuenta maestra del producto: saldo según el libro mayor, disponible, límites y uso del día y la semana, cuentas de fondeo',
  tag: 'transfers',
  auth: 'bearer',
  success: {
    status: 200,
    description: 'Cuenta maestra',
    schema: z.looseObject({ productCode: z.string(), balanceCents: Money, availableCents: Money, asOf: z.string(), settings: z.unknown(), usage: Usage, fundingAccounts: z.array(z.unknown()) }),
  },
  errors: [401, 403, 404, 409],
});

const StatementQuery = z.strictObject({
  before: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const getStatementOp = defineOperation({
  method: 'get',
  path: '/companies/:companyId/master-accounts/:productCode/statement',
  operationId: 'getMasterAccountStatement',
  summary: 'Estado de cuenta de la cuenta maestra: cada asiento del libro mayor, del más reciente al más antiguo, con el saldo después de cada uno',
  tag: 'transfers',
  auth: 'bearer',
  query: StatementQuery,
  success: {
    status: 200,
    description: 'Página del estado de cuenta',
    schema: z.object({
      productCode: z.string(),
      entries: z.array(z.object({ id: z.string(), at: z.string(), cause: z.string(), description: z.string(), amountCents: Money, balanceAfterCents: Money })),
      next: z.string().nullable(),
    }),
  },
  errors: [400, 401, 403, 404, 409],
});

export const fundMasterAccountOp = defineOperation({
  method: 'post',
  path: '/companies/:companyId/master-accounts/:productCode/fundings',
  operationId: 'fundMasterAccount',
  idempotency: 'own', // the transfer's own document carries the key (server/transfers/transfers.model.ts)
  summary: `Fondear la cuenta maestra desde la cuenta de fondeo registrada (contraseña y código de un solo uso). ${IdempotencyHeader}`,
  tag: 'transfers',
  auth: 'bearer',
  body: FundingBodySchema,
  success: { status: 201, description: 'Fondeo hecho (o la primera respuesta de esta clave)', schema: TransferAnswerSchema },
  errors: [400, 401, 403, 404, 409, 423],
});

export const previewTransferOp = defineOperation({
  method: 'post',
  path: '/companies/:companyId/transfers/previews',
  operationId: 'previewTransfer',
  summary: 'Vista previa de una transferencia maestra: saldos antes y después, comisión, y lo que la rechazaría ahora (no mueve dinero)',
  tag: 'transfers',
  auth: 'bearer',
  body: TransferPreviewBodySchema,
  success: {
    status: 200,
    description: 'Vista previa',
    schema: z.looseObject({ productCode: z.string(), kind: z.string(), settings: z.unknown(), preview: z.unknown(), refusals: z.array(Refusal), usage: Usage, asOf: z.string() }),
  },
  errors: [400, 401, 403, 404, 409],
});

export const executeTransferOp = defineOperation({
  method: 'post',
  path: '/companies/:companyId/transfers',
  operationId: 'executeTransfer',
  idempotency: 'own', // the transfer's own document carries the key (server/transfers/transfers.model.ts)
  summary: `Transferencia maestra: abonar tarjetas desde la cuenta maestra o debitarlas hacia ella (contraseña y código de un solo uso). ${IdempotencyHeader}`,
  tag: 'transfers',
  auth: 'bearer',
  body: TransferBodySchema,
  success: { status: 201, description: 'Transferencia hecha (o la primera respuesta de esta clave)', schema: TransferAnswerSchema },
  errors: [400, 401, 403, 404, 409, 423],
});

const ListQuery = z.strictObject({
  productCode: z.string().regex(PRODUCT_CODE),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const listTransfersOp = defineOperation({
  method: 'get',
  path: '/companies/:companyId/transfers',
  operationId: 'listTransfers',
  summary: 'Transferencias y fondeos recientes de un producto, del más reciente al más antiguo',
  tag: 'transfers',
  auth: 'bearer',
  query: ListQuery,
  success: { status: 200, description: 'Transferencias', schema: z.object({ items: z.array(TransferAnswerSchema) }) },
  errors: [400, 401, 403, 404],
});

export const getTransferOp = defineOperation({
  method: 'get',
  path: '/companies/:companyId/transfers/:transferId',
  operationId: 'getTransfer',
  summary: 'Una transferencia o fondeo',
  tag: 'transfers',
  auth: 'bearer',
  success: { status: 200, description: 'Transferencia', schema: TransferAnswerSchema },
  errors: [401, 403, 404],
});

const CardsQuery = z.strictObject({
  q: z.string().trim().max(60).regex(/^[\p{L}\p{N} .'-]*$/u, 'Búsqueda inválida.').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  after: z.string().regex(CURSOR_PATTERN).optional(),
});

export const transferCardsOp = defineOperation({
  method: 'get',
  path: '/companies/:companyId/master-accounts/:productCode/cards',
  operationId: 'listTransferCards',
  summary: 'Tarjetas del producto con su saldo, para elegir en una transferencia maestra (número enmascarado)',
  tag: 'transfers',
  auth: 'bearer',
  query: CardsQuery,
  success: {
    status: 200,
    description: 'Una página de tarjetas',
    schema: z.object({
      items: z.array(z.object({ cardId: z.string(), maskedPan: z.string(), holderName: z.string(), holderId: z.string(), status: z.string(), balanceCents: Money })),
      next: z.string().nullable(),
    }),
  },
  errors: [400, 401, 403, 404],
});

const CardStatusBody = z.strictObject({
  cardIds: z.array(z.string().regex(/^[A-Za-z0-9._:-]{1,80}$/)).min(1).max(100),
  action: z.enum(['block', 'unblock']),
  password: z.string().min(1, 'Indique su contraseña.').max(200),
});

export const cardStatusOp = defineOperation({
  method: 'post',
  path: '/companies/:companyId/master-accounts/:productCode/card-status',
  operationId: 'setTransferCardsBlocked',
  idempotency: 'own', // the transfer's own document carries the key (server/transfers/transfers.model.ts)
  summary: `Bloquear o desbloquear tarjetas desde la transferencia maestra (contraseña). ${IdempotencyHeader}`,
  tag: 'transfers',
  auth: 'bearer',
  body: CardStatusBody,
  success: { status: 200, description: 'Resultado por tarjeta', schema: z.object({ results: z.array(z.looseObject({ cardId: z.string(), result: z.enum(['applied', 'rejected']) })) }) },
  errors: [400, 401, 403, 404, 423],
});

export const reassignCardOp = defineOperation({
  method: 'post',
  path: '/companies/:companyId/master-accounts/:productCode/card-reassignments',
  operationId: 'reassignCard',
  idempotency: 'own', // the effect id on the card carries the key (server/cards/card-reassign.service.ts)
  summary: `Reasignar una tarjeta ACTIVA o BLOQUEADA a otro titular (contraseña). El saldo se queda en la tarjeta; el titular anterior queda en el historial. ${IdempotencyHeader}`,
  tag: 'transfers',
  auth: 'bearer',
  body: CardReassignBodySchema,
  success: {
    status: 200,
    description: 'Tarjeta reasignada (o la primera respuesta de esta clave)',
    schema: z.object({
      cardId: z.string(),
      maskedPan: z.string(),
      status: z.string(),
      balanceCents: Money,
      previousHolder: z.object({ idType: z.string(), idNumber: z.string(), name: z.string() }),
      holder: z.object({ idType: z.string(), idNumber: z.string(), name: z.string() }),
      reassignedAt: z.string(),
      replayed: z.boolean(),
    }),
  },
  errors: [400, 401, 403, 404, 409, 423],
});

function send(res: import('express').Response, outcome: Outcome) {
  if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
  res.status(201).json(outcome.transfer);
}

const actorOf = (req: Request, res: import('express').Response) => ({ user: authOf(res).user, meta: requestOrigin(req) });

export function masterAccountRouter(ctx: ServerContext): Router {
  const router = Router();
  const may = requirePermission(ctx, 'companyId', 'transfers.execute');
  mountOperation(router, getMasterAccountOp, requireAuth(ctx), may, async (req, res) => {
    res.json(await masterAccountView(ctx, companyOf(res), ProductParam(req)));
  });
  mountOperation(router, getStatementOp, requireAuth(ctx), may, async (req, res) => {
    const query = parseQuery(StatementQuery, req);
    res.json(await statementOf(ctx, companyOf(res), ProductParam(req), query));
  });
  mountOperation(router, transferCardsOp, requireAuth(ctx), may, async (req, res) => {
    const query = parseQuery(CardsQuery, req);
    res.json(await transferCards(ctx, companyOf(res), ProductParam(req), { q: query.q || undefined, limit: query.limit, after: query.after }));
  });
  mountOperation(router, cardStatusOp, requireAuth(ctx), may, async (req, res) => {
    ProductParam(req);
    const key = checkIdempotencyKey(req.get('idempotency-key'));
    const body = parseBody(CardStatusBody, req);
    res.json({ results: await setCardsBlocked(ctx, actorOf(req, res), companyOf(res), body, key) });
  });
  mountOperation(router, reassignCardOp, requireAuth(ctx), may, async (req, res) => {
    const productCode = ProductParam(req);
    const key = checkIdempotencyKey(req.get('idempotency-key'));
    const body = parseBody(CardReassignBodySchema, req);
    const answer = await reassignCard(ctx, actorOf(req, res), companyOf(res), productCode, key, body);
    if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.json(answer);
  });
  mountOperation(router, fundMasterAccountOp, requireAuth(ctx), may, async (req, res) => {
    const productCode = ProductParam(req);
    const key = checkIdempotencyKey(req.get('idempotency-key'));
    const body = parseBody(FundingBodySchema, req);
    send(res, await fundMasterAccount(ctx, actorOf(req, res), companyOf(res), productCode, key, body));
  });
  return router;
}

export function transfersRouter(ctx: ServerContext): Router {
  const router = Router();
  const may = requirePermission(ctx, 'companyId', 'transfers.execute');
  mountOperation(router, previewTransferOp, requireAuth(ctx), may, async (req, res) => {
    res.json(await previewTransferOf(ctx, companyOf(res), parseBody(TransferPreviewBodySchema, req)));
  });
  mountOperation(router, executeTransferOp, requireAuth(ctx), may, async (req, res) => {
    const key = checkIdempotencyKey(req.get('idempotency-key'));
    const body = parseBody(TransferBodySchema, req);
    send(res, await executeTransfer(ctx, actorOf(req, res), companyOf(res), key, body));
  });
  mountOperation(router, listTransfersOp, requireAuth(ctx), may, async (req, res) => {
    const query = parseQuery(ListQuery, req);
    const items = await listTransfers(ctx, companyOf(res), query.productCode, query.limit);
    res.json({ items: items.map((t) => t.answer ?? answerOf(t)) });
  });
  mountOperation(router, getTransferOp, requireAuth(ctx), may, async (req, res) => {
    const id = String(req.params.transferId ?? '');
    const t = /^t[0-9a-f]{32}$/.test(id) ? await getTransfer(ctx, companyOf(res), transferDocId(id)) : null;
    if (!t) throw notFound('Transferencia no encontrada.', 'TRANSFER_NOT_FOUND');
    res.json(t.answer ?? answerOf(t));
  });
  return router;
}
