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
import { insertAuditsOnce } from '../audit/audit.store';
import { appliedEffect, decide, getCards, writeCards, type CardAction } from '../cards/card-actions.service';
import type { StoredCardDoc } from '../cards/cards.model';
import { ensurePinLots } from '../cards/pin-lot';
import type { ServerContext } from '../context';
import { companyDb } from '../store/databases';
import { bulkWrite, fetchDocs, updateDoc, type Stored } from '../store/documents';
import { dbUpdateSeq, qs, storeJson } from '../sync/upstream';
import { pendingEntries, queueDb, REQUEST_QUEUE_DB, type QueueEntry } from './request-queue.store';

/**
 * The requests worker (DESIGN.md 3, 5). Any number of instances, on any number of servers. It works
 * in passes over a batch, a handful of store calls per pass however many requests it holds
 * (~1 store call per request made it the bound of a 1,000-request drain):
 *
 *  1. Read the PENDING pointers of ce_request_queue in arrival order (an index; done ones are not read).
 *  2. Take, in arrival order, up to `batchSize` of them; a card whose earliest pending pointer another
 *     worker holds (live lease) is left alone entirely (arrival order per card).
 *  3. Claim them in ONE `_bulk_docs`: `claimedBy`/`claimedAt` on each pointer's `_rev` (a conflict →
 *     someone else has it, and this pass drops the later pointers of that card). A claim older than
 *     the lease is taken over: its worker died.
 *  4. Read the request documents and the cards involved (one `_all_docs` each per company), then
 *     decide in memory, per card in arrival order, on the card as the earlier requests leave it:
 *       already applied to the card (`appliedEffects` holds `req:<id>`) → APPLIED (a crash's resume);
 *       user missing, blocked, or no longer a member → REJECTED USER_INACTIVE;
 *       no cards.manage → REJECTED NO_PERMISSION;
 *       otherwise the card rules (card-actions.service `decide`): the next card, or the Spanish reason.
 *     A card's run stops at its first newly rejected request (the rest wait for the next pass), so
 *     the card written never holds an effect decided AFTER a rejection whose outcome a crash could
 *     lose: a resume decides that rejected request again on the same card state.
 *  5. Write the changed cards in ONE `_bulk_docs`, each under MVCC (state + history + effect ids in
 *     the card's one write). A card changed meanwhile (409) drops its requests from this pass.
 *  6. Outcomes on the request documents (status, outcome, appliedAt), one `_bulk_docs` — they replicate back.
 *  7. Audit entries with deterministic ids (audit:<appliedAt>:<requestId>), one `_bulk_docs`.
 *  8. Pointers DONE (and the claims this pass did not use released), one `_bulk_docs`.
 * A crash between any two steps leaves pointers PENDING whose lease expires; the next worker redoes
 * the steps, each of which is idempotent, so every request ends APPLIED exactly once or REJECTED.
 */
export interface RequestWorkerOptions {
  workerId?: string;
  leaseMs?: number;
  /** most requests one pass claims and applies together (default 200) */
  batchSize?: number;
  /** longest wait between sweeps when nothing wakes the worker */
  idleMs?: number;
  /** a request whose document never arrived (failed push) is given up after this long */
  missingAfterMs?: number;
  /** tests: throw at a named step to simulate a crash (called for each request of the pass at that step) */
  failpoint?: (step: 'claimed' | 'effect' | 'outcome' | 'audit', entry: QueueEntry) => void;
}

export type WorkerStep = Parameters<NonNullable<RequestWorkerOptions['failpoint']>>[0];

type Decision = { status: 'APPLIED' | 'REJECTED'; outcome: RequestOutcome; at: string };
type UserCache = Map<string, ReturnType<typeof accounts.getUser>>;
type Claimed = Stored<QueueEntry>;
type PointerResult = NonNullable<QueueEntry['result']>;

/** What a pass does with one claimed pointer. */
interface Work {
  entry: Claimed;
  request: Stored<CardRequestDoc>;
  /** newly decided in this pass (null: the request document already held its outcome — a resume) */
  decision: Decision | null;
}

export class RequestWorker {
  readonly workerId: string;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly idleMs: number;
  private readonly missingAfterMs: number;
  private stopped = true;
  private loop: Promise<void> | null = null;
  private waitAbort: AbortController | null = null;
  private wakeRequested = false;
  /** a pass left claimed work undone (a card changed meanwhile): sweep again without waiting */
  private retry = false;

