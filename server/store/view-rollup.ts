import { createHash, randomBytes } from 'node:crypto';
import type nano from 'nano';
import type { Logger } from '../logger';
import { getOrNull } from './documents';
import { compileMap } from './map-function';
import { emptyReduction, mergeReductions, type Reduction, withRow } from './reductions';
import { reduceBySlices } from './sliced-reduce';
import { type StartUpTask, settledWithin, startUpTask } from './start-up-task';

/**
 * A reduction rollup: the embedded store's stand-in for the reductions Apache CouchDB keeps in its
 * view b-trees. PouchDB Server keeps none, so every `_count`/`_stats` reduce reads its whole key range
 * (by slices, sliced-reduce.ts): a year of recharges over 1,000,000 ledger entries took 56–66 s.
 *
 * Per registered view (RollupSpec) and database, the rollup holds one bucket per key prefix of
 * `groupLevel` elements — the reduce of that prefix's rows plus the smallest and largest full key seen
 * in it. A reduce over [startkey, endkey) at a group level up to the rollup's is then
 *   - the buckets whose [min, max] lies inside the range, from memory, plus
 *   - the rows of the buckets the range cuts, and of the excluded key ranges, read from the view by
 *     slices as before (so the answer is the store's own, whatever the range).
 * All rows of one prefix sort together (CouchDB collation compares arrays element by element), so a
 * bucket's [min, max] holds no other prefix's rows. Bounds only ever widen (a removed row leaves them):
 * stale bounds are still bounds, and a bucket the range may cut is simply read from the view.
 *
 * Kept current from the database's `_changes` (include_docs, since the rollup's seq) by running the
 * view's own map source in Node, compiled once in a `vm` context as PouchDB does (the document goes in
 * as JSON; a document whose map throws emits nothing; ids starting with `_` are skipped). Documents that
 * change (cards: status, plastic, replacement) are remembered as the buckets they added to, so an
 * update or deletion takes them out; append-only databases (the ledger: validate_doc_update refuses
 * updates and deletes) need no per-document memory, and an update seen there disables the rollup
 * (the view answers, as before) instead of counting twice.
 *
 * Persisted as a snapshot in `_local` documents of the same database (never replicated, gone with the
 * database): parts of a new generation, then the head naming them with its seq (one atomic write),
 * then the old generation's parts — a crash leaves the old snapshot or the new one, and the changes
 * since its seq bring the rest. A snapshot of another view definition, or whose parts do not match the
 * head's digest, is ignored and the rollup rebuilt from the changes.
 *
 * Only for the embedded store (PouchDB's numeric, exact sequences); on Apache CouchDB the store's
 * own reduce answers. Results are the store's own: the same rows reduced by the same arithmetic, only
 * grouped differently — `_stats`' `sumsqr` (no report reads it) may then differ in its last bits once
 * it passes 2^53, as CouchDB's own rereduce does.
 */

// pouchdb-collate is the module PouchDB orders view keys with (express-pouchdb's dependency, the same
// code as the copy inside the pouchdb bundle); untyped CommonJS
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pouchCollate = require('pouchdb-collate') as { collate(a: unknown, b: unknown): number; normalizeKey(key: unknown): unknown };
const { collate, normalizeKey } = pouchCollate;

const ROLLUP_VERSION = 1;
/** changes (with their documents) read per `_changes` request */
const PAGE = 5_000;
/**
 * A query finds the rollup at most this many changes behind the database: it catches up first (a few
 * seconds at most). Further behind (never built, or a lot of 100,000 cards just processed) the query is
 * answered from the view by slices, as before, while the rollup catches up in the background.
 */
export const INLINE_CATCH_UP_MAX = 20_000;
/** a new snapshot once the changes applied since the last reach a tenth of the rows (and at least this) */
export const SNAPSHOT_MIN = 1_000;
/** items of each array (buckets, documents) per snapshot part document */
const SNAPSHOT_PART = 20_000;
/** rollups (one per database and view) kept in memory; the least recently used is dropped (its snapshot remains) */
const MAX_ROLLUPS = 12;

