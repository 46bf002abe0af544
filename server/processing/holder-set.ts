import { randomBytes } from 'node:crypto';
import type nano from 'nano';
import type { ServerContext } from '../context';
import { companyDb } from '../store/databases';
import { getMany, getOrNull } from '../store/documents';
import { type StartUpTask, startUpTask } from '../store/start-up-task';
import { frozenSize, keysOf, PersonKeySet } from './person-key-set';
import type { PersonCardDoc } from './processing.model';

/**
 * Who holds a live card, per company and product, as a set of person keys kept in memory and
 * brought up to date from the holders database's `_changes` before each use — lot validation's
 * answer to E_NO_CARD / E_CARD_EXISTS without reading anything per record (BENCHMARKS.md "Lot
 * upload": one `_bulk_get` per person made REC 100k take 23–47 s on the embedded store).
 *
 * Exact, not a guess: the holders database holds only pointers (`person:<product>:<key>`), so its
 * `update_seq` moves exactly when a pointer is written, by this process or any other; a set whose
 * `seq` equals the database's is current, and otherwise it reads only the changes since (an EMI lot
 * of 100,000 cards: 100,000 small changes once).
 *
 * Cheap to start: the set is also kept in the holders database itself as a snapshot — `_local`
 * documents (never replicated, not in `_changes`, gone with the database) holding the live keys per
 * product and the `seq` they are current at. A start reads the snapshot (≈ 1 MB of JSON per 100,000
 * holders) and then only the changes since its `seq`, instead of every pointer with its document
 * (measured on the embedded store: BENCHMARKS.md "Lot upload", 2026-11-26). Only the very first read
 * of a company (no snapshot yet) goes through all its pointers (their ids; readAllPointers); a snapshot is written
 * once the changes applied since the last one reach a tenth of the set. And the server reads the sets of
 * its biggest companies in the background right after it starts (`warmHolderSets`), so the first lot
 * upload after a start does not pay for it.
 *
 * Memory: one Set entry per holder (PersonKeySet: the usual keys as small integers, not strings;
 * ≈ 57 bytes per holder as strings, measured at 100,000 by bench/holder-set.mjs), never card
 * documents; at most MAX_COMPANIES companies are kept (least recently used dropped).
 */
const MAX_COMPANIES = 4;
/** changes (with their ≈ 200-byte pointer documents) per request */
const PAGE = 20_000;
/**
 * pointer ids + revisions per `_all_docs` request (the first read without a snapshot). Smaller pages
 * keep each answer's JSON (built, sent and parsed in this process by default) short-lived.
 */
const ID_PAGE = Number(process.env.HOLDER_ID_PAGE) || 5_000;
const PREFIX = 'person:';
const PREFIX_END = 'person;'; // ';' follows ':'
/** pointers at revision 2+ read per `_bulk_get` (the first read without a snapshot) */
const UPDATED_BATCH = 2_000;
/**
 * A new snapshot is written once the changes applied since the last one reach a tenth of the
 * holders (and at least SNAPSHOT_MIN): a start then reads at most ≈ 10 % of the set as changes, and
 * a big company's snapshot (≈ 12 MB at 1,000,000 holders) is not rewritten after every small lot.
 */
export const SNAPSHOT_MIN = 1_000;
/** holders per snapshot part document (≈ 1.2 MB: well under CouchDB 3's 8 MB max_document_size) */
const SNAPSHOT_PART = 100_000;
const SNAPSHOT_HEAD = '_local/holder-set';
/**
 * 2: a part's keys of a product are one string, joined by KEY_SEPARATOR (1: an array of strings,
 * still read). One string instead of 100,000 in each of the JSON documents the snapshot write and
 * read pass through (nano, PouchDB Server, LevelDB, all in this process by default): the first start
 * over 1,000,000 holders peaked ≈ 40 MB of heap higher while writing parts of arrays
 * (BENCHMARKS.md "Lot upload", 2026-11-26 06:40).
 */
const SNAPSHOT_VERSION = 2;
const READABLE_VERSIONS = [1, 2];
/** a person key is a lot line's fields (idType + idNumber): never a line break */
const KEY_SEPARATOR = '\n';
/** companies with fewer pointers than this are read by their first use (a few milliseconds) */
export const WARM_MIN_POINTERS = 1_000;

