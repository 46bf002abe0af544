import type nano from 'nano';
import type { ServerContext } from '../context';
import { GLOBAL_DB } from '../store/databases';
import { getOrNull, isConflict, updateDoc, type Stored } from '../store/documents';

/**
 * What every e-mailed code document in ce_tokens carries, whatever its purpose (the step-up
 * `otp:…` and the new-device `device:…` documents add their own fields): only a keyed hash of the
 * code, when it was made and ends, the wrong tries so far and when it was spent.
 */
export interface CodeDoc {
  _id: string;
  _rev?: string;
  type: string;
  codeHash: string;
  createdAt: string;
  expiresAt: string;
  attempts: number;
  usedAt: string | null;
}

const db = (ctx: ServerContext) => ctx.store.use<CodeDoc>(GLOBAL_DB.tokens);

export const getCode = (ctx: ServerContext, id: string) => getOrNull(db(ctx), id);

/** Writes a fresh code, replacing the pending one under the same id (MVCC; retried on 409). */
export async function replaceCode(ctx: ServerContext, doc: CodeDoc): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = await getOrNull(db(ctx), doc._id);
    try {
      await db(ctx).insert({ ...doc, ...(current ? { _rev: current._rev } : {}) });
      return;
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
  }
  throw new Error(`could not store the code ${doc.type}`);
}

export const updateCode = (ctx: ServerContext, id: string, change: (d: Stored<CodeDoc>) => Stored<CodeDoc> | null) =>
  updateDoc(db(ctx) as nano.DocumentScope<CodeDoc>, id, change);
