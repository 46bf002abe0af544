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
import { setProcessorWaker } from './wake';

/** A claim not renewed for this long is taken over by another worker (a dead process's lots resume). */
export const LOT_LEASE_MS = 60_000;
export const POLL_MS = 2_000;

registerCompanyDatabase('lots', { indexes: [{ name: 'processing-lots-by-status', fields: ['type', 'status'] }] });

export interface ProcessorStats {
  chunks: number;
  records: number;
}

/**
 * The lot processor (docs/lots-design.md "Processing"): one per server process, started at boot.
 * It polls every company for PROCESSING lots (and for order steps a crash left half done), claims a
 * lot with claimedBy/claimedAt under the lot's `_rev` (lease 60 s, renewed per chunk) and works
 * through its chunks from `processing.nextChunk`: effects (exactly once by deterministic ids), then
 * `results:<lotId>:<chunk>`, then nextChunk. A crash repeats at most one chunk, harmlessly.
 */
export class LotProcessor {
  readonly workerId = `w-${randomUUID()}`;
  readonly stats: ProcessorStats = { chunks: 0, records: 0 };
  private stopped = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private woken = false;

  constructor(
    private readonly ctx: ServerContext,
    private readonly pollMs = POLL_MS,
  ) {}

  start(): void {
    if (this.loop) return;
    setProcessorWaker(this.ctx, () => this.wake());
    this.loop = this.run();
  }

  wake(): void {
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
    let sweep = 0;
    while (!this.stopped) {
      this.woken = false;
      try {
        await this.cycle(sweep++ % 5 === 0);
      } catch (err) {
        if (!this.stopped) this.ctx.log.error({ err }, 'lot processor cycle failed');
      }
      if (this.stopped || this.woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = null;
    }
  }

  /** One pass over every company; `sweep` also resolves order steps a crash left half done. */
  async cycle(sweep = true): Promise<void> {
    for (const company of await listCompanies(this.ctx)) {
      if (this.stopped) return;
      if (sweep) await this.resumeOrders(company.id);
      const answer = await lotsDb(this.ctx, company.id).find({
        selector: { type: 'lot', status: 'PROCESSING' },
        fields: ['_id', 'id'],
        limit: 1000,
      });
      for (const row of answer.docs as Array<{ id: string }>) {
        if (this.stopped) return;
        await this.processLot(company.id, row.id);
      }
    }
  }

  private async resumeOrders(cid: string): Promise<void> {
    for (const calc of await orderStore.calculationsGenerating(this.ctx, cid)) await resumeGeneration(this.ctx, cid, calc);
    for (const order of await orderStore.ordersBeingPaid(this.ctx, cid)) await resolvePaymentClaim(this.ctx, cid, order);
    for (const order of await orderStore.unsettledOrders(this.ctx, cid)) await settleLots(this.ctx, cid, order, 'sistema');
  }

  /** Claims the lot (or renews our claim); null when another live worker holds it or it is not PROCESSING. */
  private async claim(cid: string, lotId: string): Promise<Stored<LotDoc> | null> {
    let mine = false;
    const lot = await updateDoc(lotsDb(this.ctx, cid), `lot:${lotId}`, (l) => {
      mine = false;
      if (l.status !== 'PROCESSING') return null;
      const p = l.processing ?? initialProcessing();
      const now = this.ctx.now();
      const held = p.claimedBy && p.claimedBy !== this.workerId && p.claimedAt && now.getTime() - Date.parse(p.claimedAt) < LOT_LEASE_MS;
      if (held) return null;
      mine = true;
      return { ...l, processing: { ...p, claimedBy: this.workerId, claimedAt: now.toISOString(), startedAt: p.startedAt ?? now.toISOString() } };
    });
    return mine ? lot : null;
  }

  async processLot(cid: string, lotId: string): Promise<void> {
    let lot = await this.claim(cid, lotId);
    if (!lot) return;
    const product = await getProduct(this.ctx, cid, lot.productCode);
    if (!product) throw new Error(`lot ${lotId}: product ${lot.productCode} missing`);
    const chunks = Math.ceil((lot.storedRecords ?? lot.recordCount) / LOT_CHUNK_SIZE);
    const recordsDb = this.ctx.store.use<LotRecordsChunkDoc | LotResultsChunkDoc>(companyDb(cid, 'lotrecords'));

    for (let chunk = lot.processing!.nextChunk; chunk < chunks; chunk++) {
      if (this.stopped) {
        await this.release(cid, lotId);
        return;
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
      if (!advanced) return; // lost the lease to another worker: it carries on
      this.stats.chunks++;
    }
    await this.finish(cid, lot);
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
    if (finishedNow) this.ctx.store.warmer.warm(companyDatabaseSpecs(cid));
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