interface CompanyHolders {
  seq: string | number;
  byProduct: Map<string, PersonKeySet>;
  /** a catch-up in flight: concurrent validations wait for the same one */
  catchingUp: Promise<void> | null;
  /** whether the stored snapshot was looked for (once per process) */
  looked: boolean;
  /** how the set was started: from the stored snapshot, or from the pointers (no snapshot) */
  source: 'snapshot' | 'pointers' | null;
  /** changes applied since the state the stored snapshot holds */
  sinceSnapshot: number;
  snapshotting: Promise<void> | null;
}

interface SnapshotHead {
  _id: string;
  _rev?: string;
  version: number;
  seq: string | number;
  gen: string;
  parts: number;
  holders: number;
}

interface SnapshotPart {
  _id: string;
  gen: string;
  /** product code → person keys, joined by KEY_SEPARATOR (version 2; an array in version 1 or if a key holds the separator) */
  products: Record<string, string | string[]>;
}

const caches = new WeakMap<ServerContext, Map<string, CompanyHolders>>();

const holdersDbOf = (ctx: ServerContext, cid: string) => ctx.store.use<PersonCardDoc>(companyDb(cid, 'holders'));

function entryOf(ctx: ServerContext, cid: string): CompanyHolders {
  let companies = caches.get(ctx);
  if (!companies) caches.set(ctx, (companies = new Map()));
  let entry = companies.get(cid);
  if (!entry) {
    entry = { seq: 0, byProduct: new Map(), catchingUp: null, looked: false, source: null, sinceSnapshot: 0, snapshotting: null };
    companies.set(cid, entry);
    for (const oldest of companies.keys()) {
      if (companies.size <= MAX_COMPANIES) break;
      companies.delete(oldest);
    }
  } else {
    companies.delete(cid); // most recently used last
    companies.set(cid, entry);
  }
  return entry;
}

/** The person keys holding a live (pointer not flagged `cancelled`) card of the product, current as of now. */
export async function liveHolders(ctx: ServerContext, db: nano.DocumentScope<PersonCardDoc>, cid: string, productCode: string): Promise<Pick<PersonKeySet, 'has'>> {
  const entry = entryOf(ctx, cid);
  await bringUpToDate(ctx, db, entry);
  return entry.byProduct.get(productCode) ?? new PersonKeySet();
}

/** What a running server holds of a company's holders (specs, logs): null until its first read is complete. */
export function holderSetState(ctx: ServerContext, cid: string): { source: 'snapshot' | 'pointers' | null; seq: string | number; holders: number; snapshotting: boolean } | null {
  const entry = caches.get(ctx)?.get(cid);
  if (!entry || entry.source === null) return null;
  return { source: entry.source, seq: entry.seq, holders: sizeOf(entry), snapshotting: entry.snapshotting !== null };
}

/** Resolves when the company's snapshot write in flight (if any) is done (specs, the warm-up's stop). */
export async function holderSnapshotWritten(ctx: ServerContext, cid: string): Promise<void> {
  await caches.get(ctx)?.get(cid)?.snapshotting;
}

async function bringUpToDate(ctx: ServerContext, db: nano.DocumentScope<PersonCardDoc>, entry: CompanyHolders): Promise<void> {
  for (;;) {
    if (entry.catchingUp) {
      await entry.catchingUp;
      continue;
    }
    const { update_seq: current } = await db.info();
    if (entry.looked && String(current) === String(entry.seq)) return;
    // a database deleted and created again under the same name (the demo reset) starts its
    // sequence over: a set ahead of it is from the old database (PouchDB's sequences are numbers)
    if (entry.looked && typeof current === 'number' && typeof entry.seq === 'number' && current < entry.seq) {
      entry.seq = 0;
      entry.byProduct = new Map();
      entry.sinceSnapshot = 0;
    }
    const run = catchUp(db, entry);
    entry.catchingUp = run;
    try {
      await run;
    } finally {
      entry.catchingUp = null;
    }
    if (!entry.snapshotting && entry.sinceSnapshot >= Math.max(SNAPSHOT_MIN, sizeOf(entry) / 10)) startSnapshot(ctx, db, entry);
    return; // current as of the info read (changes after it are the next use's)
  }
}