export interface RollupSpec {
  design: string;
  view: string;
  /** the view's map source, exactly as in the design document */
  map: string;
  reduce: '_count' | '_stats';
  /** buckets are `key.slice(0, groupLevel)`; reduces grouped deeper are read from the view */
  groupLevel: number;
  /**
   * Key ranges [from, to) kept out of the rollup (too many prefixes: one per card), always read from
   * the view. Bounds are at most `groupLevel` long, so a whole prefix is in or out.
   */
  exclude: ReadonlyArray<readonly [unknown[], unknown[]]>;
  /** documents are never updated or deleted once written (needed for `_stats`: a min or max cannot be taken out) */
  appendOnly: boolean;
  /** identifies this definition: a snapshot of another one is not used */
  digest: string;
}

export function defineRollup(def: Omit<RollupSpec, 'digest' | 'exclude' | 'appendOnly'> & Partial<Pick<RollupSpec, 'exclude' | 'appendOnly'>>): RollupSpec {
  const spec = { exclude: [], appendOnly: false, ...def };
  if (spec.reduce === '_stats' && !spec.appendOnly) throw new Error(`rollup ${def.design}/${def.view}: _stats needs an append-only database`);
  if (spec.exclude.some(([from, to]) => from.length > spec.groupLevel || to.length > spec.groupLevel)) throw new Error('rollup exclusion bounds longer than the group level');
  const digest = createHash('sha256').update(JSON.stringify({ ROLLUP_VERSION, ...spec })).digest('hex').slice(0, 32);
  return { ...spec, digest };
}

type Value = Reduction;

interface Bucket {
  index: number;
  key: unknown[];
  value: Value;
  rows: number;
  /** smallest and largest full key added (null when the bucket has no rows) */
  min: unknown[] | null;
  max: unknown[] | null;
}

export type ReduceRow = { key: unknown[] | null; value: Value };

interface SnapshotHead {
  _id: string;
  _rev?: string;
  version: number;
  spec: string;
  seq: string | number;
  gen: string;
  parts: number;
  rows: number;
  digest: string;
}

/** One part: slices of the four arrays (buckets in index order, combos, and the documents with their combo). */
interface PartContent {
  buckets: Array<[unknown[], Value, number, unknown[] | null, unknown[] | null]>;
  combos: number[][];
  ids: string[];
  docs: number[];
}

export interface RollupState {
  seq: string | number;
  source: 'snapshot' | 'changes' | null;
  buckets: number;
  documents: number;
  rows: number;
  broken: string | null;
  snapshotting: boolean;
}

export class ViewRollup {
  private seq: string | number = 0;
  private buckets = new Map<string, Bucket>();
  private list: Bucket[] = [];
  private sorted: Bucket[] | null = null;
  /** per document (not append-only): the combo of bucket indexes its rows added to */
  private docs = new Map<string, number>();
  private combos: number[][] = [];
  private comboIds = new Map<string, number>();
  private rows = 0;
  private sinceSnapshot = 0;
  private source: RollupState['source'] = null;
  private broken: string | null = null;
  private looked: Promise<void> | null = null;
  private catchingUp: Promise<void> | null = null;
  private snapshotting: Promise<void> | null = null;
  private stopped = false;
  /** how far behind a query may find it and still wait for the catch-up (INLINE_CATCH_UP_MAX; specs lower it) */
  inlineCatchUpMax = INLINE_CATCH_UP_MAX;
  private readonly mapDoc: (json: string) => Array<[unknown, unknown]> | null;

  constructor(
    private readonly db: nano.DocumentScope<object>,
    readonly spec: RollupSpec,
    private readonly log: Logger,
  ) {
    this.mapDoc = compileMap(spec.map);
  }

  private get head(): string {
    return `_local/rollup:${this.spec.design}:${this.spec.view}`;
  }

