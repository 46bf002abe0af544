import type { ServerContext } from '../context';
import { registerGlobalDatabase } from '../store/databases';
import { bulkWrite, getOrNull, updateDoc, type Stored } from '../store/documents';
import type nano from 'nano';

/**
 * The global queue of offline requests (docs/architecture.md "Sync" → "Requests worker").
 *
 * The sync endpoint writes one pointer `q:<companyId>:<clientRequestId>` here BEFORE it forwards the
 * push of `req:<clientRequestId>` to co_<companyId>_requests, so no request can reach a company
 * database without the workers knowing of it, and the workers watch ONE database however many
 * companies there are. The pointer is also the work item: its `state`, claim (`claimedBy`,
 * `claimedAt`, lease) and result live here, server-only, so claims never replicate to devices.
 */
export const REQUEST_QUEUE_DB = 'ce_request_queue';

registerGlobalDatabase({
  name: REQUEST_QUEUE_DB,
  indexes: [
    { name: 'queue-pending', fields: ['state', 'arrival'] },
    { name: 'queue-by-card', fields: ['state', 'companyId', 'cardId', 'arrival'] },
  ],
});

export type QueueState = 'PENDING' | 'DONE';

export interface QueueEntry {
  _id: string;
  _rev?: string;
  type: 'request-pointer';
  companyId: string;
  /** the clientRequestId (uuid) */
  requestId: string;
  /** `req:<requestId>` in co_<companyId>_requests */
  docId: string;
  userId: string;
  cardId: string;
  kind: string;
  receivedAt: string;
  /** sort key of arrival order: receivedAt, then a monotonic clock of the receiving process (order within a push) */
  arrival: string;
  state: QueueState;
  claimedBy: string | null;
  claimedAt: string | null;
  attempts: number;
  doneAt: string | null;
  /** APPLIED / REJECTED, or MISSING when the push never reached the company database */
  result: 'APPLIED' | 'REJECTED' | 'MISSING' | null;
}

export const queueEntryId = (companyId: string, requestId: string) => `q:${companyId}:${requestId}`;

export const queueDb = (ctx: ServerContext) => ctx.store.use<QueueEntry>(REQUEST_QUEUE_DB);

type EnqueueInput = { companyId: string; requestId: string; docId: string; userId: string; cardId: string; kind: string };

/**
 * Exactly-once pointers, one store call for a whole push: a second push of the same request finds its
 * pointer (conflict = exists). A pointer given up as MISSING (its push had failed) is made PENDING
 * again, since the device is pushing it now. `arrival` follows the order of `inputs` (the push's).
 */
export async function enqueueRequests(ctx: ServerContext, inputs: readonly EnqueueInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const at = ctx.now().toISOString();
  const docs: QueueEntry[] = inputs.map((input) => ({
    _id: queueEntryId(input.companyId, input.requestId),
    type: 'request-pointer',
    ...input,
    receivedAt: at,
    arrival: `${at}|${process.hrtime.bigint().toString().padStart(20, '0')}|${input.requestId}`,
    state: 'PENDING',
    claimedBy: null,
    claimedAt: null,
    attempts: 0,
    doneAt: null,
    result: null,
  }));
  const answer = await bulkWrite(queueDb(ctx) as unknown as nano.DocumentScope<object>, docs);
  for (const [i, row] of answer.entries()) {
    if (!row.error) continue;
    if (row.error !== 'conflict') throw Object.assign(new Error(`request queue: ${row.error} ${row.reason ?? ''}`), { statusCode: 500 });
    await updateDoc(queueDb(ctx), docs[i]._id, (cur) =>
      cur.result === 'MISSING' ? { ...cur, state: 'PENDING' as const, result: null, doneAt: null, claimedBy: null, claimedAt: null } : null,
    );
  }
}

/** One pointer (enqueueRequests of one). */
export async function enqueueRequest(ctx: ServerContext, input: EnqueueInput): Promise<void> {
  await enqueueRequests(ctx, [input]);
}

export async function getQueueEntry(ctx: ServerContext, id: string): Promise<Stored<QueueEntry> | null> {
  return getOrNull(queueDb(ctx), id);
}

/** Pending entries in arrival order (the index keeps this cheap: done entries are not scanned). */
export async function pendingEntries(ctx: ServerContext, limit: number): Promise<Stored<QueueEntry>[]> {
  const answer = await queueDb(ctx).find({
    selector: { state: 'PENDING', arrival: { $gt: '' } },
    sort: [{ state: 'asc' }, { arrival: 'asc' }],
    use_index: ['idx-queue-pending', 'queue-pending'],
    limit,
  });
  return answer.docs as Stored<QueueEntry>[];
}
