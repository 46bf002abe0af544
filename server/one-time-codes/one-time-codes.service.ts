import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { OneTimeCodeAnswer, OneTimeCodePurpose } from '../../src/domain/orders/order.model';
import type { UserDoc } from '../accounts/accounts.model';
import { recordAudit } from '../audit/audit.service';
import { jwtSecret } from '../auth/jwt';
import { DomainError, invalid } from '../common/domain-error';
import type { ServerContext } from '../context';
import { mailerOf } from '../mail/mailer';
import type { StepUpMeta } from './step-up';
import { getOneTimeCode, oneTimeCodeDocId, putOneTimeCode, updateOneTimeCode } from './one-time-codes.store';

export const ONE_TIME_CODE_TTL_MS = 10 * 60_000;
export const ONE_TIME_CODE_MAX_TRIES = 5;

const PURPOSE_TEXT: Record<OneTimeCodePurpose, string> = {
  'order.generate': 'generar una orden de servicio',
  'order.pay': 'pagar una orden de servicio',
  transfer: 'ejecutar una transferencia desde la cuenta maestra',
  funding: 'fondear la cuenta maestra',
};

export const oneTimeCodeInvalid = () =>
  new DomainError('forbidden', 'OTP_INVALID', 'El código de un solo uso no es válido, ya se usó o venció. Solicite uno nuevo.');

function codeHash(ctx: ServerContext, docId: string, code: string): string {
  // keyed: the stored hash of a 6-digit code cannot be reversed by trying the million codes
  return createHmac('sha256', jwtSecret(ctx)).update(`${docId}:${code}`).digest('hex');
}

/** m***@example.com */
export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return `${local.slice(0, 1)}***@${domain ?? ''}`;
}

/** Mails a fresh 6-digit code for `purpose`; only its HMAC is stored (10 min, 5 tries, single use). */
export async function sendOneTimeCode(
  ctx: ServerContext,
  user: UserDoc,
  companyId: string,
  purpose: OneTimeCodePurpose,
  meta: StepUpMeta,
): Promise<OneTimeCodeAnswer> {
  if (!user.email) throw invalid('NO_EMAIL', 'Su usuario no tiene un correo registrado para recibir el código.');
  const docId = oneTimeCodeDocId(user.userId, companyId, purpose);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ONE_TIME_CODE_TTL_MS).toISOString();
  await putOneTimeCode(ctx, {
    _id: docId,
    type: 'one-time-code',
    userId: user.userId,
    companyId,
    purpose,
    codeHash: codeHash(ctx, docId, code),
    createdAt: now.toISOString(),
    expiresAt,
    attempts: 0,
    usedAt: null,
  });
  await mailerOf(ctx).send({
    to: user.email,
    subject: 'Código de un solo uso — Conexión Empresas',
    text:
      `Hola, ${user.name}:\n\n` +
      `Su código para ${PURPOSE_TEXT[purpose]} es: ${code}\n\n` +
      `Vence en 10 minutos, admite 5 intentos y sirve una sola vez. Si usted no lo pidió, cambie su contraseña.\n`,
  });
  await recordAudit(ctx, { userId: user.userId, companyId, action: 'otp.sent', outcome: 'ok', details: { purpose }, ...meta });
  return { purpose, expiresAt, sentTo: maskEmail(user.email) };
}

/**
 * Checks and spends a code (other features call this before acting). Wrong: one try counted;
 * used, expired, 5 tries spent or none requested: 403 OTP_INVALID. Single use under MVCC: of two
 * requests presenting the same right code at once, one spends it and the other is refused.
 */
export async function consumeOneTimeCode(
  ctx: ServerContext,
  input: { userId: string; companyId: string; purpose: OneTimeCodePurpose; code: string },
  meta: StepUpMeta,
): Promise<void> {
  const docId = oneTimeCodeDocId(input.userId, input.companyId, input.purpose);
  let outcome = 'unusable' as 'ok' | 'wrong' | 'unusable';
  if (/^[0-9]{6}$/.test(input.code) && (await getOneTimeCode(ctx, docId))) {
    const presented = codeHash(ctx, docId, input.code);
    await updateOneTimeCode(ctx, docId, (d) => {
      const now = ctx.now();
      if (d.usedAt || d.attempts >= ONE_TIME_CODE_MAX_TRIES || Date.parse(d.expiresAt) <= now.getTime()) {
        outcome = 'unusable';
        return null;
      }
      const match = timingSafeEqual(Buffer.from(d.codeHash, 'hex'), Buffer.from(presented, 'hex'));
      outcome = match ? 'ok' : 'wrong';
      return match ? { ...d, usedAt: now.toISOString() } : { ...d, attempts: d.attempts + 1 };
    });
  }
  await recordAudit(ctx, {
    userId: input.userId,
    companyId: input.companyId,
    action: 'otp.verified',
    outcome: outcome === 'ok' ? 'ok' : 'refused',
    ...(outcome === 'ok' ? {} : { reason: outcome === 'wrong' ? 'wrong_code' : 'code_unusable' }),
    details: { purpose: input.purpose },
    ...meta,
  });
  if (outcome !== 'ok') throw oneTimeCodeInvalid();
}
