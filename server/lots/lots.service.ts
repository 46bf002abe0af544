import { createHash, randomInt } from 'node:crypto';
import fs from 'node:fs';
import { MAX_RECORDS, recordsOfChunk, type LotError } from '../../src/domain/lots';
import {
  LOT_CHUNK_SIZE,
  LOT_ERRORS_IN_ANSWER,
  LOT_SYNC_RECORD_LIMIT,
  lotDocId,
  type LotDoc,
  type LotErrorsPage,
  type LotListItem,
  type LotRecordsPage,
  type LotRecordView,
  type LotSummary,
} from '../../src/domain/lots/lot.model';
import type { Permission } from '../../src/domain/permissions';
import { formatCents } from '../../src/domain/money';
import { lotActions } from '../../src/domain/lots/lot-actions';
import { LOT_DELETABLE, type LotStatus, type LotType } from '../../src/domain/statuses';
import type { UserDoc } from '../accounts/accounts.model';
import { permissionsIn } from '../accounts/accounts.service';
import * as accounts from '../accounts/accounts.store';
import { recordAudit } from '../audit/audit.service';
import { verifyStepUpPassword, type RequestMeta } from '../auth/auth.service';
import { conflict, DomainError, forbidden, invalid, notFound } from '../common/domain-error';
import type { ServerContext } from '../context';
import type { Stored } from '../store/documents';
import { tooLarge, type ReceivedUpload } from './lot-upload';
import { validationQueueOf } from './lot-queue';
import { lotFilePath, runLotValidation } from './lot-validation';
import * as store from './lots.store';

/**
 * Lots: upload, reading, and the tray's state machine (docs/lots-design.md). Every transition is an
 * updateDoc whose change function re-checks the rule on the fresh document; every action, allowed
 * or refused, leaves an audit entry.
 */

export const STATUS_LABELS: Record<LotStatus, string> = {
  VALIDATING: 'en validación',
  INVALID: 'inválido',
  VALID: 'válido',
  PENDING_AUTHORIZATION: 'pendiente de autorización',
  AUTHORIZED: 'autorizado',
  ORDERED: 'con orden de servicio',
  PROCESSING: 'en proceso',
  PROCESSED: 'procesado',
  DELETED: 'eliminado',
  CANCELLED: 'anulado',
};

export const lotNotFound = () => notFound('Lote no encontrado.', 'LOT_NOT_FOUND');
const lotState = (status: LotStatus, what: string) =>
  conflict('LOT_STATE', `No se puede ${what}: el lote está ${STATUS_LABELS[status]} (${status}).`);

/** `L` + UTC yyyymmddHHMMss + 6 random base-36 characters: sortable and unique. */
export function newLotId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += randomInt(0, 36).toString(36);
  return `L${stamp}${suffix}`;
}

export interface Actor {
  user: Stored<UserDoc>;
  companyId: string;
}

const permissionsOf = (actor: Actor): Permission[] => permissionsIn(actor.user, actor.companyId) ?? [];

// ---- answers --------------------------------------------------------------------------------------

/** The asking user's `can…` flags: the shared rule (src/domain/lots/lot-actions.ts), the device's too. */
const flags = (lot: LotDoc, actor: Actor) => lotActions(lot, actor.user.userId, permissionsOf(actor));

export function listItemOf(lot: LotDoc, actor: Actor): LotListItem {
  return {
    id: lot.id,
    type: lot.lotType,
    productCode: lot.productCode,
    status: lot.status,
    recordCount: lot.recordCount,
    totalCents: lot.totalCents,
    errorCount: lot.errorCount,
    fileName: lot.fileName,
    fileBytes: lot.fileBytes,
    fileSha256: lot.fileSha256,
    uploadedBy: lot.uploadedBy,
    uploadedAt: lot.uploadedAt,
    validatedAt: lot.validatedAt,
    duplicateOf: lot.duplicateOf,
    header: lot.header,
    progress: lot.progress,
    signaturesRequired: lot.signaturesRequired,
    signatures: lot.signatures,
    authorization: lot.authorization,
    orderId: lot.orderId,
    confirmation: lot.confirmation,
    processing: lot.processing,
    ...flags(lot, actor),
  };
}

