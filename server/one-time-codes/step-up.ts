import type { UserDoc } from '../accounts/accounts.model';
import type { AuditOrigin } from '../audit/audit.model';
import { verifyStepUpPassword } from '../auth/auth.service';
import type { ServerContext } from '../context';

export interface StepUpMeta {
  ip: string | null;
  origin: AuditOrigin;
}

/**
 * Step-up for order actions: the password again, through auth's verifyStepUpPassword (403
 * INVALID_PASSWORD counted towards the lockout like a failed sign-in; 423 and sessions closed at the
 * limit). `action` and `companyId` are kept for the signature other features already call.
 */
export async function assertStepUpPassword(
  ctx: ServerContext,
  user: Pick<UserDoc, 'userId'>,
  password: string,
  meta: StepUpMeta & { companyId: string | null; action: string },
): Promise<void> {
  await verifyStepUpPassword(ctx, user.userId, password, { ip: meta.ip, origin: meta.origin });
}
