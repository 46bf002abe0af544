import { randomUUID } from 'node:crypto';
import { recordsOfChunk } from '../../src/domain/lots/record-rows';
import {
  LOT_CHUNK_SIZE,
  lotRecordsDocId,
  lotResultsDocId,
  type LotDoc,
  type LotRecordsChunkDoc,
  type LotResultsChunkDoc,
} from '../../src/domain/lots/lot.model';
import { getProduct, listCompanies } from '../accounts/accounts.store';
import type { ServerContext } from '../context';
import { initialProcessing, lotsDb } from '../orders/lot-transitions';
import * as orderStore from '../orders/orders.store';
import { resolvePaymentClaim, resumeGeneration, settleLots } from '../orders/orders.service';
import { companyDatabaseSpecs, companyDb, registerCompanyDatabase } from '../store/databases';
import { createOnce, getOrNull, updateDoc, type Stored } from '../store/documents';
import { applyChunk } from './effects';
import { lotProcessed } from './lot-processed';
import { setProcessorWaker } from './wake';

/** A claim not renewed for this long is taken over by another worker (a dead process's lots resume). */
export const LOT_LEASE_MS = 60_000;
/** A company whose look failed (the store not answering) is looked at again after this long. */
export const RETRY_MS = 2_000;
const LOOK_LIMIT = 1_000;

registerCompanyDatabase('lots', { indexes: [{ name: 'processing-lots-by-status', fields: ['type', 'status'] }] });

export interface ProcessorStats {
  chunks: number;
  records: number;
  /** full sweeps over every company finished (at start, on a wake without company, every sweep interval) */
  sweeps: number;
  /** Mango finds of one company's PROCESSING lots, sweeps included */
  companiesLooked: number;
}

/**
 * The lot processor (docs/lots-design.md "Processing"): one per server process, started at boot.
 * It does not poll every company: whoever moves lots to PROCESSING (settleLots, after a payment)
 * wakes it for that company (wake.ts), and it looks at that company's lots only. A full sweep of
 * every company — PROCESSING lots, and order steps a crash left half done — runs at start (what a
 * crash left), on a wake without a company, and every `sweepMs` (PROCESSING_SWEEP_SECONDS): the
 * safety net for work no wake reached this process for (another instance paid and then died, a wake
 * lost between the write and the crash). A lot held by another live worker is looked at again when
 * its lease runs out. A lot is claimed with claimedBy/claimedAt under its `_rev` (lease 60 s, renewed
 * per chunk) and worked through its chunks from `processing.nextChunk`: effects (exactly once by
 * deterministic ids), then `results:<lotId>:<chunk>`, then nextChunk. A crash repeats at most one
 * chunk, harmlessly. How work is found changes nothing of how it is done.
 */
export class LotProcessor {
  readonly workerId = `w-${randomUUID()}`;
  readonly stats: ProcessorStats = { chunks: 0, records: 0, sweeps: 0, companiesLooked: 0 };
  private stopped = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private woken = false;
  /** companies to look at, and from when (performance.now()); a wake makes one due at once */
  private readonly due = new Map<string, number>();
  private sweepAt = 0; // the first cycle sweeps: what a previous process left unfinished

  constructor(
    private readonly ctx: ServerContext,
    private readonly sweepMs: number,
  ) {}

  start(): void {
    if (this.loop) return;
    setProcessorWaker(this.ctx, (companyId) => this.wake(companyId));
    this.loop = this.run();
  }

