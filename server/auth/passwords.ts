import argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import type { ServerContext } from '../context';
import { checkPasswordPolicy, PASSWORD_RULE_MESSAGES } from '../../src/domain/password-policy';
import { PASSWORD_POLICY } from '../../src/domain/session';
import { invalid } from '../common/domain-error';
import { isCommonPassword } from './common-passwords';

/** argon2id with the configured cost (OWASP: 19 MiB, t=2, p=1); the hash string carries its own salt and parameters. */
export function hashPassword(ctx: ServerContext, password: string): Promise<string> {
  return argon2.hash(password, {
    type: argon2.argon2id,
    memoryCost: ctx.config.argon2.memoryCost,
    timeCost: ctx.config.argon2.timeCost,
    parallelism: ctx.config.argon2.parallelism,
  });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

const dummyHashes = new WeakMap<ServerContext, Promise<string>>();

/**
 * For an unknown user the server still runs one argon2 verification with the same cost, so the
 * answer takes as long as for a known user with a wrong password.
 */
export async function verifyAgainstDummy(ctx: ServerContext, password: string): Promise<false> {
  let dummy = dummyHashes.get(ctx);
  if (!dummy) {
    dummy = hashPassword(ctx, randomBytes(24).toString('base64url'));
    dummyHashes.set(ctx, dummy);
  }
  await verifyPassword(await dummy, password);
  return false;
}

/**
 * The whole policy: the shared pure rules, then "not one of the last N", checked against the
 * history hashes. Throws 400 PASSWORD_POLICY with the Spanish rule.
 */
export async function assertPasswordPolicy(userId: string, password: string, history: readonly string[]): Promise<void> {
  const failure = checkPasswordPolicy(password, { userId, isCommon: isCommonPassword });
  if (failure) throw invalid('PASSWORD_POLICY', failure.message, { rule: failure.rule });
  for (const hash of history.slice(0, PASSWORD_POLICY.historySize)) {
    if (await verifyPassword(hash, password)) {
      throw invalid('PASSWORD_POLICY', PASSWORD_RULE_MESSAGES.history, { rule: 'history' });
    }
  }
}

/** The history after a change: the new hash first, at most PASSWORD_POLICY.historySize kept. */
export function nextHistory(newHash: string, history: readonly string[]): string[] {
  return [newHash, ...history].slice(0, PASSWORD_POLICY.historySize);
}

/** True when the password is older than the policy's maximum age. */
export function passwordExpired(passwordChangedAt: string, now: Date): boolean {
  return now.getTime() - Date.parse(passwordChangedAt) > PASSWORD_POLICY.maxAgeDays * 86_400_000;
}