export function summaryOf(lot: LotDoc, firstErrors: LotError[], actor: Actor): LotSummary {
  return { ...listItemOf(lot, actor), errors: firstErrors.slice(0, LOT_ERRORS_IN_ANSWER), history: lot.history };
}

async function firstErrorsOf(ctx: ServerContext, lot: LotDoc): Promise<LotError[]> {
  if (lot.errorCount === 0) return [];
  const [chunk] = await store.getErrorChunks(ctx, lot.companyId, lot.id, [0]);
  return chunk?.errors ?? [];
}

async function requireLot(ctx: ServerContext, companyId: string, lotId: string): Promise<Stored<LotDoc>> {
  const lot = await store.getLot(ctx, companyId, lotId);
  if (!lot || lot.companyId !== companyId) throw lotNotFound();
  return lot;
}

export const getLotDoc = (ctx: ServerContext, actor: Actor, lotId: string) => requireLot(ctx, actor.companyId, lotId);

export async function getLotSummary(ctx: ServerContext, actor: Actor, lotId: string): Promise<LotSummary> {
  const lot = await requireLot(ctx, actor.companyId, lotId);
  return summaryOf(lot, await firstErrorsOf(ctx, lot), actor);
}

export async function listLotItems(ctx: ServerContext, actor: Actor, filter: store.LotFilter): Promise<LotListItem[]> {
  const lots = await store.listLots(ctx, actor.companyId, filter);
  return lots.filter((l) => filter.status || l.status !== 'DELETED').map((l) => listItemOf(l, actor));
}

// ---- upload ---------------------------------------------------------------------------------------

export interface UploadInput {
  lotType: LotType;
  productCode: string;
  idempotencyKey?: string;
  upload: ReceivedUpload;
}

export interface UploadAnswer {
  status: 201 | 202;
  body: LotSummary;
  replayed: boolean;
}

/**
 * A received file becomes a lot: checked against the product, stored under its lot id, and
 * validated before the answer (≤ 10,000 records: 201) or in the background (202 VALIDATING).
 */
