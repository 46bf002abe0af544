import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import {
  clientRequestIdOf,
  pushedCardRequestSchema,
  REQUEST_REJECTION_REASONS,
  type CardRequestDoc,
  type RequestOutcome,
  type RequestRejectionCode,
} from '../../src/domain/requests';
import { permissionsIn } from '../accounts/accounts.service';
import * as accounts from '../accounts/accounts.store';
import type { AuditDoc } from '../audit/audit.store';
import { insertAudit } from '../audit/audit.store';
import { appliedEffect, applyCardAction, finishCardEffect, getCard, type CardAction } from '../cards/card-actions.service';
import type { ServerContext } from '../context';
import { companyDb, GLOBAL_DB } from '../store/databases';
import { getOrNull, isConflict, statusOf, updateDoc, type Stored } from '../store/documents';
import { dbUpdateSeq, qs, storeJson } from '../sync/upstream';
import { earlierPendingForCard, pendingEntries, queueDb, REQUEST_QUEUE_DB, type QueueEntry } from './request-queue.store';

/**
 * The requests worker (DESIGN.md 3, 5). Any number of instances, on any number of servers:
 *
 *  1. Sweep: the PENDING pointers of ce_request_queue in arrival order (an index; done ones are not read).
 *  2. A pointer waits while an earlier pointer of the same card is still pending (arrival order per card).
 *  3. Claim: write `claimedBy`/`claimedAt` with the pointer's `_rev` (409 → someone else has it). A claim
 *     older than the lease is taken over: its worker died.
 *  4. Decide, from the request document in co_<cid>_requests:
 *       already applied to the card (`appliedEffects` holds `req:<id>`) → APPLIED (a crash's resume);
 *       user missing, blocked, or no longer a member → REJECTED USER_INACTIVE;
 *       no cards.manage → REJECTED NO_PERMISSION;
 *       otherwise the card-actions service: one MVCC write of the card (state + history + effect id),
 *       or the Spanish reason the card's state refuses it.
 *  5. Outcome on the request document (status, outcome, appliedAt) — it replicates back to the device.
 *  6. Audit entry with a deterministic id (audit:<appliedAt>:<requestId>, 409 = already written).
 *  7. Pointer DONE.
 * A crash between any two steps leaves a pointer PENDING whose lease expires; the next worker redoes
 * the steps, each of which is idempotent, so every request ends APPLIED exactly once or REJECTED.
 */
export interface RequestWorkerOptions {
  workerId?: string;
  leaseMs?: number;
  batchSize?: number;
  /** requests of different cards processed at once (default 8) */
  concurrency?: number;
  /** longest wait between sweeps when nothing wakes the worker */
  idleMs?: number;
  /** a request whose document never arrived (failed push) is given up after this long */
  missingAfterMs?: number;
  /** tests: throw at a named step to simulate a crash */
  failpoint?: (step: 'claimed' | 'effect' | 'outcome' | 'audit', entry: QueueEntry) => void;
}

export type WorkerStep = Parameters<NonNullable<RequestWorkerOptions['failpoint']>>[0];

export class RequestWorker {
  readonly workerId: string;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly idleMs: number;
  private readonly missingAfterMs: number;
  private stopped = true;
  private loop: Promise<void> | null = null;
  private waitAbort: AbortController | null = null;
  private wakeRequested = false;

  constructor(
    private readonly ctx: ServerContext,
    private readonly options: RequestWorkerOptions = {},
  ) {
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batchSize = options.batchSize ?? 100;
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.idleMs = options.idleMs ?? 30_000;
    this.missingAfterMs = options.missingAfterMs ?? 10 * 60_000;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.waitAbort?.abort();
    await this.loop;
    this.loop = null;
  }

