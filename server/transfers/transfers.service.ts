import { productDocId, type ProductDoc, type UserDoc } from '../accounts/accounts.model';
import { masterAccountDocId } from '../accounts/master-accounts.model';
import { recordAudit } from '../audit/audit.service';
import type { AuditOrigin } from '../audit/audit.model';
import { CARD_HISTORY_MAX, type CardDoc } from '../cards/cards.model';
import { conflict, DomainError, invalid, notFound } from '../common/domain-error';
import type { ServerContext } from '../context';
import { APPLIED_KEEP, entryDocId, ledgerAccount, type LedgerTransaction } from '../ledger/ledger.model';
import { applyToCachedBalance, postTransactions } from '../ledger/ledger.service';
import { consumeOneTimeCode } from '../one-time-codes/one-time-codes.service';
import { assertStepUpPassword, type StepUpMeta } from '../one-time-codes/step-up';
import { GLOBAL_DB } from '../store/databases';
import { createOnce, getOrNull, isNotFound, updateDoc, type Stored } from '../store/documents';
import {
  checkMovementAmount,
  checkPeriodLimits,
  currentUsage,
  masterDebitOf,
  periodsOf,
  previewTransfer,
  REFUSAL_TEXT,
  type TransferKind,
  type TransferRefusal,
} from '../../src/domain/transfers/transfer-rules';
import { transferSettingsOf, type TransferSettings } from '../../src/domain/transfers/transfer-settings';
import type {
  PreviewLineAnswer,
  TransferAnswer,
  TransferBody,
  TransferPreviewAnswer,
  TransferPreviewBody,
} from '../../src/domain/transfers/transfer.model';
import {
  feeCause,
  fundingCause,
  lineCause,
  masterKey,
  requestHashOf,
  TRANSFER_LEASE_MS,
  transferDocId,
  transferIdOf,
  type MasterAccountState,
  type TransferDoc,
  type TransferLineDoc,
} from './transfers.model';
import { accountsDb, cardsDb, getCards, getTransfer, transfersDb, updateTransfer } from './transfers.store';
import { ledgerDb } from '../ledger/ledger.store';

/**
 * Master transfers (PRODUCT.md chapter 5): credit cards from the product's master account, or debit
 * them back into it, with a fee per transfer and the product's limits.
 *
 * How money moves exactly once and never overdraws, with any number of server instances:
 *  1. The transfer document `transfer:<t + hash(company, Idempotency-Key)>` is created once (a 409
 *     means the key was used: replay its answer, or refuse a different body).
 *  2. The master account document is changed first, under MVCC, in one write that checks the balance
 *     and the period limits, takes the money (credits + fee, or only the fee for debits), counts the
 *     movements, and records the key `transfer:<id>` — a re-run finds the key and takes nothing. 50
 *     concurrent transfers serialise on that document's `_rev`: none can spend what another took.
 *  3. The ledger legs are written with deterministic ids, then the cards' cached balances change
 *     (credits after their entry; debits of a card first, never below zero, then their entry).
 *  4. COMPLETED with the answer. A crash anywhere leaves the document PENDING; the resume sweep
 *     (transfers.feature.ts) runs it again from the start once its lease has run out: every step is
 *     keyed, so what was done is found done and only the rest happens.
 */

export interface TransferActor {
  user: Pick<UserDoc, 'userId'>;
  meta: StepUpMeta;
}

type Audit = (action: string, outcome: 'ok' | 'refused', details: Record<string, unknown>, reason?: string) => Promise<void>;

function auditOf(ctx: ServerContext, userId: string, companyId: string, meta: { ip: string | null; origin: AuditOrigin }): Audit {
  return (action, outcome, details, reason) =>
    recordAudit(ctx, { userId, companyId, action, outcome, details, ...(reason ? { reason } : {}), ...meta });
}