  state(): RollupState {
    return {
      seq: this.seq,
      source: this.source,
      buckets: this.list.filter((b) => b.rows > 0).length,
      documents: this.docs.size,
      rows: this.rows,
      broken: this.broken,
      snapshotting: this.snapshotting !== null,
    };
  }

  /**
   * The reduce over [startkey, endkey) (grouped at `groupLevel`, or in total), as the store answers
   * it; null when the rollup cannot answer now (too far behind: it catches up in the background; a
   * deeper group level; disabled) — the caller then reduces the view by slices.
   */
  async reduce(startkey: unknown[], endkey: unknown[], groupLevel?: number): Promise<ReduceRow[] | null> {
    if (groupLevel !== undefined && (groupLevel < 1 || groupLevel > this.spec.groupLevel)) return null;
    // a range inside an excluded one (a card's balance) is the view's alone: not even a catch-up
    if (this.spec.exclude.some(([from, to]) => collate(from, startkey) <= 0 && collate(endkey, to) <= 0)) return null;
    try {
      if (!(await this.current())) return null;
    } catch (err) {
      this.log.warn({ err, view: `${this.spec.design}/${this.spec.view}` }, 'report rollup not caught up; the view answers');
      return null;
    }
    const inRange: Bucket[] = [];
    const reads: Array<[unknown[], unknown[]]> = [];
    for (const b of this.sortedBuckets()) {
      if (b.rows === 0 || !b.min || !b.max) continue;
      if (collate(b.max, startkey) < 0) continue;
      if (collate(b.min, endkey) >= 0) break; // later prefixes sort after this one's every key
      if (collate(startkey, b.min) <= 0 && collate(b.max, endkey) < 0) inRange.push(b);
      else reads.push([maxKey(startkey, b.min), collate(b.max, endkey) < 0 ? [...b.max, null] : endkey]);
    }
    for (const [from, to] of this.spec.exclude) {
      const lo = maxKey(startkey, from);
      const hi = collate(to, endkey) < 0 ? to : endkey;
      if (collate(lo, hi) < 0) reads.push([lo, hi]);
    }
    const groups = new Map<string, ReduceRow>();
    const add = (key: unknown[] | null, value: Value) => {
      const name = JSON.stringify(key);
      const group = groups.get(name);
      if (!group) groups.set(name, { key, value: typeof value === 'number' ? value : { ...value } });
      else group.value = mergeReductions(group.value, value);
    };
    // the buckets' figures are taken before the view reads (which yield): a catch-up meanwhile changes them
    for (const b of inRange) add(groupLevel === undefined ? null : b.key.slice(0, groupLevel), b.value);
    for (const [from, to] of reads) {
      for (const row of await reduceBySlices(this.db, this.spec.design, this.spec.view, this.spec.reduce, from, to, groupLevel)) add(row.key, row.value);
    }
    return [...groups.values()].filter((g) => (typeof g.value === 'number' ? g.value > 0 : g.value.count > 0)).sort((a, b) => collate(a.key, b.key));
  }

  /**
   * Brings the rollup up to date if it is at most INLINE_CATCH_UP_MAX changes behind (true: it can
   * answer); otherwise starts catching up in the background (false).
   */
  private async current(): Promise<boolean> {
    if (this.broken) return false;
    await this.loadOnce();
    const { update_seq: target } = await this.db.info();
    if (String(target) === String(this.seq)) return !this.broken;
    // a database deleted and created again under the same name (the demo reset) starts its
    // sequence over: a rollup ahead of it is the old database's (PouchDB's sequences are numbers)
    if (typeof target === 'number' && typeof this.seq === 'number' && target < this.seq) {
      if (this.catchingUp) return false;
      this.reset();
    }
    const behind = Number(target) - Number(this.seq);
    if (!(behind <= this.inlineCatchUpMax)) {
      void this.catchUp().catch(() => undefined);
      return false;
    }
    await this.catchUp();
    return !this.broken;
  }

