import type { OneTimeCodeAnswer, OneTimeCodePurpose } from '../../src/domain/orders/order.model';
import type { UserDoc } from '../accounts/accounts.model';
import { recordAudit } from '../audit/audit.service';
import { DomainError, invalid } from '../common/domain-error';
import type { ServerContext } from '../context';
import { mailerOf } from '../mail/mailer';
import type { StepUpMeta } from './step-up';
import { issueCode, spendCode } from './codes';
import { oneTimeCodeDocId, type OneTimeCodeDoc } from './one-time-codes.store';

const PURPOSE_TEXT: Record<OneTimeCodePurpose, string> = {
  'order.generate': 'generar una orden de servicio',
  'order.pay': 'pagar una orden de servicio',
  transfer: 'ejecutar una transferencia desde la cuenta maestra',
  funding: 'fondear la cuenta maestra',
};

export const oneTimeCodeInvalid = () =>
  new DomainError('forbidden', 'OTP_INVALID', 'El código de un solo uso no es válido, ya se usó o venció. Solicite uno nuevo.');

/** m***@example.com */
export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return `${local.slice(0, 1)}***@${domain ?? ''}`;
}

/** Mails a fresh 6-digit code for `purpose` (codes.ts: only its HMAC is stored; 10 min, 5 tries, single use). */
export async function sendOneTimeCode(
  ctx: ServerContext,
  user: UserDoc,
  companyId: string,
  purpose: OneTimeCodePurpose,
  meta: StepUpMeta,
): Promise<OneTimeCodeAnswer> {
  if (!user.email) throw invalid('NO_EMAIL', 'Su usuario no tiene un correo registrado para recibir el código.');
  const { code, expiresAt } = await issueCode<OneTimeCodeDoc>(ctx, {
    _id: oneTimeCodeDocId(user.userId, companyId, purpose),
    type: 'one-time-code',
    userId: user.userId,
    companyId,
    purpose,
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
 * Checks and spends a code (other features call this before acting; codes.ts does the checking).
 * Wrong: one try counted; used, expired, 5 tries spent or none requested: 403 OTP_INVALID. Of two
 * requests presenting the same right code at once, one spends it and the other is refused.
 */
export async function consumeOneTimeCode(
  ctx: ServerContext,
  input: { userId: string; companyId: string; purpose: OneTimeCodePurpose; code: string },
  meta: StepUpMeta,
): Promise<void> {
  const outcome = await spendCode(ctx, oneTimeCodeDocId(input.userId, input.companyId, input.purpose), input.code);
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