export const errors = {
  productNotFound: () => notFound('Producto no encontrado.', 'PRODUCT_NOT_FOUND'),
  noMasterAccount: () => conflict('NO_MASTER_ACCOUNT', 'El producto no tiene cuenta maestra.'),
  keyRequired: () =>
    invalid('IDEMPOTENCY_KEY_REQUIRED', 'Falta el encabezado Idempotency-Key (8 a 200 caracteres: letras, dígitos, . _ : -).'),
  keyReused: () =>
    conflict('IDEMPOTENCY_KEY_REUSED', 'Esta clave de idempotencia ya se usó para otra operación. Genere una nueva confirmación.'),
  inProgress: () => conflict('TRANSFER_IN_PROGRESS', 'La operación con esta clave sigue en curso. Consulte de nuevo en unos segundos.'),
  refused: (r: TransferRefusal) =>
    new DomainError(r.code === 'AMOUNT_BELOW_MIN' || r.code === 'AMOUNT_ABOVE_MAX' ? 'invalid' : 'conflict', r.code, r.message, r.line === undefined ? undefined : { line: r.line }),
};

// ---- reading -------------------------------------------------------------------------------------

export async function productOf(ctx: ServerContext, companyId: string, productCode: string): Promise<Stored<ProductDoc>> {
  const product = await getOrNull(ctx.store.use<ProductDoc>(GLOBAL_DB.companies), productDocId(companyId, productCode));
  if (!product || product.type !== 'product' || product.companyId !== companyId) throw errors.productNotFound();
  return product;
}

export async function masterAccountOf(ctx: ServerContext, companyId: string, productCode: string): Promise<Stored<MasterAccountState>> {
  const account = await getOrNull(accountsDb(ctx, companyId), masterAccountDocId(productCode));
  if (!account || account.type !== 'account') throw errors.noMasterAccount();
  return account;
}

const holderName = (c: CardDoc) => `${c.holder.firstName} ${c.holder.lastName}`.trim();

interface Checked {
  settings: TransferSettings;
  master: Stored<MasterAccountState>;
  cards: Map<string, Stored<CardDoc>>;
  lines: PreviewLineAnswer[];
  refusals: TransferRefusal[];
  preview: TransferPreviewAnswer['preview'];
  usage: TransferPreviewAnswer['usage'];
}

/**
 * Every rule checked against the current documents: the cards (exist, this product, not cancelled,
 * once each, enough balance to debit), each amount's bounds, the period limits, the master balance.
 * The same rules run again inside the MVCC write (limits, balance) and the card debits, which decide.
 */
async function check(ctx: ServerContext, companyId: string, body: TransferPreviewBody): Promise<Checked> {
  const product = await productOf(ctx, companyId, body.productCode);
  const settings = transferSettingsOf(product);
  const master = await masterAccountOf(ctx, companyId, body.productCode);
  const cards = await getCards(ctx, companyId, body.lines.map((l) => l.cardId));
  const refusals: TransferRefusal[] = [];
  const seen = new Set<string>();
  const lines: PreviewLineAnswer[] = body.lines.map((line, i) => {
    const card = cards.get(line.cardId);
    const sign = body.kind === 'credit' ? 1 : -1;
    let refusal: TransferRefusal | null = null;
    if (seen.has(line.cardId)) refusal = { code: 'CARD_REPEATED', message: REFUSAL_TEXT.CARD_REPEATED() };
    else if (!card) refusal = { code: 'CARD_NOT_FOUND', message: REFUSAL_TEXT.CARD_NOT_FOUND() };
    else if (card.productCode !== body.productCode) refusal = { code: 'CARD_OTHER_PRODUCT', message: REFUSAL_TEXT.CARD_OTHER_PRODUCT() };
    else if (card.status === 'CANCELLED') refusal = { code: 'CARD_CANCELLED', message: REFUSAL_TEXT.CARD_CANCELLED() };
    else refusal = checkMovementAmount(line.amountCents, settings);
    if (!refusal && card && body.kind === 'debit' && card.balanceCents < line.amountCents) {
      refusal = { code: 'CARD_INSUFFICIENT_FUNDS', message: REFUSAL_TEXT.CARD_INSUFFICIENT_FUNDS(card.balanceCents) };
    }
    seen.add(line.cardId);
    if (refusal) refusals.push({ ...refusal, line: i });
    const before = card?.balanceCents ?? 0;
    return {
      cardId: line.cardId,
      maskedPan: card?.maskedPan ?? '',
      holderName: card ? holderName(card) : '',
      status: card?.status ?? '',
      amountCents: line.amountCents,
      beforeCents: before,
      afterCents: before + sign * line.amountCents,
      ...(refusal ? { refusal: { ...refusal, line: i } } : {}),
    };
  });
  const amounts = body.lines.map((l) => l.amountCents);
  const usage = currentUsage(master.transferUsage, periodsOf(ctx.now()));
  const limits = checkPeriodLimits(usage, settings, amounts.reduce((a, b) => a + b, 0), amounts.length);
  if (limits.refusal) refusals.push(limits.refusal);
  const debit = masterDebitOf(body.kind, amounts, settings.feeCents);
  if (master.balanceCents < debit) refusals.push({ code: 'INSUFFICIENT_FUNDS', message: REFUSAL_TEXT.INSUFFICIENT_FUNDS(master.balanceCents) });
  const p = previewTransfer(
    body.kind,
    master.balanceCents,
    body.lines.map((l) => ({ card: { cardId: l.cardId, balanceCents: cards.get(l.cardId)?.balanceCents ?? 0 }, amountCents: l.amountCents })),
    settings.feeCents,
  );
  return {
    settings,
    master,
    cards,
    lines,
    refusals,
    preview: { ...p, cards: lines },
    usage: { dayAmountCents: usage.dayAmountCents, dayCount: usage.dayCount, weekAmountCents: usage.weekAmountCents, weekCount: usage.weekCount },
  };
}