  /** Reads every change since the rollup's seq (one catch-up at a time; a second caller waits for it). */
  catchUp(): Promise<void> {
    if (!this.catchingUp) {
      this.catchingUp = (async () => {
        try {
          await this.loadOnce();
          await this.readChanges();
        } catch (err) {
          if (!this.stopped) this.log.warn({ err, view: `${this.spec.design}/${this.spec.view}` }, 'report rollup catch-up failed; the view answers meanwhile');
          throw err;
        } finally {
          this.catchingUp = null;
        }
        this.maybeSnapshot();
      })();
    }
    return this.catchingUp;
  }

  private async readChanges(): Promise<void> {
    for (;;) {
      if (this.stopped || this.broken) return;
      const page = await this.db.changes({ since: String(this.seq), include_docs: true, limit: PAGE } as nano.DatabaseChangesParams);
      // one page is applied synchronously with its seq: a query never sees half a page
      try {
        for (const change of page.results) this.apply(change as ChangeWithDoc);
      } catch (err) {
        this.disable(`a change could not be applied: ${(err as Error).message}`);
        return;
      }
      this.seq = page.last_seq;
      this.sinceSnapshot += page.results.length;
      if (!this.source) this.source = 'changes';
      if (page.results.length < PAGE) return;
    }
  }

  private apply(change: ChangeWithDoc): void {
    if (change.id.startsWith('_')) return; // design documents: PouchDB's views skip every id starting with '_'
    const doc = change.doc;
    const gone = !!change.deleted || !doc || !!doc._deleted;
    if (this.spec.appendOnly) {
      if (gone || !String(doc._rev).startsWith('1-')) {
        this.disable(`document ${change.id} updated or deleted in an append-only database`);
        return;
      }
      for (const [key, value] of this.rowsOf(doc)) this.add(key, value);
      return;
    }
    const before = this.docs.get(change.id);
    if (before !== undefined) {
      for (const i of this.combos[before]) this.remove(this.list[i]);
      this.docs.delete(change.id);
    }
    if (gone) return;
    const added: number[] = [];
    for (const [key, value] of this.rowsOf(doc)) {
      const b = this.add(key, value);
      if (b) added.push(b.index);
    }
    if (added.length) this.docs.set(change.id, this.comboOf(added));
  }

  /** The rows the view's map emits for a document, keys normalised as PouchDB stores them. */
  private rowsOf(doc: object): Array<[unknown[], unknown]> {
    const emitted = this.mapDoc(JSON.stringify(doc));
    if (!emitted) return [];
    return emitted.map(([key, value]) => {
      const k = normalizeKey(key);
      if (!Array.isArray(k)) throw new Error('a view key that is not an array');
      return [k, value === undefined || value === null ? null : normalizeKey(value)];
    });
  }

  private add(key: unknown[], value: unknown): Bucket | null {
    const prefix = key.slice(0, this.spec.groupLevel);
    const name = JSON.stringify(prefix);
    let b = this.buckets.get(name);
    if (!b) {
      if (this.excluded(prefix)) return null;
      b = { index: this.list.length, key: prefix, value: emptyReduction(this.spec.reduce), rows: 0, min: null, max: null };
      this.buckets.set(name, b);
      this.list.push(b);
      this.sorted = null;
    }
    b.rows++;
    this.rows++;
    b.value = withRow(b.value, value);
    if (!b.min || collate(key, b.min) < 0) b.min = key;
    if (!b.max || collate(key, b.max) > 0) b.max = key;
    return b;
  }

  /** `_count` only (append-only `_stats` rollups never remove) */
  private remove(b: Bucket): void {
    b.rows--;
    this.rows--;
    b.value = (b.value as number) - 1;
    if (b.rows === 0) b.min = b.max = null; // empty: the next row sets fresh bounds
  }

  private excluded(prefix: unknown[]): boolean {
    return this.spec.exclude.some(([from, to]) => collate(prefix, from) >= 0 && collate(prefix, to) < 0);
  }

  private comboOf(indexes: number[]): number {
    const name = indexes.join(',');
    let id = this.comboIds.get(name);
    if (id === undefined) {
      id = this.combos.length;
      this.combos.push(indexes);
      this.comboIds.set(name, id);
    }
    return id;
  }