async function catchUp(db: nano.DocumentScope<PersonCardDoc>, entry: CompanyHolders): Promise<void> {
  let source: CompanyHolders['source'] = null;
  if (!entry.looked) {
    const snapshot = await readSnapshot(db);
    entry.looked = true;
    source = snapshot ? 'snapshot' : 'pointers';
    if (snapshot) {
      entry.byProduct = snapshot.byProduct;
      entry.seq = snapshot.seq;
    } else if (String(entry.seq) === '0') await readAllPointers(db, entry);
  }
  let since = entry.seq;
  for (;;) {
    const page = await db.changes({ since: String(since), include_docs: true, limit: PAGE } as nano.DatabaseChangesParams);
    for (const change of page.results) {
      const pointer = pointerOf(change.id);
      if (!pointer) continue;
      const { product, key } = pointer;
      const set = setOf(entry.byProduct, product);
      const doc = (change as { doc?: PersonCardDoc & { _deleted?: boolean } }).doc;
      if (change.deleted || !doc || doc._deleted || doc.cancelled) set.delete(key);
      else set.add(key);
    }
    since = page.last_seq;
    entry.seq = since; // what is applied so far stays applied if a later page fails
    entry.sinceSnapshot += page.results.length;
    if (page.results.length < PAGE) break;
  }
  if (source) entry.source = source; // the first read is complete
}

/**
 * The first read without a snapshot: the pointers' ids and revisions only (`_all_docs` without
 * documents: ≈ 6× faster than their changes with documents on the embedded store, bench/holder-set.mjs),
 * and the documents of just those at revision 2 or later. A pointer is always created without the
 * `cancelled` flag (EMI processing, REP, the demo seed, the backfill: processing.model.ts) and the
 * flag only ever comes with an update, so a pointer still at its first revision is live. Current as
 * of the `update_seq` read before the scan: the changes from there on (some already seen: applying a
 * change again changes nothing) are read next by the caller.
 */
async function readAllPointers(db: nano.DocumentScope<PersonCardDoc>, entry: CompanyHolders): Promise<void> {
  const { update_seq: seq } = await db.info();
  const byProduct = new Map<string, PersonKeySet>();
  const add = (id: string) => {
    const pointer = pointerOf(id);
    if (pointer) setOf(byProduct, pointer.product).add(pointer.key);
  };
  let read = 0;
  let startkey = PREFIX;
  for (;;) {
    const page = await db.list({ startkey, endkey: PREFIX_END, limit: ID_PAGE });
    const updated: string[] = [];
    for (const row of page.rows) {
      if (row.value.rev.startsWith('1-')) add(row.id);
      else updated.push(row.id);
    }
    for (let i = 0; i < updated.length; i += UPDATED_BATCH) {
      for (const doc of (await getMany(db, updated.slice(i, i + UPDATED_BATCH))).values()) if (!doc.cancelled) add(doc._id);
    }
    read += page.rows.length;
    if (page.rows.length < ID_PAGE) break;
    startkey = page.rows[page.rows.length - 1].id + '\u0000';
  }
  entry.byProduct = byProduct;
  entry.seq = seq;
  entry.sinceSnapshot += read;
}

/** The stored snapshot, or null when there is none or it is incomplete (a part of another write). */
async function readSnapshot(db: nano.DocumentScope<PersonCardDoc>): Promise<{ seq: string | number; byProduct: Map<string, PersonKeySet> } | null> {
  const head = (await getOrNull(db, SNAPSHOT_HEAD)) as unknown as SnapshotHead | null;
  if (!head || !READABLE_VERSIONS.includes(head.version)) return null;
  const byProduct = new Map<string, PersonKeySet>();
  for (let i = 0; i < head.parts; i++) {
    const part = (await getOrNull(db, partId(head.gen, i))) as unknown as SnapshotPart | null;
    if (!part || part.gen !== head.gen) return null;
    for (const [product, keys] of Object.entries(part.products)) {
      const set = setOf(byProduct, product);
      if (Array.isArray(keys)) for (const key of keys) set.add(key);
      else if (keys !== '') for (const key of keys.split(KEY_SEPARATOR)) set.add(key);
    }
  }
  return { seq: head.seq, byProduct };
}

/**
 * Writes the set as it is now as the stored snapshot, in the background. The keys are copied at
 * once (the next catch-up changes the sets); parts of a new generation first, then the head that
 * names them, then the old generation's parts — a crash midway leaves the old snapshot or the new
 * one, never a mix. A failure only costs the next start a longer read.
 */
