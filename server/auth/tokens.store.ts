import type nano from 'nano';
import type { ServerContext } from '../context';
import { GLOBAL_DB } from '../store/databases';
import type { CodeDoc } from '../one-time-codes/codes.store';
import { getOrNull, updateDoc, type Stored } from '../store/documents';

/**
 * ce_tokens holds one-time secrets, only as hashes:
 *   reset:<sha256(token)>                  password recovery link, single use, 15 min
 *   device:<userId>:<sha256(deviceId)>     the e-mailed code for a new device, 10 min, 5 tries
 *                                          (stored, checked and spent by one-time-codes/codes.ts)
 */
export interface ResetTokenDoc {
  _id: string;
  _rev?: string;
  type: 'reset';
  userId: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface DeviceCodeDoc extends CodeDoc {
  type: 'device-code';
  userId: string;
  deviceHash: string;
}

const db = (ctx: ServerContext) => ctx.store.use<ResetTokenDoc>(GLOBAL_DB.tokens);

export const resetDocId = (hash: string) => `reset:${hash}`;
export const deviceCodeDocId = (userId: string, deviceHash: string) => `device:${userId}:${deviceHash}`;

export const getResetToken = (ctx: ServerContext, hash: string) =>
  getOrNull(db(ctx), resetDocId(hash)) as Promise<Stored<ResetTokenDoc> | null>;

export const insertResetToken = async (ctx: ServerContext, doc: ResetTokenDoc) => {
  await db(ctx).insert(doc);
};

/** Marks the token used under MVCC; 'already-used' when someone used it first. */
export async function useResetToken(ctx: ServerContext, hash: string, at: string): Promise<'used' | 'already-used'> {
  let already = false;
  await updateDoc(db(ctx) as nano.DocumentScope<ResetTokenDoc>, resetDocId(hash), (doc) => {
    already = doc.usedAt !== null;
    return already ? null : { ...doc, usedAt: at };
  });
  return already ? 'already-used' : 'used';
}