/** Balances before/after and what would refuse the transfer now; moves nothing. */
export async function previewTransferOf(ctx: ServerContext, companyId: string, body: TransferPreviewBody): Promise<TransferPreviewAnswer> {
  const c = await check(ctx, companyId, body);
  return { productCode: body.productCode, kind: body.kind, settings: c.settings, preview: c.preview, refusals: c.refusals, usage: c.usage, asOf: ctx.now().toISOString() };
}

// ---- idempotency ---------------------------------------------------------------------------------

export function answerOf(t: TransferDoc): TransferAnswer {
  return {
    id: t.id,
    kind: t.kind,
    productCode: t.productCode,
    status: t.status,
    amountCents: t.amountCents,
    feeCents: t.feeCents,
    ...(t.fundingAccountId ? { fundingAccountId: t.fundingAccountId } : {}),
    lines: t.lines.map((l) => ({
      cardId: l.cardId,
      maskedPan: l.maskedPan,
      holderName: l.holderName,
      amountCents: l.amountCents,
      status: l.status,
      ...(l.reason ? { reason: l.reason } : {}),
      ...(l.balanceAfterCents !== undefined ? { balanceAfterCents: l.balanceAfterCents } : {}),
    })),
    master: t.master,
    ...(t.refusal ? { refusal: t.refusal } : {}),
    createdBy: t.createdBy,
    createdAt: t.createdAt,
    completedAt: t.completedAt,
  };
}

export type Outcome = { replayed: boolean; transfer: TransferAnswer };

/** The finished answer of an existing transfer; a refusal replays as the same error. */
function replayOf(t: TransferDoc): Outcome {
  if (t.status === 'REFUSED' && t.refusal) throw errors.refused(t.refusal);
  return { replayed: true, transfer: t.answer ?? answerOf(t) };
}

/**
 * A request whose key names an existing transfer: a different body is refused; the same body gets
 * the first answer, once the transfer is finished (waits for a running one; finishes an abandoned one).
 */
async function replay(ctx: ServerContext, companyId: string, docId: string, requestHash: string): Promise<Outcome | null> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const t = await getTransfer(ctx, companyId, docId);
    if (!t) return null;
    if (t.requestHash !== requestHash) throw errors.keyReused();
    if (t.status !== 'PENDING') return replayOf(t);
    if (ctx.now().getTime() - Date.parse(t.claimedAt) > TRANSFER_LEASE_MS) {
      const done = await resumeTransfer(ctx, companyId, t);
      if (done) return replayOf(done);
    }
    if (Date.now() > deadline) throw errors.inProgress();
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function checkIdempotencyKey(key: string | undefined): string {
  if (!key || !/^[A-Za-z0-9_.:-]{8,200}$/.test(key)) throw errors.keyRequired();
  return key;
}

