import fs from 'node:fs';
import path from 'node:path';
import {
  DETAIL_LAYOUTS,
  type LotError,
  type LotFieldName,
  type LotProduct,
  type LotRecord,
  type LotValidationContext,
  validateLotSource,
} from '../../src/domain/lots';
import {
  LOT_CHUNK_SIZE,
  lotErrorsDocId,
  lotRecordsDocId,
  type LotDoc,
  type LotErrorsChunkDoc,
  type LotRecordsChunkDoc,
} from '../../src/domain/lots/lot.model';
import type { LotType } from '../../src/domain/statuses';
import * as accounts from '../accounts/accounts.store';
import type { ServerContext } from '../context';
import type { Stored } from '../store/documents';
import { holdersAmong } from '../processing/cards-access';
import { CardholderWindow } from './cardholder-window';
import * as store from './lots.store';

/**
 * Runs THE validator (src/domain/lots) over a lot's file on disk and stores what it finds:
 * records in `records:<lotId>:<chunk>` and every error in `errors:<lotId>:<chunk>` (1,000 per
 * document, _bulk_docs in batches, deterministic ids so a re-run overwrites the same documents),
 * progress on the lot at most every 250 ms, then VALIDATING → VALID | INVALID on the fresh lot.
 *
 * Memory (BENCHMARKS.md "Lot upload"): the file is read in 256 KiB pieces; records are stored
 * packed (record-rows.ts: one string per 1,000 records instead of ~12 objects per record, which is
 * what PouchDB parses, copies and stringifies several times per write) and leave memory a few
 * chunks at a time (the file pull waits while more than MAX_PENDING_DOCS are unwritten). The only
 * per-file structure is the validator's duplicate index (≈ 32 MB for 1,000,000 people).
 */
const READ_CHUNK = 1 << 18;
const DOCS_PER_BULK = 4;
const MAX_PENDING_DOCS = 8;
export const PROGRESS_EVERY_MS = 250;

export class ValidationStopped extends Error {
  constructor() {
    super('lot validation stopped (server shutting down)');
  }
}

export function lotFilePath(ctx: ServerContext, companyId: string, lotId: string): string {
  return path.join(ctx.config.uploadsDir, companyId, `${lotId}.txt`);
}

/**
 * The company's data the validator checks against, from the store. Cardholders are not loaded
 * here: `holders` is filled piece by piece (CardholderWindow, given to validateLotSource as
 * `beforeText`), from the company's holder set (server/processing: holdersAmong, holder-set.ts).
 */
export async function validationContext(
  ctx: ServerContext,
  companyId: string,
  lotType: LotType,
  productCode: string,
): Promise<{ context: LotValidationContext; holders: CardholderWindow | null }> {
  const company = await accounts.getCompany(ctx, companyId);
  if (!company) throw new Error(`company ${companyId} not found`);
  const products: LotProduct[] = (await accounts.listProducts(ctx, [companyId]))
    .filter((p) => p.status === 'active')
    .map((p) => ({
      code: p.code,
      maxLoadCents: p.limits.maxLoadCents,
      maxRechargeCents: p.limits.maxRechargeCents,
      maxRecordsPerFile: p.limits.maxRecordsPerFile,
    }));
  const branches = await store.branchCodes(ctx, companyId);
  const holders = lotType === 'SUC' ? null : new CardholderWindow(lotType, (keys) => holdersAmong(ctx, companyId, productCode, keys, lotType === 'EMI' ? { viewFallback: false, confirm: true } : {}));
  return {
    holders,
    context: {
      taxId: company.taxId,
      lotTypeChosen: lotType,
      productCodeChosen: productCode,
      products,
      branchExists: (code) => branches.has(code),
      personHasCard: (product, key) => product === productCode && holders !== null && holders.has(key),
    },
  };
}

export interface ValidationOutcome {
  lot: Stored<LotDoc>;
  /** the first ≤ 1000 errors, as stored in errors:<lotId>:000000 */
  firstErrors: LotError[];
  tooLarge: boolean;
}

export interface RunOptions {
  /** checked between file pieces: true stops the run (the lot stays VALIDATING, resumed at next start) */
  shouldStop?: () => boolean;
}

