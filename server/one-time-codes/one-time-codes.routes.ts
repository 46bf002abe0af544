import { Router } from 'express';
import { z } from 'zod';
import { ONE_TIME_CODE_PURPOSES, type OneTimeCodePurpose } from '../../src/domain/orders/order.model';
import type { Permission } from '../../src/domain/permissions';
import { requestOrigin } from '../audit/audit.service';
import { authOf, companyOf, requireAuth, requirePermission } from '../auth/auth.middleware';
import type { ServerContext } from '../context';
import type { FeatureFactory } from '../features';
import { parseBody } from '../http/validate';
import { defineOperation, mountOperation } from '../openapi/registry';
import { sendOneTimeCode } from './one-time-codes.service';

export const OneTimeCodeBody = z.strictObject({ purpose: z.enum(ONE_TIME_CODE_PURPOSES) });
export const OneTimeCodeAnswerSchema = z.strictObject({
  purpose: z.enum(ONE_TIME_CODE_PURPOSES),
  expiresAt: z.string(),
  sentTo: z.string(),
});

/** The permission the action a code is for needs: nobody gets codes for what they may not do. */
export const PURPOSE_PERMISSION: Record<OneTimeCodePurpose, Permission> = {
  'order.generate': 'orders.create',
  'order.pay': 'orders.pay',
  transfer: 'transfers.execute',
  funding: 'transfers.execute',
};

export const requestOneTimeCodeOp = defineOperation({
  method: 'post',
  path: '/companies/:companyId/one-time-codes',
  operationId: 'requestOneTimeCode',
  summary: 'Enviar por correo un código de un solo uso (6 dígitos, 10 minutos, 5 intentos) para una operación',
  tag: 'one-time-codes',
  auth: 'bearer',
  body: OneTimeCodeBody,
  success: { status: 202, description: 'Código enviado al correo del usuario', schema: OneTimeCodeAnswerSchema },
  errors: [400, 401, 403, 404],
});

export function oneTimeCodesRouter(ctx: ServerContext): Router {
  const router = Router();
  mountOperation(router, requestOneTimeCodeOp, requireAuth(ctx), async (req, res) => {
    const body = parseBody(OneTimeCodeBody, req);
    // the company and the permission of the purpose, checked exactly as every route checks them
    await requirePermission(ctx, 'companyId', PURPOSE_PERMISSION[body.purpose])(req, res, () => undefined);
    const { user } = authOf(res);
    const companyId = companyOf(res);
    res.status(202).json(await sendOneTimeCode(ctx, user, companyId, body.purpose, requestOrigin(req)));
  });
  return router;
}

export const oneTimeCodesFeature: FeatureFactory = (ctx) => ({ routes: [{ path: '/', router: oneTimeCodesRouter(ctx) }] });