  constructor(
    private readonly ctx: ServerContext,
    private readonly options: RequestWorkerOptions = {},
  ) {
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batchSize = Math.max(1, options.batchSize ?? 200);
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
        this.retry = false;
        const progressed = await this.sweep();
        if (this.stopped) break;
        if (progressed > 0 || this.wakeRequested) continue;
        if (this.retry) {
          await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
          continue;
        }
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

  private leaseLive(entry: QueueEntry, now: Date): boolean {
    return !!entry.claimedBy && !!entry.claimedAt && now.getTime() - Date.parse(entry.claimedAt) < this.leaseMs;
  }

  /** One pass (steps 1–8 above); answers how many requests it finished. Public for tests. */
  async sweep(): Promise<number> {
    const claimed = await this.claim(await this.take());
    if (claimed.length === 0) return 0;
    for (const entry of claimed) this.options.failpoint?.('claimed', entry);

    const release: Claimed[] = [];
    const finish: Array<{ entry: Claimed; result: PointerResult }> = [];
    const works: Work[] = [];
    const users: UserCache = new Map();
    for (const [companyId, entries] of groupBy(claimed, (e) => e.companyId)) {
      const decided = await this.decideCompany(companyId, entries, users);
      release.push(...decided.release);
      finish.push(...decided.missing.map((entry) => ({ entry, result: 'MISSING' as const })));
      works.push(...decided.works);
    }
    for (const w of works) this.options.failpoint?.('effect', w.entry);

    await this.writeOutcomes(works);
    for (const w of works) this.options.failpoint?.('outcome', w.entry);

    await insertAuditsOnce(this.ctx, works.map((w) => auditDocOf(w.request, this.ctx.now())));
    for (const w of works) this.options.failpoint?.('audit', w.entry);

    for (const w of works) finish.push({ entry: w.entry, result: w.request.status === 'APPLIED' ? 'APPLIED' : 'REJECTED' });
    await this.closePointers(finish, release);
    return finish.length;
  }

  /** Steps 1–2: the pointers this pass may claim, in arrival order. */
  private async take(): Promise<Claimed[]> {
    const now = this.ctx.now();
    const entries = await pendingEntries(this.ctx, Math.max(100, 2 * this.batchSize));
    const heldElsewhere = new Set<string>();
    const taken: Claimed[] = [];
    for (const entry of entries) {
      const key = cardKeyOf(entry);
      if (heldElsewhere.has(key)) continue;
      if (entry.claimedBy !== this.workerId && this.leaseLive(entry, now)) {
        heldElsewhere.add(key);
        continue;
      }
      if (taken.length >= this.batchSize) break;
      taken.push(entry);
    }
    return taken;
  }

  /**
   * Step 3, one `_bulk_docs`. Of each card only the claimed prefix is kept: after a pointer someone
   * else claimed first, the later pointers of that card are released again (arrival order per card).
   */
  private async claim(taken: Claimed[]): Promise<Claimed[]> {
    if (taken.length === 0) return [];
    const at = this.ctx.now().toISOString();
    const docs = taken.map((e) => ({ ...e, claimedBy: this.workerId, claimedAt: at, attempts: e.attempts + 1 }));
    const rows = await bulkWrite(queueDb(this.ctx), docs);
    const lost = new Set<string>();
    const kept: Claimed[] = [];
    const giveBack: Claimed[] = [];
    rows.forEach((row, i) => {
      const key = cardKeyOf(docs[i]);
      if (row.error) {
        if (row.error !== 'conflict') throw storeError('request queue', row);
        lost.add(key);
        return;
      }
      const entry = { ...docs[i], _rev: row.rev! };
      // a pointer of a card whose EARLIER pointer someone else holds cannot run now
      (lost.has(key) ? giveBack : kept).push(entry);
    });
    if (giveBack.length > 0) await this.closePointers([], giveBack);
    return kept;
  }

  /** Steps 4–5 for one company: read requests and cards, decide per card in arrival order, write the cards. */
  private async decideCompany(
    companyId: string,
    entries: Claimed[],
    users: UserCache,
  ): Promise<{ works: Work[]; release: Claimed[]; missing: Claimed[] }> {
    const now = this.ctx.now();
    const requests = await fetchDocs(requestsDb(this.ctx, companyId), entries.map((e) => e.docId));
    const cards = await getCards(this.ctx, companyId, entries.map((e) => requests.get(e.docId)?.cardId ?? e.cardId));
    const branches = await this.branchesNamed(companyId, [...requests.values()]);

    const works: Array<Work & { cardId: string }> = [];
    const release: Claimed[] = [];
    const missing: Claimed[] = [];
    const changed = new Map<string, Stored<StoredCardDoc>>();
    const pinCheck = new Set<string>();
    for (const group of groupBy(entries, (e) => e.cardId).values()) {
      for (let i = 0; i < group.length; i++) {
        const entry = group[i];
        const request = requests.get(entry.docId);
        if (!request) {
          // the pointer is written before the push is forwarded; the push may still be on its way or have failed
          if (now.getTime() - Date.parse(entry.receivedAt) < this.missingAfterMs) {
            release.push(...group.slice(i));
            break;
          }
          missing.push(entry);
          continue;
        }
        if (request.status !== 'PENDING') {
          // its outcome was written before a crash (after its card): only the audit entry and the pointer are left
          works.push({ entry, request, decision: null, cardId: request.cardId });
          if (request.status === 'APPLIED') pinCheck.add(request.cardId);
          continue;
        }
        const card = changed.get(request.cardId) ?? cards.get(request.cardId) ?? null;
        const { decision, next, resumed } = await this.decideOne(entry, request, card, users, branches);
        works.push({ entry, request, decision, cardId: request.cardId });
        if (next) changed.set(request.cardId, next);
        if (resumed || next?.pinLotPending) pinCheck.add(request.cardId);
        if (decision.status === 'REJECTED') {
          // step 4: what follows a fresh rejection of this card waits for the next pass
          release.push(...group.slice(i + 1));
          break;
        }
      }
    }

    // step 5: the cards, each under MVCC on the revision read above
    const toWrite = [...changed.values()];
    const conflicted = new Set<string>();
    (await writeCards(this.ctx, companyId, toWrite)).forEach((row, i) => {
      if (!row.error) changed.set(toWrite[i].cardId, { ...toWrite[i], _rev: row.rev! });
      else if (row.error === 'conflict') conflicted.add(toWrite[i].cardId);
      else throw storeError('cards', row);
    });
    if (conflicted.size > 0) this.retry = true;
    // a PIN request's REP lot (also one a crash left uncreated)
    for (const cardId of pinCheck) {
      const card = changed.get(cardId) ?? cards.get(cardId);
      if (!conflicted.has(cardId) && card?.pinLotPending) await ensurePinLots(this.ctx, companyId, card);
    }
    // a card changed meanwhile (e.g. an online card action): its fresh decisions are made again next pass
    const kept = works.filter((w) => !(w.decision && conflicted.has(w.cardId)) || !release.push(w.entry));
    return { works: kept, release, missing };
  }

  private async decideOne(
    entry: Claimed,
    request: Stored<CardRequestDoc>,
    card: Stored<StoredCardDoc> | null,
    users: UserCache,
    branches: Set<string>,
  ): Promise<{ decision: Decision; next: Stored<StoredCardDoc> | null; resumed: boolean }> {
    const at = this.ctx.now().toISOString();
    const reject = (code: RequestRejectionCode) => ({
      decision: { status: 'REJECTED' as const, outcome: { code, message: REQUEST_REJECTION_REASONS[code] }, at },
      next: null,
      resumed: false,
    });
    const applied = (when: string, next: Stored<StoredCardDoc> | null, resumed: boolean) => ({
      decision: { status: 'APPLIED' as const, outcome: { code: 'APPLIED' as const, message: 'Aplicada.' }, at: when },
      next,
      resumed,
    });

    // The stored document was validated at push; check it again (defence in depth, and old documents).
    const { _rev: _r, status: _s, outcome: _o, appliedAt: _a, receivedAt: _ra, ...pushed } = request as Stored<CardRequestDoc> & { receivedAt?: unknown };
    const parsed = pushedCardRequestSchema.safeParse(pushed);
    if (!parsed.success || request.companyId !== entry.companyId || clientRequestIdOf(request._id) !== entry.requestId) return reject('INVALID_REQUEST');

    // Resume: the effect may already be on the card (a crash after the card write).
    const done = card ? appliedEffect(card, request._id) : null;
    if (done) return applied(done.at ?? at, null, true);

    // one read per user and pass (a pass lasts seconds; a later pass sees any change)
    let userRead = users.get(request.userId);
    if (!userRead) users.set(request.userId, (userRead = accounts.getUser(this.ctx, request.userId)));
    const user = await userRead;
    if (!user || user.status !== 'active') return reject('USER_INACTIVE');
    const granted = permissionsIn(user, entry.companyId);
    if (!granted) return reject('USER_INACTIVE');
    if (!granted.includes('cards.manage')) return reject('NO_PERMISSION');

    if (!card) return reject('CARD_NOT_FOUND');
    const action = { kind: request.kind, payload: request.payload } as CardAction;
    if (action.kind === 'card.replacement' && !branches.has(action.payload.branchCode)) return reject('BRANCH_NOT_FOUND');
    const input = { companyId: entry.companyId, cardId: request.cardId, action, effectId: request._id, actor: { userId: request.userId }, origin: 'offline-request' as const };
    const result = decide(card, input, at);
    return 'code' in result ? reject(result.code) : applied(at, result.next, false);
  }

  /** The branches the pending replacement requests of a pass name (one read; usually none). */
  private async branchesNamed(companyId: string, requests: Stored<CardRequestDoc>[]): Promise<Set<string>> {
    const codes = requests.flatMap((r) => (r.kind === 'card.replacement' && r.status === 'PENDING' ? [String((r.payload as { branchCode?: unknown }).branchCode)] : []));
    if (codes.length === 0) return new Set();
    const found = await fetchDocs(this.ctx.store.use<{ _id: string }>(companyDb(companyId, 'branches')), codes.map((c) => `branch:${c}`));
    return new Set([...found.keys()].map((id) => id.slice('branch:'.length)));
  }

  /** Step 6: outcomes, one `_bulk_docs` per company; a request document changed meanwhile is re-read. */
  private async writeOutcomes(works: Work[]): Promise<void> {
    const fresh = works.filter((w) => w.decision);
    for (const [companyId, group] of groupBy(fresh, (w) => w.entry.companyId)) {
      const db = requestsDb(this.ctx, companyId);
      const withOutcome = (cur: Stored<CardRequestDoc>, d: Decision) =>
        ({ ...cur, status: d.status, outcome: d.outcome, appliedAt: d.at }) as Stored<CardRequestDoc>;
      const docs = group.map((w) => withOutcome(w.request, w.decision!));
      for (const [i, row] of (await bulkWrite(db, docs)).entries()) {
        const w = group[i];
        if (!row.error) w.request = { ...docs[i], _rev: row.rev! };
        else if (row.error === 'conflict') {
          const decision = w.decision!;
          w.request = (await updateDoc(db, w.request._id, (cur) => (cur.status !== 'PENDING' ? null : withOutcome(cur, decision))))!;
        } else throw storeError('requests', row);
      }
    }
  }

  /** Step 8: pointers DONE and unused claims released, one `_bulk_docs`; a pointer changed meanwhile is re-read. */
  private async closePointers(finish: Array<{ entry: Claimed; result: PointerResult }>, release: Claimed[]): Promise<void> {
    const doneAt = this.ctx.now().toISOString();
    const done = (result: PointerResult) => (cur: Stored<QueueEntry>): Stored<QueueEntry> | null =>
      cur.state === 'DONE' ? null : { ...cur, state: 'DONE', result, doneAt, claimedBy: null, claimedAt: null };
    const released = (cur: Stored<QueueEntry>): Stored<QueueEntry> | null =>
      cur.claimedBy === this.workerId && cur.state === 'PENDING' ? { ...cur, claimedBy: null, claimedAt: null } : null;
    const changes = [
      ...finish.map(({ entry, result }) => ({ entry, change: done(result) })),
      ...release.map((entry) => ({ entry, change: released })),
    ].flatMap(({ entry, change }) => {
      const next = change(entry);
      return next ? [{ next, change }] : [];
    });
    for (const [i, row] of (await bulkWrite(queueDb(this.ctx), changes.map((c) => c.next))).entries()) {
      if (!row.error) continue;
      if (row.error !== 'conflict') throw storeError('request queue', row);
      await updateDoc(queueDb(this.ctx), row.id, changes[i].change);
    }
  }
}

const requestsDb = (ctx: ServerContext, companyId: string) => ctx.store.use<CardRequestDoc>(companyDb(companyId, 'requests'));

function cardKeyOf(entry: QueueEntry): string {
  return `${entry.companyId}\n${entry.cardId}`;
}

function storeError(what: string, row: { id: string; error?: string }): Error {
  return Object.assign(new Error(`${what}: ${row.error} on ${row.id}`), { statusCode: 500 });
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = out.get(key);
    if (list) list.push(item);
    else out.set(key, [item]);
  }
  return out;
}

/** A request's audit entry; its id is deterministic, so writing it again finds it written. */
function auditDocOf(request: Stored<CardRequestDoc>, now: Date): AuditDoc {
  const at = request.appliedAt ?? now.toISOString();
  const requestId = clientRequestIdOf(request._id)!;
  return {
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
}
