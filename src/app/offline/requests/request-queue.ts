import { type Observable, map } from 'rxjs';
import {
  type CardRequestKind,
  type CardRequestPayload,
  cardRequestPayloadSchemas,
  newCardRequest,
  pushedCardRequestSchema,
} from '../../../domain/requests';
import type { DeviceDatabase } from '../db/device-database';
import type { LocalCard, LocalRequest } from '../db/doc-types';

export interface RequestAuthor {
  userId: string;
  companyId: string;
  deviceId: string;
}

/** The payload failed the shared schema: nothing was queued. */
export class InvalidRequestError extends Error {
  constructor(readonly issues: unknown) {
    super('invalid request');
    this.name = 'InvalidRequestError';
  }
}

/**
 * Queues a card request on the device (PRODUCT.md "Offline-first"): a `req:<uuid>` document made here,
 * checked with the same zod schema the server applies to pushes, written with strict durability
 * (device-database.ts), pushed by the replication when the network allows. The uuid makes a resend
 * harmless: the server creates `req:<uuid>` once.
 */
export async function queueCardRequest<K extends CardRequestKind>(
  db: DeviceDatabase,
  author: RequestAuthor,
  card: Pick<LocalCard, 'cardId' | 'rev'>,
  kind: K,
  payload: CardRequestPayload<K>,
  now: Date = new Date(),
): Promise<LocalRequest> {
  const checkedPayload = cardRequestPayloadSchemas[kind].safeParse(payload);
  if (!checkedPayload.success) throw new InvalidRequestError(checkedPayload.error.issues);
  const doc = newCardRequest({
    clientRequestId: newUuid(),
    kind,
    payload: checkedPayload.data as CardRequestPayload<K>,
    userId: author.userId,
    companyId: author.companyId,
    deviceId: author.deviceId,
    cardId: card.cardId,
    seenCardRev: card.rev ?? null,
    createdAt: now.toISOString(),
  });
  const checkedDoc = pushedCardRequestSchema.safeParse(doc);
  if (!checkedDoc.success) throw new InvalidRequestError(checkedDoc.error.issues);
  const written = await db.requests.insert(doc as LocalRequest);
  return written.toJSON() as LocalRequest;
}

/** The user's requests, newest first. */
export function userRequests$(db: DeviceDatabase, userId: string): Observable<LocalRequest[]> {
  return db.requests
    .find({ selector: { userId }, sort: [{ createdAt: 'desc' }, { _id: 'desc' }] })
    .$.pipe(map((docs) => docs.map((doc) => doc.toMutableJSON() as LocalRequest)));
}

/** Requests of the user still waiting for the server. */
export function pendingCount$(db: DeviceDatabase, userId: string): Observable<number> {
  return db.requests.count({ selector: { userId, status: 'PENDING' } }).$;
}

export function newUuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** How long a request has waited, for "hace 5 min". */
export function ageMs(request: Pick<LocalRequest, 'createdAt'>, now: number = Date.now()): number {
  return Math.max(0, now - Date.parse(request.createdAt));
}