  wake(): void {
    this.wakeRequested = true;
    this.waitAbort?.abort();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const since = await dbUpdateSeq(this.ctx, REQUEST_QUEUE_DB);
        this.wakeRequested = false;
        const progressed = await this.sweep();
        if (this.stopped) break;
        if (progressed > 0 || this.wakeRequested) continue;
        await this.waitForChange(since);
      } catch (err) {
        if (this.stopped) break;
        this.ctx.log.error({ err: String(err), worker: this.workerId }, 'requests worker: sweep failed; retrying');
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  /** Longpoll on the queue's feed (one database for all companies), bounded so leases get re-checked. */
  private async waitForChange(since: string): Promise<void> {
    this.waitAbort = new AbortController();
    const signal = AbortSignal.any([this.waitAbort.signal, AbortSignal.timeout(Math.min(this.idleMs, this.leaseMs))]);
    try {
      await storeJson(this.ctx, `${REQUEST_QUEUE_DB}/_changes?${qs({ feed: 'longpoll', since, limit: 1, heartbeat: 10_000 })}`, { signal });
    } catch (err) {
      if (!signal.aborted) throw err;
    } finally {
      this.waitAbort = null;
    }
  }

  /**
   * One pass over the pending pointers; answers how many it finished. Public for tests.
   * Requests of different cards are independent (each step works on its own card, request and
   * pointer, under MVCC), so up to `concurrency` of them run at once — as separate workers would. Of
   * one card only the earliest pointer of the batch runs; the rest wait for the next pass (arrival
   * order per card, also checked per pointer against the store).
   */
  async sweep(): Promise<number> {
    let done = 0;
    const entries = await pendingEntries(this.ctx, this.batchSize);
    const cards = new Set<string>();
    const runnable = entries.filter((entry) => {
      const key = `${entry.companyId}\n${entry.cardId}`;
      if (cards.has(key)) return false;
      cards.add(key);
      return true;
    });
    const users: UserCache = new Map();
    let next = 0;
    let failed = false;
    const lane = async () => {
      while (next < runnable.length && !failed) {
        if (this.stopped && this.loop) return;
        const entry = runnable[next++];
        try {
          if (await this.processEntry(entry, true, users)) done++;
        } catch (err) {
          // as after a crash: the other lanes finish what they hold and take nothing new
          failed = true;
          throw err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, runnable.length) }, lane));
    return done;
  }

  private leaseLive(entry: QueueEntry, now: Date): boolean {
    return !!entry.claimedBy && !!entry.claimedAt && now.getTime() - Date.parse(entry.claimedAt) < this.leaseMs;
  }

  private async processEntry(seen: Stored<QueueEntry>, fromSweep = false, users?: UserCache): Promise<boolean> {
    const now = this.ctx.now();
    if (seen.claimedBy !== this.workerId && this.leaseLive(seen, now)) return false;
    // Arrival order per card: the sweep hands over only the earliest pending pointer of each card of
    // the earliest pending pointers, so no earlier one is pending; a pointer handed over otherwise is
    // checked against the store.
    if (!fromSweep && (await earlierPendingForCard(this.ctx, seen))) return false;

    const claimed = await updateFrom(queueDb(this.ctx), seen, (cur) => {
      if (cur.state !== 'PENDING') return null;
      if (cur.claimedBy && cur.claimedBy !== this.workerId && this.leaseLive(cur, this.ctx.now())) return null;
      return { ...cur, claimedBy: this.workerId, claimedAt: this.ctx.now().toISOString(), attempts: cur.attempts + 1 };
    });
    if (!claimed || claimed.state !== 'PENDING' || claimed.claimedBy !== this.workerId) return false;
    this.options.failpoint?.('claimed', claimed);

    const requestsDb = this.ctx.store.use<CardRequestDoc>(companyDb(claimed.companyId, 'requests'));
    let request = await getOrNull(requestsDb, claimed.docId);
    if (!request) {
      // the pointer is written before the push is forwarded; the push may still be on its way or have failed
      if (now.getTime() - Date.parse(claimed.receivedAt) < this.missingAfterMs) {
        await this.release(claimed);
        return false;
      }
      await this.finish(claimed, 'MISSING');
      return true;
    }

    if (request.status === 'PENDING') {
      const decision = await this.decide(claimed, request, users);
      this.options.failpoint?.('effect', claimed);
      request = (await updateFrom(requestsDb, request, (cur) =>
        cur.status !== 'PENDING'
          ? null
          : ({ ...cur, status: decision.status, outcome: decision.outcome, appliedAt: decision.at } as Stored<CardRequestDoc>),
      ))!;
      this.options.failpoint?.('outcome', claimed);
    }
    await this.audit(request);
    this.options.failpoint?.('audit', claimed);
    await this.finish(claimed, request.status === 'APPLIED' ? 'APPLIED' : 'REJECTED');
    return true;
  }