  private sortedBuckets(): Bucket[] {
    if (!this.sorted) this.sorted = [...this.list].sort((a, b) => collate(a.key, b.key));
    return this.sorted;
  }

  private disable(reason: string): void {
    this.broken = reason;
    this.log.error({ view: `${this.spec.design}/${this.spec.view}`, reason }, 'report rollup disabled; the view answers every reduce');
  }

  private reset(): void {
    this.seq = 0;
    this.buckets = new Map();
    this.list = [];
    this.sorted = null;
    this.docs = new Map();
    this.combos = [];
    this.comboIds = new Map();
    this.rows = 0;
    this.sinceSnapshot = 0;
    this.source = null;
  }

  // ---- the snapshot ---------------------------------------------------------------------------------

  private loadOnce(): Promise<void> {
    if (!this.looked) {
      this.looked = this.load().catch((err) => {
        this.looked = null; // a failed read (not a damaged snapshot) is tried again by the next use
        throw err;
      });
    }
    return this.looked;
  }

  private async load(): Promise<void> {
    const head = (await getOrNull(this.db, this.head)) as unknown as SnapshotHead | null;
    if (!head) return;
    const parts: PartContent[] = [];
    let damaged = !validHead(head) || head.spec !== this.spec.digest;
    for (let i = 0; !damaged && i < head.parts; i++) {
      const part = (await getOrNull(this.db, partId(this.head, head.gen, i))) as unknown as (PartContent & { gen: string }) | null;
      if (!part || part.gen !== head.gen || !validPart(part)) damaged = true;
      else parts.push({ buckets: part.buckets, combos: part.combos, ids: part.ids, docs: part.docs });
    }
    if (!damaged && digestOf(head.seq, parts) !== head.digest) damaged = true;
    if (!damaged) damaged = !this.restore(head, parts);
    if (damaged) {
      this.reset();
      this.log.warn({ view: `${this.spec.design}/${this.spec.view}` }, 'report rollup snapshot damaged or of another version: ignored, rebuilt from the changes');
    }
  }

  /** Sets the state from a snapshot's parts; false (nothing kept) when they do not hold together. */
  private restore(head: SnapshotHead, parts: PartContent[]): boolean {
    this.reset();
    const buckets = parts.flatMap((p) => p.buckets);
    const combos = parts.flatMap((p) => p.combos);
    const ids = parts.flatMap((p) => p.ids);
    const docs = parts.flatMap((p) => p.docs);
    if (ids.length !== docs.length || (this.spec.appendOnly && ids.length > 0)) return false;
    for (const [key, value, rows, min, max] of buckets) {
      const b: Bucket = { index: this.list.length, key, value, rows, min, max };
      const name = JSON.stringify(key);
      if (this.buckets.has(name) || (typeof value === 'number') !== (this.spec.reduce === '_count')) return false;
      this.buckets.set(name, b);
      this.list.push(b);
      this.rows += rows;
    }
    if (combos.some((c) => c.some((i) => !Number.isInteger(i) || i < 0 || i >= this.list.length))) return false;
    combos.forEach((c, i) => {
      this.combos.push(c);
      this.comboIds.set(c.join(','), i);
    });
    for (let i = 0; i < ids.length; i++) {
      if (!Number.isInteger(docs[i]) || docs[i] < 0 || docs[i] >= combos.length) return false;
      this.docs.set(ids[i], docs[i]);
    }
    this.seq = head.seq;
    this.source = 'snapshot';
    return true;
  }

  private maybeSnapshot(): void {
    if (this.snapshotting || this.broken || this.stopped) return;
    if (this.sinceSnapshot >= Math.max(SNAPSHOT_MIN, this.rows / 10)) void this.snapshot();
  }

