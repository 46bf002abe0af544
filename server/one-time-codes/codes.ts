import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { jwtSecret } from '../auth/jwt';
import type { ServerContext } from '../context';
import { getCode, replaceCode, updateCode, type CodeDoc } from './codes.store';

/**
 * The one mechanism behind every 6-digit code we e-mail: the step-up one-time codes
 * (one-time-codes.service.ts) and the new-device sign-in code (auth.service.ts). A code is random,
 * stored only as an HMAC under its purpose's deterministic id (a new code replaces the pending one),
 * lasts 10 minutes, allows 5 tries and is spent once — under MVCC, so of two requests presenting
 * the same right code at once one spends it and the other is refused. Each purpose keeps its own
 * document fields, mail, audit actions and errors; this module only answers what happened.
 */
export const CODE_TTL_MS = 10 * 60_000;
export const CODE_MAX_TRIES = 5;

/** 'wrong': one try counted; 'unusable': spent, expired, tries used up, never issued or not 6 digits. */
export type CodeOutcome = 'ok' | 'wrong' | 'unusable';

/** The fields this module fills in; a purpose gives the rest (its `_id`, `type` and own fields). */
type CodeState = '_rev' | 'codeHash' | 'createdAt' | 'expiresAt' | 'attempts' | 'usedAt';

function codeHash(ctx: ServerContext, docId: string, code: string): string {
  // keyed: the stored hash of a 6-digit code cannot be reversed by trying the million codes
  return createHmac('sha256', jwtSecret(ctx)).update(`${docId}:${code}`).digest('hex');
}

/** Stores a fresh code for `doc._id` and gives it back (for the purpose's mail) with its end. */
export async function issueCode<D extends CodeDoc>(
  ctx: ServerContext,
  doc: Omit<D, CodeState>,
): Promise<{ code: string; expiresAt: string }> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + CODE_TTL_MS).toISOString();
  await replaceCode(ctx, {
    ...doc,
    codeHash: codeHash(ctx, doc._id, code),
    createdAt: now.toISOString(),
    expiresAt,
    attempts: 0,
    usedAt: null,
  });
  return { code, expiresAt };
}

/** Checks `presented` against the code stored under `docId` and spends it when right. */
export async function spendCode(ctx: ServerContext, docId: string, presented: string): Promise<CodeOutcome> {
  if (!/^[0-9]{6}$/.test(presented) || !(await getCode(ctx, docId))) return 'unusable';
  const hash = codeHash(ctx, docId, presented);
  let outcome: CodeOutcome = 'unusable';
  await updateCode(ctx, docId, (d) => {
    const now = ctx.now();
    if (d.usedAt || d.attempts >= CODE_MAX_TRIES || Date.parse(d.expiresAt) <= now.getTime()) {
      outcome = 'unusable';
      return null;
    }
    const match = timingSafeEqual(Buffer.from(d.codeHash, 'hex'), Buffer.from(hash, 'hex'));
    outcome = match ? 'ok' : 'wrong';
    return match ? { ...d, usedAt: now.toISOString() } : { ...d, attempts: d.attempts + 1 };
  });
  return outcome;
}
