import { Router } from 'express';
import * as accounts from '../accounts/accounts.store';
import { requestOrigin } from '../audit/audit.service';
import { authOf, companyOf, requireAuth, requireOperator, requirePermission } from '../auth/auth.middleware';
import type { ServerContext } from '../context';
import type { FeatureFactory } from '../features';
import { parseBody, parseQuery } from '../http/validate';
import { defineOperation, mountOperation } from '../openapi/registry';
import { recordAudit } from '../audit/audit.service';
import { orderPdf } from './orders.pdf';
import {
  CalculationAnswerSchema,
  CalculationBody,
  GenerateBody,
  InvoiceBody,
  OrderAnswerSchema,
  OrderListQuery,
  OrderListSchema,
  PaymentRecordBody,
  PayBody,
  VoidBody,
} from './orders.schemas';
import * as orders from './orders.service';

const base = '/companies/:companyId/orders';
const op = (o: Parameters<typeof defineOperation>[0]) => defineOperation({ ...o, tag: 'orders', auth: 'bearer' });

export const calculateOp = op({
  method: 'post', path: `${base}/calculations`, operationId: 'calculateOrders', tag: 'orders', auth: 'bearer',
  summary: 'Calcular órdenes de servicio para lotes autorizados (por lote o por tipo): recarga, comisiones, impuesto, total',
  body: CalculationBody,
  success: { status: 201, description: 'El cálculo (vigente 30 minutos)', schema: CalculationAnswerSchema },
  errors: [404, 409],
});
export const dropCalculationOp = op({
  method: 'delete', path: `${base}/calculations/:calculationId`, operationId: 'dropCalculation', tag: 'orders', auth: 'bearer',
  summary: 'Descartar un cálculo (los lotes siguen autorizados)',
  success: { status: 204, description: 'Descartado' },
  errors: [404, 409],
});
export const generateOp = op({
  method: 'post', path: base, operationId: 'generateOrders', tag: 'orders', auth: 'bearer',
  summary: 'Generar las órdenes de un cálculo (contraseña y código de un solo uso): lotes AUTHORIZED → ORDERED',
  body: GenerateBody,
  success: { status: 201, description: 'Órdenes generadas', schema: OrderListSchema },
  errors: [403, 404, 409, 423],
});
export const listOp = op({
  method: 'get', path: base, operationId: 'listOrders', tag: 'orders', auth: 'bearer',
  summary: 'Órdenes de servicio por estado, fechas (AAAA-MM-DD, de creación) y número',
  query: OrderListQuery,
  success: { status: 200, description: 'Órdenes, la más reciente primero', schema: OrderListSchema },
  errors: [404],
});
export const getOp = op({
  method: 'get', path: `${base}/:orderId`, operationId: 'getOrder', tag: 'orders', auth: 'bearer',
  summary: 'Una orden con sus lotes, montos, pago, factura y resultado del procesamiento',
  success: { status: 200, description: 'La orden', schema: OrderAnswerSchema },
  errors: [404],
});
export const pdfOp = op({
  method: 'get', path: `${base}/:orderId/pdf`, operationId: 'getOrderPdf', tag: 'orders', auth: 'bearer',
  summary: 'La orden de servicio en PDF',
  success: { status: 200, description: 'application/pdf' },
  errors: [404],
});
export const voidOp = op({
  method: 'post', path: `${base}/:orderId/void`, operationId: 'voidOrder', tag: 'orders', auth: 'bearer',
  summary: 'Anular una orden pendiente de pago y no facturada (contraseña): sus lotes quedan CANCELLED',
  body: VoidBody,
  success: { status: 200, description: 'Orden anulada', schema: OrderAnswerSchema },
  errors: [403, 404, 409, 423],
});
export const payOp = op({
  method: 'post', path: `${base}/:orderId/payment`, operationId: 'payOrder', tag: 'orders', auth: 'bearer',
  summary: 'Pagar una orden desde la cuenta maestra del producto (contraseña y código): inicia el procesamiento',
  body: PayBody,
  success: { status: 200, description: 'Orden pagada', schema: OrderAnswerSchema },
  errors: [403, 404, 409, 423],
});
export const paymentRecordOp = op({
  method: 'post', path: `${base}/:orderId/payment-record`, operationId: 'recordOrderPayment', tag: 'orders', auth: 'bearer',
  summary: 'Operador: registrar el pago recibido de una orden (referencia, factura opcional)',
  body: PaymentRecordBody,
  success: { status: 200, description: 'Orden pagada', schema: OrderAnswerSchema },
  errors: [403, 404, 409],
});
export const invoiceOp = op({
  method: 'post', path: `${base}/:orderId/invoice`, operationId: 'invoiceOrder', tag: 'orders', auth: 'bearer',
  summary: 'Operador: registrar el número de factura de una orden',
  body: InvoiceBody,
  success: { status: 200, description: 'Orden facturada', schema: OrderAnswerSchema },
  errors: [403, 404, 409],
});