/** Validates a VALIDATING lot from its file; any other status is left as it is. */
export async function runLotValidation(
  ctx: ServerContext,
  companyId: string,
  lotId: string,
  options: RunOptions = {},
): Promise<ValidationOutcome | null> {
  const lot = await store.getLot(ctx, companyId, lotId);
  if (!lot || lot.status !== 'VALIDATING') return null;
  const file = lotFilePath(ctx, companyId, lotId);
  if (!fs.existsSync(file)) {
    ctx.log.error({ companyId, lotId }, 'lot file missing; lot marked INVALID');
    const missing: LotError = {
      line: 0,
      field: null,
      code: 'E_EMPTY_FILE',
      message: 'Archivo: el archivo del lote no está disponible en el servidor; cárguelo de nuevo.',
    };
    await store.putChunks(ctx, companyId, [errorsChunk(lotId, 0, [missing])]);
    const done = await finishLot(ctx, companyId, lotId, { valid: false, recordCount: 0, storedRecords: 0, totalCents: 0, errorCount: 1, header: null });
    return done ? { lot: done, firstErrors: [missing], tooLarge: false } : null;
  }

  const { context, holders } = await validationContext(ctx, companyId, lot.lotType, lot.productCode);
  const fieldNames = DETAIL_LAYOUTS[lot.lotType].fields.map((f) => f.name) as LotFieldName[];
  const writer = new ChunkWriter(ctx, companyId);

  // the records chunk being filled, already packed (record-rows.ts): one row string per record
  let rows: string[] = [];
  let rowLines: number[] = [];
  let rowErrors: Record<string, LotError[]> | undefined;
  let recordChunk = 0;
  let errors: LotError[] = [];
  let errorChunk = 0;
  let lastLine = 0;
  let storedRecords = 0;
  // errors of the line being read: the validator reports them before it hands over the record
  let lineOfErrors = -1;
  let lineErrors: LotError[] = [];

  const flushRecords = () => {
    writer.add({
      _id: lotRecordsDocId(lotId, recordChunk),
      type: 'lot-records',
      lotId,
      chunk: recordChunk++,
      fieldNames,
      rows: rows.join('\n'),
      lines: rowLines,
      ...(rowErrors ? { errorsAt: rowErrors } : {}),
    });
    rows = [];
    rowLines = [];
    rowErrors = undefined;
  };

  const onRecord = (r: LotRecord) => {
    lastLine = r.line;
    storedRecords++;
    const values = r.fields as Record<string, string | undefined>;
    let row = '';
    if (values[fieldNames[0]] !== undefined) {
      row = storedValue(values[fieldNames[0]]);
      for (let i = 1; i < fieldNames.length; i++) row += ';' + storedValue(values[fieldNames[i]]);
    }
    if (lineOfErrors === r.line) {
      (rowErrors ??= {})[rows.length] = lineErrors;
      lineOfErrors = -1;
      lineErrors = [];
    }
    rows.push(row);
    rowLines.push(r.line);
    if (rows.length === LOT_CHUNK_SIZE) flushRecords();
  };
  const onError = (e: LotError) => {
    if (e.line !== lineOfErrors) {
      lineOfErrors = e.line;
      lineErrors = [];
    }
    lineErrors.push(e);
    errors.push(e);
    if (errors.length === LOT_CHUNK_SIZE) {
      writer.add(errorsChunk(lotId, errorChunk++, errors));
      errors = [];
    }
  };

  const progress = new ProgressReporter(ctx, companyId, lotId, lot.fileBytes);
  progress.report('validating', 0, 0, true);
  let pass = 0;
  const open = () => {
    pass++;
    const thisPass = pass;
    return (async function* () {
      const stream = fs.createReadStream(file, { highWaterMark: READ_CHUNK });
      try {
        for await (const piece of stream as AsyncIterable<Buffer>) {
          if (options.shouldStop?.()) throw new ValidationStopped();
          if (thisPass === 2) await writer.waitBelow(MAX_PENDING_DOCS);
          yield piece as Uint8Array;
        }
      } finally {
        stream.destroy();
      }
    })();
  };

  const result = await validateLotSource(open, context, {
    fileBytes: lot.fileBytes,
    beforeText: holders ? (text, last) => holders.prepare(text, last) : undefined,
    onRecord,
    onError,
    onProgress: (bytesRead, p) => {
      if (p === 2) progress.report('validating', bytesRead, lastLine);
    },
  });
  progress.report('storing', lot.fileBytes, result.lineCount, true);
  if (rows.length > 0) flushRecords();
  if (errors.length > 0) writer.add(errorsChunk(lotId, errorChunk++, errors));
  await writer.finish();
  await progress.settle();

  const header = result.header;
  const done = await finishLot(ctx, companyId, lotId, {
    valid: result.valid,
    recordCount: result.recordCount,
    totalCents: result.totalCents,
    errorCount: result.errorCount,
    storedRecords,
    lineCount: result.lineCount,
    header:
      header && header.date !== null && header.recordCount !== null && header.controlTotalCents !== null
        ? { date: header.date, recordCount: header.recordCount, controlTotalCents: header.controlTotalCents }
        : null,
  });
  return done ? { lot: done, firstErrors: result.errors, tooLarge: result.tooLarge } : null;
}