  /** Look at this company's lots now; without a company, sweep every company now. */
  wake(companyId?: string): void {
    if (companyId) this.due.set(companyId, 0);
    else this.sweepAt = 0;
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    setProcessorWaker(this.ctx, null);
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.woken = false;
      try {
        await this.cycle();
      } catch (err) {
        if (!this.stopped) this.ctx.log.error({ err }, 'lot processor cycle failed');
        this.sweepAt = Math.min(this.sweepAt, performance.now() + RETRY_MS); // listing the companies failed
      }
      if (this.stopped || this.woken) continue;
      const next = Math.min(this.sweepAt, ...this.due.values());
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(this.sweepMs, Math.max(0, next - performance.now())));
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = null;
    }
  }

  /** Every company when a sweep is due (with the order steps a crash left half done), else the companies due. */
  async cycle(): Promise<void> {
    const now = performance.now();
    if (now >= this.sweepAt) {
      this.sweepAt = Number.POSITIVE_INFINITY; // while sweeping; a wake without company during it sweeps again
      for (const company of await listCompanies(this.ctx)) {
        if (this.stopped) return;
        try {
          await this.resumeOrders(company.id);
        } catch (err) {
          this.ctx.log.error({ err, companyId: company.id }, 'order steps not resumed; the next sweep tries again');
        }
        await this.lookAt(company.id);
      }
      this.stats.sweeps++;
      this.sweepAt = Math.min(this.sweepAt, performance.now() + this.sweepMs);
      return;
    }
    for (const [cid, at] of [...this.due]) {
      if (this.stopped) return;
      if (at <= now) await this.lookAt(cid);
    }
  }

  /** Processes the company's PROCESSING lots; schedules the next look when one is held by another worker or the look failed. */
  private async lookAt(cid: string): Promise<void> {
    this.due.delete(cid); // a wake arriving while we look makes it due again
    this.stats.companiesLooked++;
    try {
      const answer = await lotsDb(this.ctx, cid).find({
        selector: { type: 'lot', status: 'PROCESSING' },
        fields: ['_id', 'id'],
        limit: LOOK_LIMIT,
      });
      let held = false;
      for (const row of answer.docs as Array<{ id: string }>) {
        if (this.stopped) return;
        const heldForMs = await this.processLot(cid, row.id);
        if (heldForMs !== null) this.dueIn(cid, heldForMs + 1_000);
        held ||= heldForMs !== null;
      }
      // more than one find's worth: the rest now (or with the held ones, when their lease runs out)
      if (answer.docs.length === LOOK_LIMIT && !held) this.dueIn(cid, 0);
    } catch (err) {
      if (this.stopped) return;
      this.ctx.log.error({ err, companyId: cid }, 'lots not processed; looked at again shortly');
      this.dueIn(cid, RETRY_MS);
    }
  }

  private dueIn(cid: string, ms: number): void {
    const at = performance.now() + ms;
    this.due.set(cid, Math.min(this.due.get(cid) ?? at, at));
  }

  private async resumeOrders(cid: string): Promise<void> {
    for (const calc of await orderStore.calculationsGenerating(this.ctx, cid)) await resumeGeneration(this.ctx, cid, calc);
    for (const order of await orderStore.ordersBeingPaid(this.ctx, cid)) await resolvePaymentClaim(this.ctx, cid, order);
    for (const order of await orderStore.unsettledOrders(this.ctx, cid)) await settleLots(this.ctx, cid, order, 'sistema');
  }

  /**
   * Claims the lot (or renews our claim): `lot` null when it is not PROCESSING or another live worker
   * holds it — then `heldForMs` is how long that worker's lease still runs.
   */
  private async claim(cid: string, lotId: string): Promise<{ lot: Stored<LotDoc> | null; heldForMs: number | null }> {
    let mine = false;
    let heldForMs: number | null = null;
    const lot = await updateDoc(lotsDb(this.ctx, cid), `lot:${lotId}`, (l) => {
      mine = false;
      heldForMs = null;
      if (l.status !== 'PROCESSING') return null;
      const p = l.processing ?? initialProcessing();
      const now = this.ctx.now();
      const held = p.claimedBy && p.claimedBy !== this.workerId && p.claimedAt && now.getTime() - Date.parse(p.claimedAt) < LOT_LEASE_MS;
      if (held) {
        heldForMs = Date.parse(p.claimedAt!) + LOT_LEASE_MS - now.getTime();
        return null;
      }
      mine = true;
      return { ...l, processing: { ...p, claimedBy: this.workerId, claimedAt: now.toISOString(), startedAt: p.startedAt ?? now.toISOString() } };
    });
    return { lot: mine ? lot : null, heldForMs };
  }

  /** Works the lot through; answers how long another worker's live claim still runs (null: not held). */
  async processLot(cid: string, lotId: string): Promise<number | null> {
    const claimed = await this.claim(cid, lotId);
    let lot = claimed.lot;
    if (!lot) return claimed.heldForMs;
    const product = await getProduct(this.ctx, cid, lot.productCode);
    if (!product) throw new Error(`lot ${lotId}: product ${lot.productCode} missing`);
    const chunks = Math.ceil((lot.storedRecords ?? lot.recordCount) / LOT_CHUNK_SIZE);
    const recordsDb = this.ctx.store.use<LotRecordsChunkDoc | LotResultsChunkDoc>(companyDb(cid, 'lotrecords'));

    for (let chunk = lot.processing!.nextChunk; chunk < chunks; chunk++) {
      if (this.stopped) {
        await this.release(cid, lotId);
        return null;
      }
      // results exist: the effects of this chunk are all done, only nextChunk was not advanced
      let results = (await getOrNull(recordsDb, lotResultsDocId(lotId, chunk))) as Stored<LotResultsChunkDoc> | null;
      if (!results) {
        const records = (await recordsDb.get(lotRecordsDocId(lotId, chunk))) as unknown as LotRecordsChunkDoc;
        const out = await applyChunk(this.ctx, cid, { lot, chunk, product, fieldNames: records.fieldNames, records: recordsOfChunk(records) });
        const doc: LotResultsChunkDoc = { _id: lotResultsDocId(lotId, chunk), type: 'lot-results', lotId, chunk, results: out };
        if ((await createOnce(recordsDb, doc)) === 'exists') {
          results = (await recordsDb.get(doc._id)) as unknown as Stored<LotResultsChunkDoc>;
        } else {
          results = doc as Stored<LotResultsChunkDoc>;
        }
        this.stats.records += out.length;
      }
      const doneHere = results.results.filter((r) => r.status === 'DONE').length;
      const rejectedHere = results.results.length - doneHere;
      let advanced = false;
      lot = (await updateDoc(lotsDb(this.ctx, cid), `lot:${lotId}`, (l) => {
        advanced = false;
        const p = l.processing;
        if (l.status !== 'PROCESSING' || !p || p.claimedBy !== this.workerId || p.nextChunk !== chunk) return null;
        advanced = true;
        return {
          ...l,
          processing: {
            ...p,
            nextChunk: chunk + 1,
            done: p.done + doneHere,
            rejected: p.rejected + rejectedHere,
            claimedAt: this.ctx.now().toISOString(),
          },
        };
      }))!;
      if (!advanced) return null; // lost the lease to another worker: it carries on
      this.stats.chunks++;
    }
    await this.finish(cid, lot);
    return null;
  }

  private async release(cid: string, lotId: string): Promise<void> {
    await updateDoc(lotsDb(this.ctx, cid), `lot:${lotId}`, (l) =>
      l.processing?.claimedBy === this.workerId ? { ...l, processing: { ...l.processing, claimedBy: null, claimedAt: null } } : null,
    );
  }

  private async finish(cid: string, lot: Stored<LotDoc>): Promise<void> {
    const at = this.ctx.now().toISOString();
    let finishedNow = false;
    const done = (await updateDoc(lotsDb(this.ctx, cid), lot._id, (l) => {
      finishedNow = false;
      if (l.status !== 'PROCESSING' || l.processing?.claimedBy !== this.workerId) return null;
      finishedNow = true;
      return {
        ...l,
        status: 'PROCESSED' as const,
        processing: { ...l.processing, claimedBy: null, claimedAt: null, finishedAt: at },
        history: [...(l.history ?? []), { at, by: 'sistema', action: 'lot.processed', from: 'PROCESSING' as const, to: 'PROCESSED' as const }],
      };
    }))!;
    if (!finishedNow && done.status !== 'PROCESSED') return;
    if (done.orderId) await recordLotOnOrder(this.ctx, cid, done);
    this.ctx.log.info({ lotId: done.id, done: done.processing?.done, rejected: done.processing?.rejected }, 'lot processed');
    // a lot writes cards and ledger entries in bulk: their views are brought up to date now, in the
    // background, rather than by the next person who opens the card list or a report
    // (and the reports' reduction rollups catch up on those writes: lot-processed.ts)
    if (finishedNow) {
      this.ctx.store.warmer.warm(companyDatabaseSpecs(cid));
      lotProcessed(this.ctx, cid);
    }
  }
}

/** The order's processing summary: each lot's counts; finished when every lot of the order is. */
export async function recordLotOnOrder(ctx: ServerContext, cid: string, lot: LotDoc): Promise<void> {
  const p = lot.processing!;
  await orderStore.updateOrder(ctx, cid, lot.orderId!, (o) => {
    const summary = o.processing ?? { lots: {}, done: 0, rejected: 0, startedAt: p.startedAt ?? p.finishedAt!, finishedAt: null };
    if (summary.lots[lot.id]) return null;
    const lots = { ...summary.lots, [lot.id]: { done: p.done, rejected: p.rejected, finishedAt: p.finishedAt! } };
    const all = o.lots.every((l) => lots[l.lotId]);
    return {
      ...o,
      processing: {
        lots,
        done: summary.done + p.done,
        rejected: summary.rejected + p.rejected,
        startedAt: summary.startedAt,
        finishedAt: all ? ctx.now().toISOString() : null,
      },
    };
  });
}