const param = (v: unknown) => (typeof v === 'string' ? v : '');

export function ordersRouter(ctx: ServerContext): Router {
  const router = Router();
  const auth = requireAuth(ctx);
  const can = (p: Parameters<typeof requirePermission>[2]) => requirePermission(ctx, 'companyId', p);

  mountOperation(router, calculateOp, auth, can('orders.create'), async (req, res) => {
    const body = parseBody(CalculationBody, req);
    res.status(201).json(await orders.calculate(ctx, authOf(res).user, companyOf(res), body, requestOrigin(req)));
  });
  mountOperation(router, dropCalculationOp, auth, can('orders.create'), async (req, res) => {
    await orders.dropCalculation(ctx, authOf(res).user, companyOf(res), param(req.params.calculationId), requestOrigin(req));
    res.status(204).end();
  });
  mountOperation(router, generateOp, auth, can('orders.create'), async (req, res) => {
    const body = parseBody(GenerateBody, req);
    res.status(201).json(await orders.generateOrders(ctx, authOf(res).user, companyOf(res), body, requestOrigin(req)));
  });
  mountOperation(router, listOp, auth, can('orders.view'), async (req, res) => {
    const q = parseQuery(OrderListQuery, req);
    // dates are calendar days in Venezuela (UTC−4): from 00:00 of `from` to the end of `to`
    const dayStart = (d: string, plusDays = 0) => new Date(Date.parse(`${d}T04:00:00.000Z`) + plusDays * 86_400_000).toISOString();
    res.json(
      await orders.listOrders(ctx, companyOf(res), {
        status: q.status,
        number: q.number,
        from: q.from ? dayStart(q.from) : undefined,
        to: q.to ? dayStart(q.to, 1) : undefined,
      }),
    );
  });
  mountOperation(router, getOp, auth, can('orders.view'), async (req, res) => {
    res.json(orders.orderAnswer(await orders.findOrder(ctx, companyOf(res), param(req.params.orderId))));
  });
  mountOperation(router, pdfOp, auth, can('orders.view'), async (req, res) => {
    const companyId = companyOf(res);
    const order = await orders.findOrder(ctx, companyId, param(req.params.orderId));
    const company = (await accounts.getCompany(ctx, companyId))!;
    const pdf = await orderPdf(company, order);
    await recordAudit(ctx, { userId: authOf(res).userId, companyId, action: 'order.exported', outcome: 'ok', details: { orderId: order.id, format: 'pdf' }, ...requestOrigin(req) });
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="orden-${order.number}.pdf"`);
    res.end(pdf);
  });
  mountOperation(router, voidOp, auth, can('orders.cancel'), async (req, res) => {
    const body = parseBody(VoidBody, req);
    res.json(await orders.voidOrder(ctx, authOf(res).user, companyOf(res), param(req.params.orderId), body, requestOrigin(req)));
  });
  mountOperation(router, payOp, auth, can('orders.pay'), async (req, res) => {
    const body = parseBody(PayBody, req);
    res.json(await orders.payOrder(ctx, authOf(res).user, companyOf(res), param(req.params.orderId), body, requestOrigin(req)));
  });
  mountOperation(router, paymentRecordOp, auth, requireOperator(ctx), async (req, res) => {
    const body = parseBody(PaymentRecordBody, req);
    res.json(await orders.recordPayment(ctx, authOf(res).user, companyOf(res), param(req.params.orderId), body, requestOrigin(req)));
  });
  mountOperation(router, invoiceOp, auth, requireOperator(ctx), async (req, res) => {
    const body = parseBody(InvoiceBody, req);
    res.json(await orders.invoiceOrder(ctx, authOf(res).user, companyOf(res), param(req.params.orderId), body, requestOrigin(req)));
  });
  return router;
}

export const ordersFeature: FeatureFactory = (ctx) => ({ routes: [{ path: '/', router: ordersRouter(ctx) }] });
