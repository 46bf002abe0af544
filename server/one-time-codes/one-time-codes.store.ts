import type nano from 'nano';
import type { OneTimeCodePurpose } from '../../src/domain/orders/order.model';
import type { ServerContext } from '../context';
import { GLOBAL_DB } from '../store/databases';
import { getOrNull, isConflict, updateDoc, type Stored } from '../store/documents';

/**
 * ce_tokens / `otp:<userId>:<companyId>:<purpose>` — the one pending one-time code of a user for a
 * purpose in a company. Only an HMAC of the code is stored. A new request replaces the old code.
 */
export interface OneTimeCodeDoc {
  _id: string;
  _rev?: string;
  type: 'one-time-code';
  userId: string;
  companyId: string;
  purpose: OneTimeCodePurpose;
  codeHash: string;
  createdAt: string;
  expiresAt: string;
  attempts: number;
  usedAt: string | null;
}

const db = (ctx: ServerContext) => ctx.store.use<OneTimeCodeDoc>(GLOBAL_DB.tokens);

export const oneTimeCodeDocId = (userId: string, companyId: string, purpose: OneTimeCodePurpose) =>
  `otp:${userId}:${companyId}:${purpose}`;

export const getOneTimeCode = (ctx: ServerContext, id: string) => getOrNull(db(ctx), id);

/** Writes a fresh code, replacing an earlier one (MVCC; retried on 409). */
export async function putOneTimeCode(ctx: ServerContext, doc: OneTimeCodeDoc): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = await getOrNull(db(ctx), doc._id);
    try {
      await db(ctx).insert({ ...doc, ...(current ? { _rev: current._rev } : {}) });
      return;
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
  }
  throw new Error('could not store the one-time code');
}

export const updateOneTimeCode = (
  ctx: ServerContext,
  id: string,
  change: (d: Stored<OneTimeCodeDoc>) => OneTimeCodeDoc | null,
) => updateDoc(db(ctx) as nano.DocumentScope<OneTimeCodeDoc>, id, (d) => change(d) as Stored<OneTimeCodeDoc> | null);