export async function uploadLot(ctx: ServerContext, actor: Actor, input: UploadInput, meta: RequestMeta): Promise<UploadAnswer> {
  const { upload } = input;
  const cid = actor.companyId;
  const audit = (outcome: 'ok' | 'refused', reason?: string, details: Record<string, unknown> = {}) =>
    recordAudit(ctx, {
      userId: actor.user.userId,
      companyId: cid,
      action: 'lots.upload',
      outcome,
      reason,
      details: { type: input.lotType, productCode: input.productCode, fileBytes: upload.bytes, fileSha256: upload.sha256, ...details },
      ...meta,
    });
  const refuse = async (err: DomainError) => {
    await fs.promises.rm(upload.partPath, { force: true });
    await audit('refused', err.code);
    return err;
  };

  const product = await accounts.getProduct(ctx, cid, input.productCode);
  if (!product || product.status !== 'active') {
    throw await refuse(invalid('INVALID_PRODUCT', `El producto ${input.productCode} no es un producto activo de la empresa.`));
  }
  const estimatedRecords = Math.max(0, upload.nonBlankLines - 1);
  if (estimatedRecords > Math.min(MAX_RECORDS, product.limits.maxRecordsPerFile)) throw await refuse(tooLarge());

  const lotId = upload.partPath.match(/(L[0-9]{14}[a-z0-9]{6})\.txt\.part$/)![1];
  const key = input.idempotencyKey;
  if (key) {
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([actor.user.userId, input.lotType, input.productCode, upload.sha256, upload.fileName]))
      .digest('hex');
    const created = await store.insertIdempotency(ctx, {
      _id: store.idempotencyDocId(cid, key),
      type: 'idempotency',
      companyId: cid,
      key,
      fingerprint,
      lotId,
      createdAt: ctx.now().toISOString(),
      answer: null,
    });
    if (created === 'exists') {
      await fs.promises.rm(upload.partPath, { force: true });
      const known = await store.getIdempotency(ctx, cid, key);
      if (!known || known.fingerprint !== fingerprint) {
        await audit('refused', 'IDEMPOTENCY_CONFLICT');
        throw conflict('IDEMPOTENCY_CONFLICT', 'La clave de idempotencia ya se usó con otra solicitud.');
      }
      if (known.answer) return { ...(known.answer as Omit<UploadAnswer, 'replayed'>), replayed: true };
      const lot = await store.getLot(ctx, cid, known.lotId);
      if (!lot) throw conflict('IDEMPOTENCY_IN_PROGRESS', 'La solicitud con esta clave de idempotencia aún está en curso.');
      return { status: lot.status === 'VALIDATING' ? 202 : 201, body: summaryOf(lot, await firstErrorsOf(ctx, lot), actor), replayed: true };
    }
  }

  const file = lotFilePath(ctx, cid, lotId);
  await fs.promises.rename(upload.partPath, file);
  const earlier = (await store.lotsWithSha256(ctx, cid, upload.sha256)).find((l) => l.status !== 'DELETED' && l.id !== lotId);
  const at = ctx.now().toISOString();
  const lot: LotDoc = {
    _id: lotDocId(lotId),
    type: 'lot',
    id: lotId,
    companyId: cid,
    lotType: input.lotType,
    productCode: input.productCode,
    status: 'VALIDATING',
    fileName: upload.fileName,
    fileBytes: upload.bytes,
    fileSha256: upload.sha256,
    duplicateOf: earlier?.id ?? null,
    header: null,
    recordCount: estimatedRecords,
    storedRecords: 0,
    totalCents: 0,
    errorCount: 0,
    progress: { phase: 'queued', linesRead: 0, bytesRead: 0, fileBytes: upload.bytes },
    uploadedBy: actor.user.userId,
    uploadedAt: at,
    origin: meta.origin === 'api' ? 'api' : 'web',
    validatedAt: null,
    confirmation: null,
    confirmedAt: null,
    signaturesRequired: 0,
    signatures: [],
    authorization: null,
    orderId: null,
    processing: null,
    deleted: null,
    history: [],
  };
  await store.insertLot(ctx, lot);
  await audit('ok', undefined, { lotId, duplicateOf: lot.duplicateOf });

  let answer: Omit<UploadAnswer, 'replayed'>;
  if (estimatedRecords <= LOT_SYNC_RECORD_LIMIT) {
    const outcome = await runLotValidation(ctx, cid, lotId);
    const final = outcome?.lot ?? (await requireLot(ctx, cid, lotId));
    answer = { status: 201, body: summaryOf(final, outcome?.firstErrors ?? (await firstErrorsOf(ctx, final)), actor) };
  } else {
    validationQueueOf(ctx).enqueue(cid, lotId);
    answer = { status: 202, body: summaryOf(lot, [], actor) };
  }
  if (key) {
    await store.updateIdempotency(ctx, cid, key, (d) => (d.answer ? null : { ...d, answer }));
  }
  return { ...answer, replayed: false };
}

// ---- errors and records, paged ------------------------------------------------------------------------

