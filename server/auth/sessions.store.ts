import { createHash, randomBytes } from 'node:crypto';
import type nano from 'nano';
import type { ServerContext } from '../context';
import { GLOBAL_DB, registerGlobalDatabase } from '../store/databases';
import { createOnce, getOrNull, updateDoc, type Stored } from '../store/documents';

/**
 * ce_sessions holds session families and their refresh tokens:
 *   session:<sid>       one sign-in; revoked as a whole (logout, reuse, password reset)
 *   refresh:<sha256>    one refresh token of a family, by the hash of its value; spent when rotated
 * A refresh token's value is never stored, only its SHA-256.
 */
registerGlobalDatabase({
  name: GLOBAL_DB.sessions,
  indexes: [{ name: 'sessions-by-user', fields: ['type', 'userId', 'revokedAt'] }],
});

export interface SessionDoc {
  _id: string;
  _rev?: string;
  type: 'session';
  sid: string;
  userId: string;
  createdAt: string;
  lastRefreshAt: string | null;
  revokedAt: string | null;
  revokedReason: string | null;
}

export interface RefreshDoc {
  _id: string;
  _rev?: string;
  type: 'refresh';
  sid: string;
  userId: string;
  issuedAt: string;
  expiresAt: string;
  spentAt: string | null;
  /** the token issued when this one was spent (its hash): tells a lost answer from a replay */
  successorHash?: string | null;
  /** set when this token was replaced before ever being presented (its answer was lost) */
  supersededAt?: string | null;
}

type Doc = SessionDoc | RefreshDoc;
const db = (ctx: ServerContext) => ctx.store.use<Doc>(GLOBAL_DB.sessions);

export const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
export const newOpaqueToken = () => randomBytes(32).toString('base64url');
export const sessionDocId = (sid: string) => `session:${sid}`;
export const refreshDocId = (hash: string) => `refresh:${hash}`;

export const insertSession = (ctx: ServerContext, doc: SessionDoc) => createOnce(db(ctx), doc);
export const insertRefresh = (ctx: ServerContext, doc: RefreshDoc) => createOnce(db(ctx), doc);

export const getSession = (ctx: ServerContext, sid: string) =>
  getOrNull(db(ctx), sessionDocId(sid)) as Promise<Stored<SessionDoc> | null>;

export const getRefresh = (ctx: ServerContext, hash: string) =>
  getOrNull(db(ctx), refreshDocId(hash)) as Promise<Stored<RefreshDoc> | null>;

/** Marks a refresh token spent under MVCC; answers whether it was already spent (reuse). */
export async function spendRefresh(ctx: ServerContext, hash: string, at: string): Promise<'spent' | 'already-spent'> {
  let already = false;
  await updateDoc(db(ctx) as nano.DocumentScope<RefreshDoc>, refreshDocId(hash), (doc) => {
    already = doc.spentAt !== null;
    return already ? null : { ...doc, spentAt: at };
  });
  return already ? 'already-spent' : 'spent';
}

/** Records which token replaced a spent one. */
export async function recordSuccessor(ctx: ServerContext, hash: string, successorHash: string): Promise<void> {
  await updateDoc(db(ctx) as nano.DocumentScope<RefreshDoc>, refreshDocId(hash), (doc) => ({ ...doc, successorHash }));
}

/**
 * Spends a token that was never presented because its answer was lost: it is superseded, so if it
 * turns up later after all, that is a replay. Answers false when it was presented meanwhile.
 */
export async function supersedeRefresh(ctx: ServerContext, hash: string, at: string): Promise<boolean> {
  let won = false;
  await updateDoc(db(ctx) as nano.DocumentScope<RefreshDoc>, refreshDocId(hash), (doc) => {
    won = doc.spentAt === null;
    return won ? { ...doc, spentAt: at, supersededAt: at } : null;
  });
  return won;
}

export async function updateSession(ctx: ServerContext, sid: string, change: (s: Stored<SessionDoc>) => SessionDoc | null) {
  return updateDoc(db(ctx) as nano.DocumentScope<SessionDoc>, sessionDocId(sid), (s) => change(s) as Stored<SessionDoc> | null);
}

export async function openSessionsOf(ctx: ServerContext, userId: string): Promise<Stored<SessionDoc>[]> {
  const answer = await db(ctx).find({
    selector: { type: 'session', userId, revokedAt: null },
    limit: 10_000,
  });
  return answer.docs as Stored<SessionDoc>[];
}