  /** Writes the rollup as it is now as the stored snapshot (in the background; a failure only costs the next start more changes). */
  snapshot(): Promise<void> {
    if (this.snapshotting) return this.snapshotting;
    // copied now, with the seq they are current at: the next catch-up changes them
    const seq = this.seq;
    const buckets: PartContent['buckets'] = this.list.map((b) => [b.key, typeof b.value === 'number' ? b.value : { ...b.value }, b.rows, b.min, b.max]);
    const combos = this.combos.slice();
    const ids = [...this.docs.keys()];
    const docs = [...this.docs.values()];
    const applied = this.sinceSnapshot;
    this.sinceSnapshot = 0;
    const count = Math.max(1, Math.ceil(Math.max(buckets.length, combos.length, ids.length) / SNAPSHOT_PART));
    const parts: PartContent[] = [];
    for (let i = 0; i < count; i++) {
      const slice = <T>(a: T[]) => a.slice(i * SNAPSHOT_PART, (i + 1) * SNAPSHOT_PART);
      parts.push({ buckets: slice(buckets), combos: slice(combos), ids: slice(ids), docs: slice(docs) });
    }
    this.snapshotting = (async () => {
      try {
        const old = (await getOrNull(this.db, this.head)) as unknown as SnapshotHead | null;
        const gen = randomBytes(6).toString('hex');
        for (let i = 0; i < parts.length; i++) await this.db.insert({ _id: partId(this.head, gen, i), gen, ...parts[i] } as object);
        const head: SnapshotHead = { _id: this.head, version: ROLLUP_VERSION, spec: this.spec.digest, seq, gen, parts: parts.length, rows: buckets.reduce((n, b) => n + b[2], 0), digest: digestOf(seq, parts) };
        if (old?._rev) head._rev = old._rev;
        await this.db.insert(head as object);
        if (old && typeof old.gen === 'string' && old.gen !== gen && Number.isInteger(old.parts)) {
          for (let i = 0; i < old.parts; i++) await deleteLocal(this.db, partId(this.head, old.gen, i));
        }
      } catch (err) {
        this.sinceSnapshot += applied; // tried again after the next catch-up
        if (!this.stopped) this.log.warn({ err, view: `${this.spec.design}/${this.spec.view}` }, 'report rollup snapshot not written; the next start reads more changes');
      } finally {
        this.snapshotting = null;
      }
    })();
    return this.snapshotting;
  }

  /** Resolves when the snapshot write in flight (if any) is done. */
  async snapshotWritten(): Promise<void> {
    await this.snapshotting;
  }

  /** Reads no further change; resolves when the catch-up in flight (5 s at most) and the snapshot write are done. */
  async stop(): Promise<void> {
    this.stopped = true;
    await settledWithin(this.catchingUp);
    await this.snapshotting;
  }
}

interface ChangeWithDoc {
  id: string;
  deleted?: boolean;
  doc?: { _id: string; _rev: string; _deleted?: boolean } & Record<string, unknown>;
}

const maxKey = (a: unknown[], b: unknown[]) => (collate(a, b) >= 0 ? a : b);

const partId = (head: string, gen: string, i: number) => `${head}:${gen}:${i}`;

function digestOf(seq: string | number, parts: PartContent[]): string {
  const hash = createHash('sha256').update(JSON.stringify(seq));
  for (const p of parts) hash.update('\n' + JSON.stringify([p.buckets, p.combos, p.ids, p.docs]));
  return hash.digest('hex');
}

function validHead(head: SnapshotHead): boolean {
  return (
    head.version === ROLLUP_VERSION &&
    typeof head.spec === 'string' &&
    (typeof head.seq === 'number' || typeof head.seq === 'string') &&
    typeof head.gen === 'string' &&
    Number.isInteger(head.parts) &&
    head.parts > 0 &&
    typeof head.digest === 'string'
  );
}