function chunkRange(offset: number, limit: number): number[] {
  if (limit <= 0) return [];
  const first = Math.floor(offset / LOT_CHUNK_SIZE);
  const last = Math.floor((offset + limit - 1) / LOT_CHUNK_SIZE);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

export async function lotErrorsPage(ctx: ServerContext, actor: Actor, lotId: string, offset: number, limit: number): Promise<LotErrorsPage> {
  const lot = await requireLot(ctx, actor.companyId, lotId);
  const wanted = Math.max(0, Math.min(limit, lot.errorCount - offset));
  const chunks = chunkRange(offset, wanted);
  const docs = await store.getErrorChunks(ctx, actor.companyId, lotId, chunks);
  const all = docs.flatMap((d) => d?.errors ?? []);
  const skip = offset - (chunks[0] ?? 0) * LOT_CHUNK_SIZE;
  return { lotId, offset, limit, total: lot.errorCount, errors: all.slice(skip, skip + wanted) };
}

export async function lotRecordsPage(ctx: ServerContext, actor: Actor, lotId: string, offset: number, limit: number): Promise<LotRecordsPage> {
  const lot = await requireLot(ctx, actor.companyId, lotId);
  return recordsPageOf(ctx, lot, offset, limit);
}

export async function recordsPageOf(ctx: ServerContext, lot: LotDoc, offset: number, limit: number): Promise<LotRecordsPage> {
  const total = lot.storedRecords;
  const wanted = Math.max(0, Math.min(limit, total - offset));
  const chunks = chunkRange(offset, wanted);
  const [recordDocs, resultDocs] = await Promise.all([
    store.getRecordChunks(ctx, lot.companyId, lot.id, chunks),
    store.getResultChunks(ctx, lot.companyId, lot.id, chunks),
  ]);
  const fieldNames = recordDocs.find((d) => d)?.fieldNames ?? [];
  const views: LotRecordView[] = [];
  recordDocs.forEach((doc, i) => {
    const results = resultDocs[i]?.results ?? [];
    const byLine = new Map(results.map((r) => [r.line, r]));
    for (const r of doc ? recordsOfChunk(doc) : []) {
      const fields: LotRecordView['fields'] = {};
      doc!.fieldNames.forEach((name, j) => {
        if (j < r.fields.length) fields[name] = r.fields[j];
      });
      views.push({ line: r.line, fields, amountCents: r.amountCents, personKey: r.personKey, errors: r.errors ?? [], result: byLine.get(r.line) ?? null });
    }
  });
  const skip = offset - (chunks[0] ?? 0) * LOT_CHUNK_SIZE;
  return { lotId: lot.id, offset, limit, total, fieldNames, records: views.slice(skip, skip + wanted) };
}

// ---- the tray: confirmation, signatures, authorization, deletion --------------------------------------

interface TransitionSpec {
  action: string;
  /** checked before the password (cheap refusals first) and again on the fresh document */
  apply: (lot: Stored<LotDoc>, at: string) => LotDoc;
  /**
   * An asynchronous step after `apply` accepted the lot, before the password (the limits'
   * reservation); what it answers undoes it when the transition does not happen after all.
   */
  before?: (lot: Stored<LotDoc>) => Promise<(() => Promise<void>) | void>;
  details?: Record<string, unknown>;
}

async function transition(
  ctx: ServerContext,
  actor: Actor,
  lotId: string,
  password: string,
  meta: RequestMeta,
  spec: TransitionSpec,
): Promise<LotSummary> {
  const cid = actor.companyId;
  const audit = (outcome: 'ok' | 'refused', reason?: string, extra: Record<string, unknown> = {}) =>
    recordAudit(ctx, { userId: actor.user.userId, companyId: cid, action: spec.action, outcome, reason, details: { lotId, ...spec.details, ...extra }, ...meta });
  try {
    const lot = await requireLot(ctx, cid, lotId);
    spec.apply(lot, ctx.now().toISOString());
    const undo = await spec.before?.(lot);
    let from: LotStatus = lot.status;
    let updated: Stored<LotDoc> | null;
    try {
      await verifyStepUpPassword(ctx, actor.user.userId, password, meta);
      updated = await store.updateLot(ctx, cid, lotId, (fresh) => {
        from = fresh.status;
        return spec.apply(fresh, ctx.now().toISOString());
      });
    } catch (err) {
      // a crash before this leaves the reservation to expire (RESERVATION_LEASE_MS)
      await undo?.().catch((e) => ctx.log.warn({ err: e, lotId }, 'reservation not released'));
      throw err;
    }
    await audit('ok', undefined, { from, to: updated!.status });
    return summaryOf(updated!, await firstErrorsOf(ctx, updated!), actor);
  } catch (err) {
    if (err instanceof DomainError) await audit('refused', err.code);
    throw err;
  }
}

function historyEntry(lot: LotDoc, at: string, by: string, action: string, to: LotStatus) {
  return [...lot.history, { at, by, action, from: lot.status, to }];
}

export interface ConfirmInput {
  password: string;
  embossLine1?: string;
  embossLine2?: string;
  concept?: string;
}

const EMBOSS = /^[A-Z0-9 ]{1,26}$/;

export async function confirmLot(ctx: ServerContext, actor: Actor, lotId: string, input: ConfirmInput, meta: RequestMeta) {
  const me = actor.user.userId;
  const company = await accounts.getCompany(ctx, actor.companyId);
  const required = company?.authorizationPolicy.signaturesRequired ?? 1;
  return transition(ctx, actor, lotId, input.password, meta, {
    action: 'lots.confirm',
    details: { signaturesRequired: required },
    apply: (lot, at) => {
      if (lot.status !== 'VALID') throw lotState(lot.status, 'confirmar el lote');
      if (lot.uploadedBy !== me) throw forbidden('Solo quien cargó el lote puede confirmarlo.', 'NOT_UPLOADER');
      const extra = confirmationExtras(lot.lotType, input);
      return {
        ...lot,
        status: 'PENDING_AUTHORIZATION',
        confirmation: { by: me, at, ...extra },
        confirmedAt: at,
        signaturesRequired: required,
        signatures: [],
        history: historyEntry(lot, at, me, 'confirmed', 'PENDING_AUTHORIZATION'),
      };
    },
    before: (lot) => reserveConfirmationLimits(ctx, actor.companyId, lot),
  });
}

/**
 * The confirmation of a lot that a card request produced (a PIN request's one-record REP lot,
 * server/cards/pin-lot.ts). PRODUCT.md: a PIN request "creates a replacement lot to authorize" — the
 * request is the requester's confirmed intent (cards.manage, re-checked by the server when it applies
 * the request, which may have been queued offline, where no password can be asked), so its lot skips
 * the tray: it is confirmed in the requester's name (`via: 'card-request'`) and goes straight to
 * PENDING_AUTHORIZATION under the company's policy frozen now — the signatures it asks for (0–2) and
 * an authorization, each with its own password, by people other than the requester (OWN_LOT,
 * SIGNER_CANNOT_AUTHORIZE apply as to any lot). It moves no money and reserves no limit (REP).
 * Idempotent: a lot that is not VALID (already confirmed, or INVALID — left in the tray with its
 * errors for its uploader to see and delete) is left as it is. Audited as `lots.confirm`.
 */
export async function confirmRequestedLot(
  ctx: ServerContext,
  companyId: string,
  lotId: string,
  request: { by: string; requestId: string },
): Promise<Stored<LotDoc> | null> {
  const company = await accounts.getCompany(ctx, companyId);
  const required = company?.authorizationPolicy.signaturesRequired ?? 1;
  let confirmed = false;
  const updated = await store.updateLot(ctx, companyId, lotId, (lot) => {
    if (lot.status !== 'VALID' || lot.lotType !== 'REP' || lot.uploadedBy !== request.by) return null;
    const at = ctx.now().toISOString();
    confirmed = true;
    return {
      ...lot,
      status: 'PENDING_AUTHORIZATION',
      confirmation: { by: request.by, at, via: 'card-request', requestId: request.requestId },
      confirmedAt: at,
      signaturesRequired: required,
      signatures: [],
      history: historyEntry(lot, at, request.by, 'confirmed', 'PENDING_AUTHORIZATION'),
    };
  });
  if (confirmed) {
    await recordAudit(ctx, {
      userId: request.by,
      companyId,
      action: 'lots.confirm',
      outcome: 'ok',
      details: { lotId, signaturesRequired: required, via: 'card-request', requestId: request.requestId, from: 'VALID', to: 'PENDING_AUTHORIZATION' },
      origin: 'offline-request',
      ip: null,
    });
  }
  return updated;
}

function confirmationExtras(type: LotType, input: ConfirmInput) {
  if (type === 'EMI') {
    const l1 = input.embossLine1?.trim() ?? '';
    const l2 = input.embossLine2?.trim() ?? '';
    if (!EMBOSS.test(l1) || !EMBOSS.test(l2)) {
      throw invalid('EMBOSS_LINES', 'Indique las dos líneas de grabado: de 1 a 26 caracteres, letras mayúsculas sin acentos, dígitos y espacios.');
    }
    return { embossLine1: l1, embossLine2: l2 };
  }
  if (type === 'REC' || type === 'CAR') {
    const concept = input.concept?.trim() ?? '';
    if (concept.length < 1 || concept.length > 60 || /[\u0000-\u001f\u007f]/.test(concept)) {
      throw invalid('CONCEPT', 'Indique el concepto: de 1 a 60 caracteres.');
    }
    return { concept };
  }
  return {};
}

/** A reservation of a confirmation whose lot is still not confirmed after this long is let go. */
export const RESERVATION_LEASE_MS = 120_000;

/**
 * Per-product daily and monthly limits (UTC days and months): cards issued per day (EMI records),
 * amount per day and per month (EMI initial loads and REC recharges). The lot's share is reserved
 * in the month's `limits:` document (lots.store LimitUsageDoc) under MVCC: the check and the
 * reservation are one write with a revision check, retried on conflict against the fresh document,
 * so two confirmations racing cannot both take the last room. Entries of lots since deleted or
 * cancelled, and of confirmations that never completed (older than RESERVATION_LEASE_MS, lot not
 * confirmed), are dropped as they are met. Answers the release (the confirmation failed after all).
 */
export async function reserveConfirmationLimits(ctx: ServerContext, companyId: string, lot: LotDoc): Promise<(() => Promise<void>) | void> {
  const product = await accounts.getProduct(ctx, companyId, lot.productCode);
  if (!product) return;
  const { dailyCardsIssued, dailyAmountCents, monthlyAmountCents } = product.limits;
  if (dailyCardsIssued === null && dailyAmountCents === null && monthlyAmountCents === null) return;
  const money = (l: Pick<LotDoc, 'lotType' | 'totalCents'>) => (l.lotType === 'EMI' || l.lotType === 'REC' ? l.totalCents : 0);
  const mine: store.LimitUsageEntry = {
    day: ctx.now().toISOString().slice(0, 10),
    cards: lot.lotType === 'EMI' ? lot.recordCount : 0,
    cents: money(lot),
    at: ctx.now().toISOString(),
  };
  if (mine.cards === 0 && mine.cents === 0) return;
  const month = mine.day.slice(0, 7);
  await ensureLimitUsage(ctx, companyId, lot.productCode, month, money);

  // which entries are no longer taking room: read the lots they name (fresh), outside the MVCC loop
  const current = await store.getLimitUsage(ctx, companyId, lot.productCode, month);
  const others = Object.keys(current?.lots ?? {}).filter((id) => id !== lot.id);
  const statuses = await store.lotStatuses(ctx, companyId, others);
  const leaseEnd = ctx.now().getTime() - RESERVATION_LEASE_MS;
  const gone = new Set(
    others.filter((id) => {
      const l = statuses.get(id);
      if (!l || l.status === 'DELETED' || l.status === 'CANCELLED') return true;
      return l.confirmedAt === null && Date.parse(current!.lots[id].at) < leaseEnd;
    }),
  );

  const fmt = (cents: number) => formatCents(cents, 'es');
  await store.updateLimitUsage(ctx, companyId, lot.productCode, month, (doc) => {
    const lots: Record<string, store.LimitUsageEntry> = {};
    for (const [id, entry] of Object.entries(doc.lots)) if (!gone.has(id) && id !== lot.id) lots[id] = entry;
    const entries = Object.values(lots);
    const today = entries.filter((e) => e.day === mine.day);
    if (dailyCardsIssued !== null && mine.cards > 0) {
      const used = today.reduce((sum, e) => sum + e.cards, 0);
      if (used + mine.cards > dailyCardsIssued) {
        throw conflict(
          'LIMIT_EXCEEDED',
          `Se supera el límite diario de ${dailyCardsIssued} tarjetas emitidas del producto ${lot.productCode}: hoy ya se confirmaron ${used} y este lote tiene ${mine.cards}.`,
        );
      }
    }
    if (mine.cents > 0 && dailyAmountCents !== null) {
      const used = today.reduce((sum, e) => sum + e.cents, 0);
      if (used + mine.cents > dailyAmountCents) {
        throw conflict(
          'LIMIT_EXCEEDED',
          `Se supera el monto diario de ${fmt(dailyAmountCents)} del producto ${lot.productCode}: hoy ya se confirmaron ${fmt(used)} y este lote suma ${fmt(mine.cents)}.`,
        );
      }
    }
    if (mine.cents > 0 && monthlyAmountCents !== null) {
      const used = entries.reduce((sum, e) => sum + e.cents, 0);
      if (used + mine.cents > monthlyAmountCents) {
        throw conflict(
          'LIMIT_EXCEEDED',
          `Se supera el monto mensual de ${fmt(monthlyAmountCents)} del producto ${lot.productCode}: este mes ya se confirmaron ${fmt(used)} y este lote suma ${fmt(mine.cents)}.`,
        );
      }
    }
    return { ...doc, lots: { ...lots, [lot.id]: mine } };
  });
  return () => releaseLimitUsage(ctx, companyId, lot.productCode, month, lot.id);
}

/** Takes a lot's entry out of the month's reservations (a failed confirmation, a deleted lot). */
async function releaseLimitUsage(ctx: ServerContext, companyId: string, productCode: string, month: string, lotId: string): Promise<void> {
  if (!(await store.getLimitUsage(ctx, companyId, productCode, month))) return;
  await store.updateLimitUsage(ctx, companyId, productCode, month, (doc) => {
    if (!doc.lots[lotId]) return null;
    const lots = { ...doc.lots };
    delete lots[lotId];
    return { ...doc, lots };
  });
}

/**
 * The month's document, created on first use with the lots confirmed so far that month (lots
 * confirmed before reservations existed keep counting); a racing creator loses with 409 and both
 * go on with the same document.
 */
async function ensureLimitUsage(
  ctx: ServerContext,
  companyId: string,
  productCode: string,
  month: string,
  money: (l: LotDoc) => number,
): Promise<void> {
  if (await store.getLimitUsage(ctx, companyId, productCode, month)) return;
  const from = `${month}-01T00:00:00.000Z`;
  const next = new Date(from);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const lots: Record<string, store.LimitUsageEntry> = {};
  for (const l of await store.lotsConfirmedBetween(ctx, companyId, productCode, from, next.toISOString())) {
    if (l.status === 'DELETED' || l.status === 'CANCELLED') continue;
    lots[l.id] = { day: l.confirmedAt!.slice(0, 10), cards: l.lotType === 'EMI' ? l.recordCount : 0, cents: money(l), at: l.confirmedAt! };
  }
  await store.createLimitUsage(ctx, companyId, { _id: store.limitUsageDocId(productCode, month), type: 'limit-usage', productCode, month, lots });
}

export async function signLot(ctx: ServerContext, actor: Actor, lotId: string, password: string, meta: RequestMeta) {
  const me = actor.user.userId;
  return transition(ctx, actor, lotId, password, meta, {
    action: 'lots.sign',
    apply: (lot, at) => {
      if (lot.status !== 'PENDING_AUTHORIZATION') throw lotState(lot.status, 'firmar el lote');
      if (lot.uploadedBy === me) throw forbidden('Quien cargó el lote no puede firmarlo.', 'OWN_LOT');
      if (lot.signatures.some((s) => s.userId === me)) throw forbidden('Usted ya firmó este lote.', 'ALREADY_SIGNED');
      if (lot.signatures.length >= lot.signaturesRequired) {
        throw forbidden(
          lot.signaturesRequired === 0
            ? 'La política de la empresa no pide firmas: el lote pasa directo a autorización.'
            : `El lote ya tiene las ${lot.signaturesRequired} firmas que pide la política de la empresa.`,
          'SIGNATURES_COMPLETE',
        );
      }
      return {
        ...lot,
        signatures: [...lot.signatures, { userId: me, at }],
        history: historyEntry(lot, at, me, 'signed', lot.status),
      };
    },
  });
}

export async function withdrawSignature(ctx: ServerContext, actor: Actor, lotId: string, password: string, meta: RequestMeta) {
  const me = actor.user.userId;
  return transition(ctx, actor, lotId, password, meta, {
    action: 'lots.signature-withdrawn',
    apply: (lot, at) => {
      if (lot.status !== 'PENDING_AUTHORIZATION') throw lotState(lot.status, 'retirar la firma');
      if (!lot.signatures.some((s) => s.userId === me)) throw forbidden('Usted no ha firmado este lote.', 'NOT_SIGNED');
      return {
        ...lot,
        signatures: lot.signatures.filter((s) => s.userId !== me),
        history: historyEntry(lot, at, me, 'signature-withdrawn', lot.status),
      };
    },
  });
}

export async function authorizeLot(ctx: ServerContext, actor: Actor, lotId: string, password: string, meta: RequestMeta) {
  const me = actor.user.userId;
  return transition(ctx, actor, lotId, password, meta, {
    action: 'lots.authorize',
    apply: (lot, at) => {
      if (lot.status !== 'PENDING_AUTHORIZATION') throw lotState(lot.status, 'autorizar el lote');
      if (lot.uploadedBy === me) throw forbidden('Quien cargó el lote no puede autorizarlo.', 'OWN_LOT');
      if (lot.signatures.some((s) => s.userId === me)) {
        throw forbidden('Quien firmó el lote no puede también autorizarlo.', 'SIGNER_CANNOT_AUTHORIZE');
      }
      if (lot.signatures.length < lot.signaturesRequired) {
        throw forbidden(
          `Faltan firmas: el lote tiene ${lot.signatures.length} de las ${lot.signaturesRequired} que pide la política.`,
          'SIGNATURES_MISSING',
        );
      }
      return {
        ...lot,
        status: 'AUTHORIZED',
        authorization: { by: me, at },
        history: historyEntry(lot, at, me, 'authorized', 'AUTHORIZED'),
      };
    },
  });
}

export async function deleteLot(ctx: ServerContext, actor: Actor, lotId: string, password: string, meta: RequestMeta) {
  const me = actor.user.userId;
  const mayDeleteAny = permissionsOf(actor).includes('lots.delete');
  return transition(ctx, actor, lotId, password, meta, {
    action: 'lots.delete',
    apply: (lot, at) => {
      if (!LOT_DELETABLE.includes(lot.status)) throw lotState(lot.status, 'eliminar el lote');
      const own = lot.uploadedBy === me && (lot.status === 'VALID' || lot.status === 'INVALID');
      if (!mayDeleteAny && !own) throw forbidden('No tiene permiso para eliminar este lote.', 'FORBIDDEN');
      return {
        ...lot,
        status: 'DELETED',
        deleted: { by: me, at },
        history: historyEntry(lot, at, me, 'deleted', 'DELETED'),
      };
    },
  });
}

export { lotState };