/**
 * Runs the step-up (password, then the one-time code) for a new transfer. A request that lost the
 * race for the same key had its code spent by its twin: it gets the twin's answer, not 403.
 */
async function stepUp(
  ctx: ServerContext,
  actor: TransferActor,
  companyId: string,
  purpose: 'transfer' | 'funding',
  input: { password: string; otp: string },
  docId: string,
  requestHash: string,
): Promise<Outcome | null> {
  await assertStepUpPassword(ctx, actor.user, input.password, { ...actor.meta, companyId, action: `${purpose}.execute` });
  try {
    await consumeOneTimeCode(ctx, { userId: actor.user.userId, companyId, purpose, code: input.otp }, actor.meta);
    return null;
  } catch (err) {
    // its twin may be between spending the code and creating the document: give it a moment
    const deadline = Date.now() + 2_000;
    do {
      const twin = await replay(ctx, companyId, docId, requestHash).catch(() => null);
      if (twin) return twin;
      await new Promise((r) => setTimeout(r, 25));
    } while (Date.now() < deadline);
    throw err;
  }
}

// ---- executing -----------------------------------------------------------------------------------

/**
 * `transfers.execute`: credit or debit cards. Answers 201 with the transfer, or the first answer for
 * a key already used with the same body (`replayed`).
 */
export async function executeTransfer(
  ctx: ServerContext,
  actor: TransferActor,
  companyId: string,
  idempotencyKey: string,
  body: TransferBody,
  /** the password + code check; only bench/transfers.mjs passes another, to time the money path alone */
  verify: typeof stepUp = stepUp,
): Promise<Outcome> {
  const id = transferIdOf(companyId, idempotencyKey);
  const docId = transferDocId(id);
  const requestHash = requestHashOf({ by: actor.user.userId, kind: body.kind, productCode: body.productCode, lines: body.lines });
  const audit = auditOf(ctx, actor.user.userId, companyId, actor.meta);
  const known = await replay(ctx, companyId, docId, requestHash);
  if (known) return known;

  const checked = await check(ctx, companyId, body);
  // refusals about the request itself, before the code is spent; balance and limits decide again below
  const first = checked.refusals[0];
  if (first) {
    await audit('transfer.execute', 'refused', { transferId: id, productCode: body.productCode, kind: body.kind, lines: body.lines.length }, first.code);
    throw errors.refused(first);
  }
  const twin = await verify(ctx, actor, companyId, 'transfer', body, docId, requestHash);
  if (twin) return twin;

  const now = ctx.now().toISOString();
  const lines: TransferLineDoc[] = checked.lines.map((l) => ({
    cardId: l.cardId,
    maskedPan: l.maskedPan,
    holderName: l.holderName,
    amountCents: l.amountCents,
    status: 'PENDING',
  }));
  const doc: TransferDoc = {
    _id: docId,
    type: 'transfer',
    id,
    companyId,
    kind: body.kind,
    productCode: body.productCode,
    requestHash,
    status: 'PENDING',
    phase: 'start',
    amountCents: lines.reduce((a, l) => a + l.amountCents, 0),
    feeCents: checked.settings.feeCents,
    lines,
    master: { beforeCents: null, afterCents: null },
    createdBy: actor.user.userId,
    createdAt: now,
    claimedAt: now,
    completedAt: null,
  };
  if ((await createOnce(transfersDb(ctx, companyId), doc)) === 'exists') {
    const again = await replay(ctx, companyId, docId, requestHash);
    if (again) return again;
  }
  const done = await runTransfer(ctx, companyId, doc, checked.settings);
  await audit(
    'transfer.execute',
    done.status === 'COMPLETED' ? 'ok' : 'refused',
    {
      transferId: id,
      productCode: body.productCode,
      kind: body.kind,
      lines: lines.length,
      amountCents: doc.amountCents,
      feeCents: doc.feeCents,
      rejectedLines: done.lines.filter((l) => l.status === 'REJECTED').length,
    },
    done.refusal?.code,
  );
  if (done.status === 'REFUSED') throw errors.refused(done.refusal!);
  return { replayed: false, transfer: done.answer! };
}

