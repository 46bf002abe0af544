import type nano from 'nano';
import type { ServerContext } from '../context';
import { GLOBAL_DB } from '../store/databases';
import { getOrNull, updateDoc, type Stored } from '../store/documents';
import { isConflict } from '../store/documents';

/**
 * ce_tokens holds one-time secrets, only as hashes:
 *   reset:<sha256(token)>                  password recovery link, single use, 15 min
 *   device:<userId>:<sha256(deviceId)>     the e-mailed code for a new device, 10 min, 5 tries
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

export interface DeviceCodeDoc {
  _id: string;
  _rev?: string;
  type: 'device-code';
  userId: string;
  deviceHash: string;
  codeHash: string;
  createdAt: string;
  expiresAt: string;
  attempts: number;
  usedAt: string | null;
}

type Doc = ResetTokenDoc | DeviceCodeDoc;
const db = (ctx: ServerContext) => ctx.store.use<Doc>(GLOBAL_DB.tokens);

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

export const getDeviceCode = (ctx: ServerContext, userId: string, deviceHash: string) =>
  getOrNull(db(ctx), deviceCodeDocId(userId, deviceHash)) as Promise<Stored<DeviceCodeDoc> | null>;

/** Writes a fresh code for the device, replacing an earlier one (MVCC; retried on 409). */
export async function putDeviceCode(ctx: ServerContext, doc: DeviceCodeDoc): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = await getOrNull(db(ctx), doc._id);
    try {
      await db(ctx).insert({ ...doc, ...(current ? { _rev: current._rev } : {}) });
      return;
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
  }
  throw new Error('could not store the device code');
}

export async function updateDeviceCode(
  ctx: ServerContext,
  id: string,
  change: (d: Stored<DeviceCodeDoc>) => DeviceCodeDoc | null,
): Promise<Stored<DeviceCodeDoc> | null> {
  return updateDoc(db(ctx) as nano.DocumentScope<DeviceCodeDoc>, id, (d) => change(d) as Stored<DeviceCodeDoc> | null);
}