  private async decide(
    entry: QueueEntry,
    request: Stored<CardRequestDoc>,
    users: UserCache = new Map(),
  ): Promise<{ status: 'APPLIED' | 'REJECTED'; outcome: RequestOutcome; at: string }> {
    const reject = (code: RequestRejectionCode) => ({
      status: 'REJECTED' as const,
      outcome: { code, message: REQUEST_REJECTION_REASONS[code] },
      at: this.ctx.now().toISOString(),
    });
    const applied = (at: string) => ({ status: 'APPLIED' as const, outcome: { code: 'APPLIED' as const, message: 'Aplicada.' }, at });

    // The stored document was validated at push; check it again (defence in depth, and old documents).
    const { _rev: _r, status: _s, outcome: _o, appliedAt: _a, receivedAt: _ra, ...pushed } = request as Stored<CardRequestDoc> & { receivedAt?: unknown };
    const parsed = pushedCardRequestSchema.safeParse(pushed);
    if (!parsed.success || request.companyId !== entry.companyId || clientRequestIdOf(request._id) !== entry.requestId) return reject('INVALID_REQUEST');

    // Resume: the effect may already be on the card (a crash after the card write).
    const card = await getCard(this.ctx, entry.companyId, request.cardId);
    const done = card ? appliedEffect(card, request._id) : null;
    if (done) {
      await finishCardEffect(this.ctx, entry.companyId, card!); // e.g. a PIN request's REP lot a crash left uncreated
      return applied(done.at ?? this.ctx.now().toISOString());
    }

    // one read per user and sweep (a sweep lasts seconds; a later sweep sees any change)
    let userRead = users.get(request.userId);
    if (!userRead) users.set(request.userId, (userRead = accounts.getUser(this.ctx, request.userId)));
    const user = await userRead;
    if (!user || user.status !== 'active') return reject('USER_INACTIVE');
    const granted = permissionsIn(user, entry.companyId);
    if (!granted) return reject('USER_INACTIVE');
    if (!granted.includes('cards.manage')) return reject('NO_PERMISSION');

    const result = await applyCardAction(this.ctx, {
      companyId: entry.companyId,
      cardId: request.cardId,
      action: { kind: request.kind, payload: request.payload } as CardAction,
      effectId: request._id,
      actor: { userId: request.userId },
      origin: 'offline-request',
    });
    return result.result === 'applied' ? applied(result.at) : reject(result.code);
  }

  private async audit(request: Stored<CardRequestDoc>): Promise<void> {
    const at = request.appliedAt ?? this.ctx.now().toISOString();
    const requestId = clientRequestIdOf(request._id)!;
    const doc: AuditDoc = {
      _id: `audit:${at}:${requestId}`,
      type: 'audit',
      at,
      userId: request.userId,
      companyId: request.companyId,
      action: request.kind,
      origin: 'offline-request',
      ip: null,
      outcome: request.status === 'APPLIED' ? 'ok' : 'refused',
      ...(request.status === 'REJECTED' && request.outcome ? { reason: request.outcome.code } : {}),
      details: { cardId: request.cardId, requestId, deviceId: request.deviceId, createdAt: request.createdAt, seenCardRev: request.seenCardRev },
    };
    try {
      await insertAudit(this.ctx, doc);
    } catch (err) {
      // already written: CouchDB answers 409; PouchDB Server runs ce_audit's append-only validation
      // first and answers 403 — either way the entry with this id exists
      if (isConflict(err)) return;
      if (statusOf(err) === 403 && (await getOrNull(this.ctx.store.use(GLOBAL_DB.audit), doc._id))) return;
      throw err;
    }
  }

  private async release(entry: Stored<QueueEntry>): Promise<void> {
    await updateDoc(queueDb(this.ctx), entry._id, (cur) =>
      cur.claimedBy === this.workerId ? { ...cur, claimedBy: null, claimedAt: null } : null,
    );
  }

  private async finish(entry: Stored<QueueEntry>, result: NonNullable<QueueEntry['result']>): Promise<void> {
    await updateFrom(queueDb(this.ctx), entry, (cur) =>
      cur.state === 'DONE' ? null : { ...cur, state: 'DONE' as const, result, doneAt: this.ctx.now().toISOString(), claimedBy: null, claimedAt: null },
    );
  }
}

type UserCache = Map<string, ReturnType<typeof accounts.getUser>>;

/**
 * updateDoc starting from a copy already read (one store call fewer when nobody wrote meanwhile):
 * on 409 it falls back to updateDoc, which re-reads and runs `change` again on the fresh copy.
 */
async function updateFrom<T extends object>(
  db: Parameters<typeof updateDoc<T>>[0],
  seen: Stored<T>,
  change: (current: Stored<T>) => (T & { _id: string; _rev: string }) | null,
): Promise<Stored<T> | null> {
  const next = change(seen);
  if (!next) return seen;
  try {
    const answer = await db.insert(next);
    return { ...next, _rev: answer.rev } as Stored<T>;
  } catch (err) {
    if (!isConflict(err)) throw err;
    return updateDoc(db, seen._id, change);
  }
}
