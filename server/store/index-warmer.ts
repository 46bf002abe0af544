import type nano from 'nano';
import type { Logger } from '../logger';
import { companyDbOf } from './databases';
import type { DatabaseSpec } from './design';
import { mangoDdocName } from './mango-indexes';
import type { StartUpListing } from './start-up-listing';
import { settledWithin } from './start-up-task';

/**
 * The index warmer: brings views and Mango indexes up to date in the background, so that the
 * first user query after a start or a bulk write (a processed lot of 100,000 cards) does not pay
 * the whole build.
 *
 * CouchDB and PouchDB Server update a view when it is read; the warmer simply reads each one with
 * `limit=0` (a Mango index: a `_find` on it with `limit: 1`), one at a time so that it never holds
 * more than one of the machine's cores. A query that arrives while an index is being built waits
 * for the store to finish it (both stores serialise the updates of one view), so answers are
 * always current, only slower. Apache CouchDB 3 also builds views on its own after writes; the
 * warmer's reads then just wait for that.
 */
export interface IndexWarmer {
  /** Queue these databases' views and indexes (a database already queued is not queued twice). */
  warm(specs: DatabaseSpec[]): void;
  /** Start working (the server calls it once it listens); `warm` before it only queues. */
  start(): void;
  /** Databases queued or being warmed. */
  pending(): string[];
  /** Resolves when nothing is queued or being warmed. */
  idle(): Promise<void>;
  /** Takes no more work; resolves when the read in flight answers, or after `graceMs` (a long build goes on in the store). */
  stop(graceMs?: number): Promise<void>;
}

/** One read that brings an index up to date, named for the log. */
interface WarmRead {
  name: string;
  read(): Promise<unknown>;
}

/**
 * Below this many documents a view is built by its first query in well under a second (PouchDB
 * Server builds ≈ 650 documents/s per view on the bench machine, unloaded), so the warmer leaves it
 * to that query; this also keeps a fresh store's start (the demo, every test) free of extra work.
 */
export const WARM_MIN_DOCS = 500;

export function createIndexWarmer(client: nano.ServerScope, log: Logger, listing: StartUpListing, minDocs = WARM_MIN_DOCS): IndexWarmer {
  const queue = new Map<string, DatabaseSpec>();
  // queued before `start` and not since: their size is the start-up listing's (shared with the
  // holder-set warm-up); a database queued again later (a processed lot) is looked at live
  const asFoundAtStart = new Set<string>();
  let current: string | null = null;
  let again = false; // the database being warmed was queued again meanwhile
  let started = false;
  let stopped = false;
  let running: Promise<void> | null = null;
  const waiters: Array<() => void> = [];

  const settle = () => {
    if (queue.size === 0 && current === null) for (const done of waiters.splice(0)) done();
  };

  async function loop(): Promise<void> {
    while (!stopped) {
      const next = queue.values().next();
      if (next.done) break;
      const spec = next.value;
      queue.delete(spec.name);
      current = spec.name;
      again = false;
      const t0 = Date.now();
      const big = (await sizeOf(spec.name)) >= minDocs;
      for (const step of big ? readsOf(client, spec) : []) {
        if (stopped) break;
        await warmOne(step, spec.name, log, () => stopped);
      }
      if (big) log.info({ database: spec.name, ms: Date.now() - t0 }, 'indexes up to date');
      current = null;
      if (again && !stopped && !queue.has(spec.name)) queue.set(spec.name, spec);
    }
    running = null;
    settle();
  }

  async function sizeOf(name: string): Promise<number> {
    const company = asFoundAtStart.delete(name) ? companyDbOf(name) : null;
    if (company) {
      try {
        const size = (await listing.sizes(company.kind)).get(company.companyId);
        return size ? size.docs + size.deleted : 0; // absent: deleted meanwhile, nothing to warm
      } catch {
        // the listing could not be read: this database's own info below
      }
    }
    return liveSize(client, name);
  }

  const kick = () => {
    if (started && !stopped && !running) running = loop();
  };

  return {
    warm(specs) {
      for (const spec of specs) {
        if (!spec.design?.some((d) => d.views && Object.keys(d.views).length) && !spec.indexes?.length) continue;
        if (started) asFoundAtStart.delete(spec.name);
        else asFoundAtStart.add(spec.name);
        if (spec.name === current) again = true;
        else queue.set(spec.name, spec);
      }
      kick();
    },
    start() {
      started = true;
      kick();
    },
    pending: () => [...(current ? [current] : []), ...queue.keys()],
    idle: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        settle();
      }),
    async stop(graceMs = 5_000) {
      stopped = true;
      queue.clear();
      const inFlight = running;
      await settledWithin(inFlight, graceMs);
      current = null;
      settle();
    },
  };
}

async function liveSize(client: nano.ServerScope, name: string): Promise<number> {
  try {
    const info = await client.db.get(name);
    // PouchDB Server's answer has no doc_del_count
    return (info.doc_count ?? 0) + (info.doc_del_count ?? 0);
  } catch {
    return 0; // deleted meanwhile (the demo reset): nothing to warm
  }
}

/** Brings one database's views and indexes up to date now (tools that write with the server stopped). */
export async function warmDatabase(client: nano.ServerScope, spec: DatabaseSpec, log: Logger): Promise<void> {
  for (const step of readsOf(client, spec)) await warmOne(step, spec.name, log, () => false);
}

function readsOf(client: nano.ServerScope, spec: DatabaseSpec): WarmRead[] {
  const db = client.use(spec.name);
  const reads: WarmRead[] = [];
  for (const ddoc of spec.design ?? []) {
    const name = ddoc._id.slice('_design/'.length);
    for (const [view, def] of Object.entries(ddoc.views ?? {})) {
      // limit=0 reads no row; reduce=false is refused on a map-only view by CouchDB
      const params = def.reduce ? { limit: 0, reduce: false } : { limit: 0 };
      reads.push({ name: `${name}/${view}`, read: () => db.view(name, view, params) });
    }
  }
  for (const index of spec.indexes ?? []) {
    // `$gt: null` selects every document the index holds, so the store must use (and update) it
    reads.push({
      name: mangoDdocName(index),
      read: () => db.find({ selector: { [index.fields[0]]: { $gt: null } }, use_index: [mangoDdocName(index), index.name], fields: ['_id'], limit: 1 }),
    });
  }
  return reads;
}

/**
 * A long build outlasts an HTTP request's header timeout (300 s); the store goes on building, so the
 * same read is sent again until it answers. Any other failure is logged and the next index warmed.
 */
async function warmOne(step: WarmRead, database: string, log: Logger, stopped: () => boolean): Promise<void> {
  for (let attempt = 1; !stopped(); attempt++) {
    try {
      await step.read();
      return;
    } catch (err) {
      if (stopped()) return;
      if (isTimeout(err) && attempt < 100) continue;
      log.warn({ err, database, index: step.name }, 'index warm-up failed; the next query builds it');
      return;
    }
  }
}

function isTimeout(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string }; message?: string };
  const code = e?.cause?.code ?? e?.code ?? '';
  return /TIMEOUT/i.test(code) || /timeout/i.test(e?.message ?? '');
}