async function finishLot(
  ctx: ServerContext,
  companyId: string,
  lotId: string,
  r: {
    valid: boolean;
    recordCount: number;
    storedRecords: number;
    totalCents: number;
    errorCount: number;
    header: LotDoc['header'];
    lineCount?: number;
  },
): Promise<Stored<LotDoc> | null> {
  let changed = false;
  const updated = await store.updateLot(ctx, companyId, lotId, (l) => {
    changed = false;
    if (l.status !== 'VALIDATING') return null;
    changed = true;
    const at = ctx.now().toISOString();
    const to = r.valid ? 'VALID' : 'INVALID';
    return {
      ...l,
      status: to,
      recordCount: r.recordCount,
      storedRecords: r.storedRecords,
      totalCents: r.totalCents,
      errorCount: r.errorCount,
      header: r.header,
      validatedAt: at,
      progress: { phase: 'done', linesRead: r.lineCount ?? l.progress.linesRead, bytesRead: l.fileBytes, fileBytes: l.fileBytes },
      history: [...l.history, { at, by: 'system', action: 'validated', from: 'VALIDATING', to }],
    };
  });
  return changed ? updated : null;
}

/**
 * A field value as kept for the lot detail. No valid value is longer than 120 characters; an
 * invalid one (a 200,000-character field) keeps its start only, so that one hostile line cannot make
 * a records document as large as the file. The error on that field already names the problem.
 */
const MAX_STORED_VALUE = 256;
function storedValue(value: string | undefined): string {
  if (value === undefined) return '';
  return value.length > MAX_STORED_VALUE ? `${value.slice(0, MAX_STORED_VALUE)}…` : value;
}

function errorsChunk(lotId: string, chunk: number, errors: LotError[]): LotErrorsChunkDoc {
  return { _id: lotErrorsDocId(lotId, chunk), type: 'lot-errors', lotId, chunk, errors };
}

/** Bulk writes in the background, a few documents at a time; the reader waits when too many are pending. */
class ChunkWriter {
  private queue: (LotRecordsChunkDoc | LotErrorsChunkDoc)[] = [];
  private running: Promise<void> | null = null;
  private failure: unknown = null;

  constructor(
    private readonly ctx: ServerContext,
    private readonly companyId: string,
  ) {}

  add(doc: LotRecordsChunkDoc | LotErrorsChunkDoc): void {
    this.queue.push(doc);
    if (this.queue.length >= DOCS_PER_BULK) this.kick();
  }

  private kick(): void {
    if (this.running) return;
    this.running = (async () => {
      while (this.queue.length > 0 && !this.failure) {
        const batch = this.queue.splice(0, DOCS_PER_BULK);
        try {
          await store.putChunks(this.ctx, this.companyId, batch);
        } catch (err) {
          this.failure = err;
        }
      }
    })().finally(() => {
      this.running = null;
    });
  }

  async waitBelow(max: number): Promise<void> {
    if (this.failure) throw this.failure;
    while (this.queue.length > max && this.running) {
      await this.running;
      if (this.queue.length > max) this.kick();
    }
    if (this.failure) throw this.failure;
  }

  async finish(): Promise<void> {
    for (;;) {
      if (this.failure) throw this.failure;
      if (this.running) {
        await this.running;
        continue;
      }
      if (this.queue.length === 0) return;
      this.kick();
    }
  }
}

/** Writes `progress` on the lot at most every 250 ms, one update in flight at a time. */
class ProgressReporter {
  private last = 0;
  private inFlight: Promise<unknown> | null = null;

  constructor(
    private readonly ctx: ServerContext,
    private readonly companyId: string,
    private readonly lotId: string,
    private readonly fileBytes: number,
  ) {}

  report(phase: LotDoc['progress']['phase'], bytesRead: number, linesRead: number, force = false): void {
    const now = performance.now();
    if (this.inFlight || (!force && now - this.last < PROGRESS_EVERY_MS)) return;
    this.last = now;
    const progress = { phase, bytesRead, linesRead, fileBytes: this.fileBytes };
    this.inFlight = store
      .updateLot(this.ctx, this.companyId, this.lotId, (l) => (l.status === 'VALIDATING' ? { ...l, progress } : null))
      .catch((err) => this.ctx.log.warn({ err, lotId: this.lotId }, 'lot progress not written'))
      .finally(() => {
        this.inFlight = null;
      });
  }

  async settle(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }
}