/**
 * Every transfer of a product writes its one master account document: under a burst, a writer may
 * lose the `_rev` race many times in a row before its turn. It keeps re-reading and re-checking (each
 * attempt is a fresh decision) rather than failing the transfer.
 */
const MASTER_MAX_ATTEMPTS = 2_000;

/** A keyed cached-balance write (server/ledger) retried while it keeps losing the `_rev` race. */
export async function untilWritten<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 409 || attempt >= 40) throw err;
    }
  }
}

type MasterStart = { outcome: 'applied' | 'already'; doc: Stored<MasterAccountState> } | { outcome: 'refused'; refusal: TransferRefusal };

/**
 * Step 2: the one MVCC write of the master account that decides a transfer — balance, limits,
 * usage and the key, together. Re-reads and re-checks on every 409.
 */
async function startOnMaster(ctx: ServerContext, companyId: string, t: TransferDoc, settings: TransferSettings): Promise<MasterStart> {
  let result: MasterStart | null = null;
  const key = masterKey.start(t.id);
  const amounts = t.lines.map((l) => l.amountCents);
  const doc = await updateDoc(accountsDb(ctx, companyId), masterAccountDocId(t.productCode), (current) => {
    const applied = current.appliedEntries ?? [];
    if (applied.includes(key)) {
      result = { outcome: 'already', doc: current };
      return null;
    }
    const usage = currentUsage(current.transferUsage, periodsOf(ctx.now()));
    const limits = checkPeriodLimits(usage, settings, t.amountCents, amounts.length);
    if (limits.refusal) {
      result = { outcome: 'refused', refusal: limits.refusal };
      return null;
    }
    const next = current.balanceCents - masterDebitOf(t.kind as TransferKind, amounts, t.feeCents);
    if (next < 0) {
      result = { outcome: 'refused', refusal: { code: 'INSUFFICIENT_FUNDS', message: REFUSAL_TEXT.INSUFFICIENT_FUNDS(current.balanceCents) } };
      return null;
    }
    result = { outcome: 'applied', doc: current };
    return {
      ...current,
      balanceCents: next,
      transferUsage: limits.after,
      appliedEntries: [...applied, key].slice(-APPLIED_KEEP.account),
      updatedAt: ctx.now().toISOString(),
    };
  }, MASTER_MAX_ATTEMPTS);
  const r = result as MasterStart | null;
  if (!r) throw new Error('master step: no decision');
  if (r.outcome === 'applied') return { outcome: 'applied', doc: doc! };
  return r;
}

function lineTransaction(t: TransferDoc, n: number): LedgerTransaction {
  const line = t.lines[n];
  const sign = t.kind === 'credit' ? 1 : -1;
  return {
    cause: lineCause(t.id, n),
    legs: [
      { leg: 'master', account: ledgerAccount.master(t.productCode), amountCents: -sign * line.amountCents },
      { leg: 'card', account: ledgerAccount.card(line.cardId), amountCents: sign * line.amountCents },
    ],
  };
}

function feeTransaction(t: TransferDoc): LedgerTransaction {
  return {
    cause: feeCause(t.id),
    legs: [
      { leg: 'master', account: ledgerAccount.master(t.productCode), amountCents: -t.feeCents },
      { leg: 'fees', account: ledgerAccount.fees(t.productCode), amountCents: t.feeCents },
    ],
  };
}

/** One card's cached balance, keyed by its ledger entry id, with a line in the card's history. */
async function applyToCard(ctx: ServerContext, t: TransferDoc, n: number, deltaCents: number) {
  const key = entryDocId(lineCause(t.id, n), 'card');
  return untilWritten(() => applyToCachedBalance(ctx, cardsDb(ctx, t.companyId) as never, `card:${t.lines[n].cardId}`, key, deltaCents, APPLIED_KEEP.card, {
    extra: (card: Stored<CardDoc>) => ({
      history: [
        ...(card.history ?? []),
        { id: key, at: ctx.now().toISOString(), action: deltaCents > 0 ? 'transfer.credit' : 'transfer.debit', by: t.createdBy, origin: 'web' as const, details: { transferId: t.id, amountCents: deltaCents } },
      ].slice(-CARD_HISTORY_MAX),
    }),
  } as never) as Promise<{ outcome: 'applied' | 'already' | 'insufficient'; doc: Stored<CardDoc> }>);
}