function validPart(p: PartContent): boolean {
  const isValue = (v: unknown) =>
    typeof v === 'number' || (!!v && typeof v === 'object' && ['sum', 'count', 'min', 'max', 'sumsqr'].every((k) => typeof (v as Record<string, unknown>)[k] === 'number'));
  return (
    Array.isArray(p.buckets) &&
    p.buckets.every((b) => Array.isArray(b) && Array.isArray(b[0]) && isValue(b[1]) && Number.isInteger(b[2]) && b[2] >= 0 && (b[3] === null || Array.isArray(b[3])) && (b[4] === null || Array.isArray(b[4])) && (b[2] === 0 || (b[3] !== null && b[4] !== null))) &&
    Array.isArray(p.combos) &&
    p.combos.every((c) => Array.isArray(c)) &&
    Array.isArray(p.ids) &&
    p.ids.every((id) => typeof id === 'string') &&
    Array.isArray(p.docs)
  );
}

async function deleteLocal(db: nano.DocumentScope<object>, id: string): Promise<void> {
  const doc = (await getOrNull(db, id)) as unknown as { _rev?: string } | null;
  if (doc?._rev) await db.destroy(id, doc._rev).catch(() => undefined);
}

// ---- one rollup per database and view, per store --------------------------------------------------

const registries = new WeakMap<object, Map<string, ViewRollup>>();

/**
 * The rollup of this view in this database (created on first use; its snapshot is read by its first
 * catch-up). `owner` is what the rollups live with: the server's store.
 */
export function viewRollup(owner: object, database: string, db: nano.DocumentScope<object>, spec: RollupSpec, log: Logger): ViewRollup {
  let rollups = registries.get(owner);
  if (!rollups) registries.set(owner, (rollups = new Map()));
  const name = `${database}/${spec.design}/${spec.view}`;
  let rollup = rollups.get(name);
  if (rollup && rollup.spec.digest !== spec.digest) rollup = undefined;
  if (rollup) rollups.delete(name); // most recently used last
  else rollup = new ViewRollup(db, spec, log);
  rollups.set(name, rollup);
  for (const oldest of rollups.keys()) {
    if (rollups.size <= MAX_ROLLUPS) break;
    rollups.delete(oldest);
  }
  return rollup;
}

/** The rollup of a database's view if this process holds one (specs, logs). */
export function heldRollup(owner: object, database: string, spec: RollupSpec): ViewRollup | null {
  return registries.get(owner)?.get(`${database}/${spec.design}/${spec.view}`) ?? null;
}

/** Stops every rollup of the owner (server shutdown): no further reads, snapshot writes in flight finished. */
export async function stopRollups(owner: object): Promise<void> {
  const rollups = registries.get(owner);
  if (!rollups) return;
  await Promise.all([...rollups.values()].map((r) => r.stop()));
  registries.delete(owner);
}

export interface RollupTarget {
  database: string;
  db: nano.DocumentScope<object>;
  spec: RollupSpec;
}

/**
 * Once the server listens (`start`), in the background: the rollups of the targets (the biggest
 * databases), read from their snapshots and the changes since — or built from every change the first
 * time — one at a time, so the first report after a start answers from them. A report arriving
 * meanwhile waits for the same catch-up, or (far behind) is answered by the view. `stop` reads no
 * further and waits for snapshot writes in flight.
 */
export function warmRollups(owner: object, log: Logger, targets: () => Promise<RollupTarget[]>): StartUpTask {
  const run = async (isStopped: () => boolean) => {
    let list: RollupTarget[] = [];
    try {
      list = await targets();
    } catch (err) {
      if (!isStopped()) log.warn({ err }, 'report rollups not read at start; the first report reads them');
    }
    for (const t of list) {
      if (isStopped()) return;
      const t0 = Date.now();
      try {
        const rollup = viewRollup(owner, t.database, t.db, t.spec, log);
        await rollup.catchUp();
        await rollup.snapshotWritten();
        if (!isStopped()) log.info({ database: t.database, view: `${t.spec.design}/${t.spec.view}`, ...rollup.state(), ms: Date.now() - t0 }, 'report rollup up to date');
      } catch (err) {
        if (!isStopped()) log.warn({ err, database: t.database }, 'report rollup not read at start; the first report reads it');
      }
    }
  };
  return startUpTask(run, () => stopRollups(owner));
}