function startSnapshot(ctx: ServerContext, db: nano.DocumentScope<PersonCardDoc>, entry: CompanyHolders): void {
  const seq = entry.seq;
  // numbers in typed arrays: ≈ 4 bytes per holder while the parts are written, not a string each
  const frozen = [...entry.byProduct].map(([product, set]) => ({ product, keys: set.freeze() }));
  const holders = frozen.reduce((n, f) => n + frozenSize(f.keys), 0);
  const applied = entry.sinceSnapshot;
  entry.sinceSnapshot = 0;
  entry.snapshotting = (async () => {
    try {
      const old = (await getOrNull(db, SNAPSHOT_HEAD)) as unknown as SnapshotHead | null;
      const gen = randomBytes(6).toString('hex');
      let parts = 0;
      let part: SnapshotPart['products'] = {};
      let inPart = 0;
      const write = async () => {
        await db.insert({ _id: partId(gen, parts), gen, products: part } as unknown as PersonCardDoc);
        parts++;
        part = {};
        inPart = 0;
      };
      for (const { product, keys } of frozen) {
        const total = frozenSize(keys);
        for (let from = 0; from < total; ) {
          const take = Math.min(SNAPSHOT_PART - inPart, total - from);
          const chunk = keysOf(keys, from, take);
          part[product] = chunk.some((k) => k.includes(KEY_SEPARATOR)) ? chunk : chunk.join(KEY_SEPARATOR);
          from += take;
          inPart += take;
          if (inPart === SNAPSHOT_PART) await write();
        }
      }
      if (inPart > 0 || parts === 0) await write();
      const head: SnapshotHead = { _id: SNAPSHOT_HEAD, version: SNAPSHOT_VERSION, seq, gen, parts, holders };
      if (old?._rev) head._rev = old._rev;
      await db.insert(head as unknown as PersonCardDoc);
      if (old && old.gen !== gen) for (let i = 0; i < old.parts; i++) await deleteLocal(db, partId(old.gen, i));
    } catch (err) {
      entry.sinceSnapshot += applied; // try again after the next catch-up
      ctx.log.warn({ err }, 'holder set snapshot not written; the next start reads more changes');
    } finally {
      entry.snapshotting = null;
    }
  })();
}

/** product and person key of a pointer id (`person:<product>:<key>`), null for any other id */
function pointerOf(id: string): { product: string; key: string } | null {
  if (!id.startsWith(PREFIX)) return null;
  const rest = id.slice(PREFIX.length);
  const colon = rest.indexOf(':');
  return colon < 0 ? null : { product: rest.slice(0, colon), key: rest.slice(colon + 1) };
}

function setOf(byProduct: Map<string, PersonKeySet>, product: string): PersonKeySet {
  let set = byProduct.get(product);
  if (!set) byProduct.set(product, (set = new PersonKeySet()));
  return set;
}

function sizeOf(entry: CompanyHolders): number {
  let n = 0;
  for (const set of entry.byProduct.values()) n += set.size;
  return n;
}

const partId = (gen: string, i: number) => `${SNAPSHOT_HEAD}:${gen}:${i}`;

async function deleteLocal(db: nano.DocumentScope<PersonCardDoc>, id: string): Promise<void> {
  const doc = (await getOrNull(db, id)) as unknown as { _rev?: string } | null;
  if (doc?._rev) await db.destroy(id, doc._rev).catch(() => undefined);
}

/**
 * Once the server listens (`start`), in the background: the holder sets of the companies with the most pointers (at most
 * MAX_COMPANIES, each with at least WARM_MIN_POINTERS), read now so that the first lot upload after a
 * start finds its company's set current. A validation arriving meanwhile waits for the same read.
 * `read: false` (HOLDER_SET_WARMUP=off) reads nothing. `stop` reads no further, lets the company in
 * flight finish (5 s at most) and waits for snapshot writes in flight.
 */
export function warmHolderSets(ctx: ServerContext, options: { read: boolean }): StartUpTask {
  const run = async (stopped: () => boolean) => {
    if (!options.read || stopped()) return;
    try {
      // the holders databases as found at start (the listing the index warmer shares)
      const sizes: Array<{ cid: string; pointers: number }> = [];
      for (const [cid, size] of await ctx.store.startUp.sizes('holders')) {
        if (size.docs >= WARM_MIN_POINTERS) sizes.push({ cid, pointers: size.docs });
      }
      sizes.sort((a, b) => b.pointers - a.pointers);
      for (const { cid } of sizes.slice(0, MAX_COMPANIES)) {
        if (stopped()) return;
        const t0 = Date.now();
        const db = holdersDbOf(ctx, cid);
        const entry = entryOf(ctx, cid);
        await bringUpToDate(ctx, db, entry);
        ctx.log.info({ companyId: cid, ...holderSetState(ctx, cid), ms: Date.now() - t0 }, 'holder set read at start');
      }
    } catch (err) {
      if (!stopped()) ctx.log.warn({ err }, 'holder sets not read at start; the first validation reads them');
    }
  };
  return startUpTask(run, async () => {
    const companies = caches.get(ctx);
    if (companies) await Promise.all([...companies.values()].map((e) => e.snapshotting));
  });
}