/** Runs `items` with at most `width` at a time (card documents are independent; the store is not). */
async function inBatches<T>(items: T[], width: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(run));
}

/**
 * The state machine of a transfer, from wherever it is; every step keyed (see the top comment).
 * Answers the finished document (COMPLETED or REFUSED).
 */
export async function runTransfer(
  ctx: ServerContext,
  companyId: string,
  t: TransferDoc,
  settings?: TransferSettings,
  options: { resumed?: boolean } = {},
): Promise<TransferDoc> {
  if (t.kind === 'funding') return runFunding(ctx, companyId, t);
  const docId = t._id;
  let master = { beforeCents: t.master.beforeCents, afterCents: t.master.afterCents };
  let lines = t.lines.map((l) => ({ ...l }));

  if (t.phase === 'start') {
    // resumed: a ledger entry of this transfer proves the master step happened even if its key has
    // since been trimmed from the account's `appliedEntries` (entries are written only after it)
    const proven = options.resumed && (await masterStepProven(ctx, companyId, t));
    const start: MasterStart = proven
      ? { outcome: 'already', doc: await masterAccountOf(ctx, companyId, t.productCode) }
      : await startOnMaster(ctx, companyId, t, settings ?? transferSettingsOf(await productOf(ctx, companyId, t.productCode)));
    if (start.outcome === 'refused') {
      return finish(ctx, companyId, docId, (d) => ({ ...d, status: 'REFUSED', phase: 'done', refusal: start.refusal }));
    }
    if (start.outcome === 'applied') {
      const debit = masterDebitOf(t.kind as TransferKind, t.lines.map((l) => l.amountCents), t.feeCents);
      // the document as written: its balance is the one after this transfer's debit
      master = { beforeCents: start.doc.balanceCents + debit, afterCents: start.doc.balanceCents };
    }
    if (t.kind === 'credit') {
      await postTransactions(ctx, companyId, [...t.lines.map((_, n) => lineTransaction(t, n)), feeTransaction(t)]);
      await inBatches([...t.lines.keys()], 8, async (n) => {
        const { doc } = await applyToCard(ctx, t, n, t.lines[n].amountCents);
        lines[n] = { ...lines[n], status: 'DONE', balanceAfterCents: doc.balanceCents };
      });
      return finish(ctx, companyId, docId, (d) => ({ ...d, master, lines }));
    }
    // debit: the fee is taken; each card is debited first (never below zero), then its entry
    await postTransactions(ctx, companyId, [feeTransaction(t)]);
    await inBatches([...t.lines.keys()], 8, async (n) => {
      const { outcome, doc } = await applyToCard(ctx, t, n, -t.lines[n].amountCents).catch((err) => {
        if (isNotFound(err)) return { outcome: 'insufficient' as const, doc: null as unknown as Stored<CardDoc> };
        throw err;
      });
      if (outcome === 'insufficient') {
        lines[n] = { ...lines[n], status: 'REJECTED', reason: doc ? REFUSAL_TEXT.CARD_INSUFFICIENT_FUNDS(doc.balanceCents) : REFUSAL_TEXT.CARD_NOT_FOUND() };
        return;
      }
      await postTransactions(ctx, companyId, [lineTransaction(t, n)]);
      lines[n] = { ...lines[n], status: 'DONE', balanceAfterCents: doc.balanceCents };
    });
    // fix the outcomes before the master account is credited with their sum (a re-run keeps these)
    const fixed = await updateTransfer(ctx, companyId, docId, (d) => (d.phase !== 'start' ? null : { ...d, phase: 'lines', lines, master }));
    lines = fixed.lines;
    master = fixed.master;
  }
  // debit, phase `lines`: credit the master account with what the cards gave back, once
  const returned = lines.filter((l) => l.status === 'DONE').reduce((a, l) => a + l.amountCents, 0);
  if (returned > 0) {
    await untilWritten(() =>
      applyToCachedBalance(ctx, accountsDb(ctx, companyId) as never, masterAccountDocId(t.productCode), masterKey.debitReturn(t.id), returned, APPLIED_KEEP.account),
    );
  }
  if (master.afterCents !== null) master = { ...master, afterCents: master.afterCents + returned };
  return finish(ctx, companyId, docId, (d) => ({ ...d, master, lines }));
}

/** Credits: the first card's master leg; debits: the fee's master leg (a zero fee moves no money). */
async function masterStepProven(ctx: ServerContext, companyId: string, t: TransferDoc): Promise<boolean> {
  const id = t.kind === 'credit' ? entryDocId(lineCause(t.id, 0), 'master') : t.feeCents > 0 ? entryDocId(feeCause(t.id), 'master') : null;
  return !!id && !!(await getOrNull(ledgerDb(ctx, companyId), id));
}

/** COMPLETED (or REFUSED) with the answer replays give; a document already finished stays as it is. */
async function finish(ctx: ServerContext, companyId: string, docId: string, change: (d: Stored<TransferDoc>) => Stored<TransferDoc>): Promise<TransferDoc> {
  const done = await updateTransfer(ctx, companyId, docId, (d) => {
    if (d.status !== 'PENDING') return null;
    const next = change(d);
    const finished: Stored<TransferDoc> = {
      ...next,
      status: next.status === 'REFUSED' ? 'REFUSED' : 'COMPLETED',
      phase: 'done',
      completedAt: ctx.now().toISOString(),
    };
    return { ...finished, answer: answerOf(finished) };
  });
  return done;
}

// ---- funding -------------------------------------------------------------------------------------

/** Funding: the ledger first (external −, master +), then the cached balance keyed by the entry. */
async function runFunding(ctx: ServerContext, companyId: string, t: TransferDoc): Promise<TransferDoc> {
  await postTransactions(ctx, companyId, [
    {
      cause: fundingCause(t.id),
      legs: [
        { leg: 'external', account: ledgerAccount.externalFunding, amountCents: -t.amountCents },
        { leg: 'master', account: ledgerAccount.master(t.productCode), amountCents: t.amountCents },
      ],
    },
  ]);
  const { outcome, doc } = await untilWritten(() =>
    applyToCachedBalance(
      ctx,
      accountsDb(ctx, companyId) as never,
      masterAccountDocId(t.productCode),
      entryDocId(fundingCause(t.id), 'master'),
      t.amountCents,
      APPLIED_KEEP.account,
    ),
  );
  const after = (doc as unknown as MasterAccountState).balanceCents;
  const master = outcome === 'applied' ? { beforeCents: after - t.amountCents, afterCents: after } : t.master;
  return finish(ctx, companyId, t._id, (d) => ({ ...d, master }));
}

// ---- resuming ------------------------------------------------------------------------------------

/**
 * Takes over a transfer whose worker's lease ran out (MVCC on `claimedAt`: one taker) and runs it to
 * the end. Answers the finished document, or null when someone else holds it.
 */
export async function resumeTransfer(ctx: ServerContext, companyId: string, stale: Stored<TransferDoc>): Promise<TransferDoc | null> {
  const at = ctx.now();
  let taken = false;
  const claimed = await updateTransfer(ctx, companyId, stale._id, (d) => {
    if (d.status !== 'PENDING' || at.getTime() - Date.parse(d.claimedAt) <= TRANSFER_LEASE_MS) return null;
    taken = true;
    return { ...d, claimedAt: at.toISOString() };
  }).catch((err) => {
    if ((err as { statusCode?: number }).statusCode === 409) return null;
    throw err;
  });
  if (!claimed) return null;
  if (!taken) return claimed.status === 'PENDING' ? null : claimed;
  ctx.log.warn({ transferId: claimed.id, companyId, phase: claimed.phase }, 'resuming a transfer left unfinished');
  return runTransfer(ctx, companyId, claimed, undefined, { resumed: true });
}

export { stepUp as transferStepUp, replay as replayTransfer };
