import { randomBytes } from 'node:crypto';
import type { LotDoc } from '../../src/domain/lots/lot.model';
import { isBillable, lotFigures, orderFigures, cardsIssuedBy } from '../../src/domain/orders/fees';
import {
  CALCULATION_TTL_MS,
  type CalculationAnswer,
  type CalculationDoc,
  type CalculationGroup,
  type GenerateOrdersAnswer,
  type OrderAnswer,
  type OrderDoc,
  type OrderGrouping,
  type OrderLotLine,
  type OrderPayment,
} from '../../src/domain/orders/order.model';
import type { OrderStatus } from '../../src/domain/statuses';
import type { UserDoc } from '../accounts/accounts.model';
import { getProduct } from '../accounts/accounts.store';
import { masterAccountDocId, type MasterAccountDoc } from '../accounts/master-accounts.model';
import { recordAudit } from '../audit/audit.service';
import { invalid } from '../common/domain-error';
import type { ServerContext } from '../context';
import { APPLIED_KEEP, entryDocId, ledgerAccount, type LedgerTransaction } from '../ledger/ledger.model';
import { applyToCachedBalance, postTransaction } from '../ledger/ledger.service';
import { ledgerDb } from '../ledger/ledger.store';
import { consumeOneTimeCode } from '../one-time-codes/one-time-codes.service';
import { assertStepUpPassword, type StepUpMeta } from '../one-time-codes/step-up';
import { wakeProcessor } from '../processing/wake';
import { companyDb } from '../store/databases';
import { getOrNull, isNotFound, type Stored } from '../store/documents';
import * as errors from './orders.errors';
import { getLot, initialProcessing, moveLot } from './lot-transitions';
import * as store from './orders.store';

/** A payment claim older than this is considered left by a crash and resolved by the processor. */
export const PAYMENT_CLAIM_LEASE_MS = 60_000;
/** A generation left GENERATING longer than this is resumed or undone by the processor. */
export const GENERATION_LEASE_MS = 60_000;

export const CALC_ID_PATTERN = /^C[0-9]{14}[a-z0-9]{6}$/;
export const ORDER_ID_PATTERN = /^C[0-9]{14}[a-z0-9]{6}-[0-9]{1,3}$/;

type Actor = Pick<UserDoc, 'userId' | 'role'> & Partial<UserDoc>;

/** `C` + UTC yyyymmddHHMMss + 6 random base-36 characters (sortable, unique enough). */
export function newCalculationId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(6);
  let tail = '';
  for (const b of bytes) tail += alphabet[b % 36];
  return `C${stamp}${tail}`;
}

const auditOf = (ctx: ServerContext, actor: Actor, companyId: string, meta: StepUpMeta) =>
  (action: string, outcome: 'ok' | 'refused', details?: Record<string, unknown>, reason?: string) =>
    recordAudit(ctx, { userId: actor.userId, companyId, action, outcome, details, ...(reason ? { reason } : {}), ...meta });

// ---- calculation ---------------------------------------------------------------------------------

function lotLine(lot: LotDoc, fees: { issuanceFeeCents: number; commissionBasisPoints: number; taxBasisPoints: number }): OrderLotLine {
  const input = { lotType: lot.lotType, recordCount: lot.recordCount, totalCents: lot.totalCents };
  const figures = lotFigures(input, fees);
  return {
    lotId: lot.id,
    lotType: lot.lotType,
    productCode: lot.productCode,
    recordCount: lot.recordCount,
    cards: cardsIssuedBy(input),
    ...figures,
    billable: isBillable(figures),
  };
}

export function groupLines(lines: OrderLotLine[], grouping: OrderGrouping): CalculationGroup[] {
  const groups = new Map<string, OrderLotLine[]>();
  for (const line of lines) {
    const key = grouping === 'per-lot' ? line.lotId : `${line.productCode}:${line.lotType}`;
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  // in the order of the selection (per type: of each type's first lot)
  return [...groups.entries()].map(([key, lots]) => ({ key, productCode: lots[0].productCode, lotType: lots[0].lotType, lots, figures: orderFigures(lots) }));
}

function calculationAnswer(calc: CalculationDoc): CalculationAnswer {
  return {
    id: calc.id,
    grouping: calc.grouping,
    status: calc.status,
    createdAt: calc.createdAt,
    expiresAt: calc.expiresAt,
    groups: calc.groups,
    totals: calc.totals,
    notBillable: calc.groups.flatMap((g) => g.lots.filter((l) => !l.billable).map((l) => l.lotId)),
  };
}

/** Reads the AUTHORIZED lots, computes every figure with each product's fee schedule, groups them, stores `calc:<id>`. */
export async function calculate(
  ctx: ServerContext,
  actor: Actor,
  companyId: string,
  input: { lotIds: string[]; grouping: OrderGrouping },
  meta: StepUpMeta,
): Promise<CalculationAnswer> {
  const audit = auditOf(ctx, actor, companyId, meta);
  if (new Set(input.lotIds).size !== input.lotIds.length) throw invalid('DUPLICATE_LOT', 'Un lote figura dos veces en la selección.');
  const lines: OrderLotLine[] = [];
  const feesByProduct = new Map<string, Awaited<ReturnType<typeof getProduct>>>();
  for (const lotId of input.lotIds) {
    const lot = await getLot(ctx, companyId, lotId);
    if (!lot || lot.companyId !== companyId || lot.status === 'DELETED') throw errors.lotNotFound(lotId);
    if (lot.status !== 'AUTHORIZED') {
      await audit('order.calculated', 'refused', { lotId, status: lot.status }, 'lot_state');
      throw errors.lotState(lotId, lot.status);
    }
    if (!feesByProduct.has(lot.productCode)) feesByProduct.set(lot.productCode, await getProduct(ctx, companyId, lot.productCode));
    const product = feesByProduct.get(lot.productCode);
    if (!product) throw errors.lotNotFound(lotId);
    lines.push(lotLine(lot, product.fees));
  }
  const groups = groupLines(lines, input.grouping);
  const now = ctx.now();
  const id = newCalculationId(now);
  const calc: CalculationDoc = {
    _id: store.calcDocId(id),
    type: 'calculation',
    id,
    companyId,
    grouping: input.grouping,
    lotIds: input.lotIds,
    groups,
    totals: orderFigures(lines),
    status: 'OPEN',
    createdBy: actor.userId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + CALCULATION_TTL_MS).toISOString(),
    generation: null,
    finishedAt: null,
  };
  await store.createCalculation(ctx, companyId, calc);
  await audit('order.calculated', 'ok', { calculationId: id, lots: input.lotIds.length, totalCents: calc.totals.totalCents });
  return calculationAnswer(calc);
}

export async function dropCalculation(ctx: ServerContext, actor: Actor, companyId: string, calcId: string, meta: StepUpMeta): Promise<void> {
  if (!CALC_ID_PATTERN.test(calcId)) throw errors.calculationNotFound();
  const calc = await store.getCalculation(ctx, companyId, calcId);
  if (!calc || calc.type !== 'calculation') throw errors.calculationNotFound();
  let state = calc.status;
  await store.updateCalculation(ctx, companyId, calcId, (c) => {
    state = c.status;
    return c.status === 'OPEN' ? { ...c, status: 'DROPPED', finishedAt: ctx.now().toISOString() } : null;
  });
  if (state !== 'OPEN' && state !== 'DROPPED') throw errors.calculationUsed();
  await auditOf(ctx, actor, companyId, meta)('order.calculation-dropped', 'ok', { calculationId: calcId });
}

// ---- generation ----------------------------------------------------------------------------------

const plannedOrderId = (calcId: string, index: number) => `${calcId}-${index + 1}`;

/**
 * Generates one order per group of a calculation (password + one-time code). Lots move AUTHORIZED →
 * ORDERED one by one through updateDoc; when one was taken meanwhile (another generation), the
 * lots this request moved go back and the answer is 409, so two generations with the same lots
 * leave exactly one winner. Then numbers are allocated (counter, MVCC) and the orders created.
 */
export async function generateOrders(
  ctx: ServerContext,
  actor: Actor & UserDoc,
  companyId: string,
  input: { calculationId: string; password: string; otp: string },
  meta: StepUpMeta,
): Promise<GenerateOrdersAnswer> {
  const audit = auditOf(ctx, actor, companyId, meta);
  if (!CALC_ID_PATTERN.test(input.calculationId)) throw errors.calculationNotFound();
  const calc = await store.getCalculation(ctx, companyId, input.calculationId);
  if (!calc || calc.type !== 'calculation') throw errors.calculationNotFound();
  if (calc.status !== 'OPEN') throw errors.calculationUsed();
  if (Date.parse(calc.expiresAt) <= ctx.now().getTime()) throw errors.calculationExpired();

  await assertStepUpPassword(ctx, actor, input.password, { ...meta, companyId, action: 'order.generated' });
  await consumeOneTimeCode(ctx, { userId: actor.userId, companyId, purpose: 'order.generate', code: input.otp }, meta);

  // claim the calculation: of two requests with the same one, one goes on
  let refusal: 'used' | 'expired' | null = null;
  const orderIds = calc.groups.map((_, i) => plannedOrderId(calc.id, i));
  const claimed = await store.updateCalculation(ctx, companyId, calc.id, (c) => {
    refusal = c.status !== 'OPEN' ? 'used' : Date.parse(c.expiresAt) <= ctx.now().getTime() ? 'expired' : null;
    if (refusal) return null;
    return { ...c, status: 'GENERATING', generation: { by: actor.userId, at: ctx.now().toISOString(), orderIds } };
  });
  if (refusal === 'used') throw errors.calculationUsed();
  if (refusal === 'expired') throw errors.calculationExpired();

  // AUTHORIZED → ORDERED, undone if any lot was taken meanwhile
  const moved: { lotId: string; orderId: string }[] = [];
  for (const [i, group] of claimed!.groups.entries()) {
    const orderId = orderIds[i];
    for (const line of group.lots) {
      const result = await moveLot(ctx, companyId, line.lotId, {
        from: 'AUTHORIZED',
        to: 'ORDERED',
        by: actor.userId,
        action: 'order.generated',
        guard: (lot) => lot.orderId === null || lot.orderId === undefined,
        already: (lot) => lot.status === 'ORDERED' && lot.orderId === orderId,
        patch: () => ({ orderId }),
      });
      if (!result.ok) {
        await undoGeneration(ctx, companyId, claimed!, moved, actor.userId);
        await audit('order.generated', 'refused', { calculationId: calc.id, lotId: line.lotId, status: result.lot?.status ?? null }, 'lot_taken');
        throw errors.lotState(line.lotId, result.lot?.status ?? null);
      }
      moved.push({ lotId: line.lotId, orderId });
    }
  }
  const orders = await completeGeneration(ctx, companyId, claimed!, actor.userId);
  for (const o of orders) {
    await audit('order.generated', 'ok', { orderId: o.id, number: o.number, calculationId: calc.id, totalCents: o.figures.totalCents });
  }
  return { orders: orders.map(orderAnswer) };
}

async function undoGeneration(
  ctx: ServerContext,
  companyId: string,
  calc: CalculationDoc,
  moved: { lotId: string; orderId: string }[],
  by: string,
): Promise<void> {
  for (const m of moved.reverse()) {
    await moveLot(ctx, companyId, m.lotId, {
      from: 'ORDERED',
      to: 'AUTHORIZED',
      by,
      action: 'order.generation-undone',
      guard: (lot) => lot.orderId === m.orderId,
      patch: () => ({ orderId: null }),
    });
  }
  await store.updateCalculation(ctx, companyId, calc.id, (c) =>
    c.status === 'GENERATING' ? { ...c, status: 'FAILED', finishedAt: ctx.now().toISOString() } : null,
  );
}

/** Numbers, orders, calculation GENERATED; zero-total orders are paid at once. Idempotent (resumable). */
async function completeGeneration(ctx: ServerContext, companyId: string, calc: CalculationDoc, by: string): Promise<Stored<OrderDoc>[]> {
  const orderIds = calc.generation!.orderIds;
  const first = await store.allocateOrderNumbers(ctx, companyId, calc.id, calc.groups.length);
  const at = ctx.now().toISOString();
  const orders: Stored<OrderDoc>[] = [];
  for (const [i, group] of calc.groups.entries()) {
    const zero = group.figures.totalCents === 0;
    const doc: OrderDoc = {
      _id: store.orderDocId(orderIds[i]),
      type: 'order',
      id: orderIds[i],
      companyId,
      number: first + i,
      status: zero ? 'PAID' : 'PENDING_PAYMENT',
      grouping: calc.grouping,
      productCode: group.productCode,
      lotType: group.lotType,
      lots: group.lots,
      figures: group.figures,
      calculationId: calc.id,
      createdBy: calc.generation!.by,
      createdAt: at,
      paying: null,
      payment: zero ? { method: 'none', by, at, reference: null } : null,
      invoice: null,
      voided: null,
      lotsSettledAt: null,
      processing: null,
      history: zero ? [{ at, by, action: 'order.paid', from: 'PENDING_PAYMENT', to: 'PAID' }] : [],
    };
    await store.createOrder(ctx, companyId, doc);
    orders.push((await store.getOrder(ctx, companyId, orderIds[i]))!);
  }
  await store.updateCalculation(ctx, companyId, calc.id, (c) =>
    c.status === 'GENERATING' ? { ...c, status: 'GENERATED', finishedAt: ctx.now().toISOString() } : null,
  );
  const settled: Stored<OrderDoc>[] = [];
  for (const o of orders) settled.push(o.status === 'PAID' ? await settleLots(ctx, companyId, o, by) : o);
  return settled;
}

/** A generation left GENERATING by a crash: finished when all its lots are ORDERED for it, undone otherwise. */
export async function resumeGeneration(ctx: ServerContext, companyId: string, calc: Stored<CalculationDoc>): Promise<void> {
  if (calc.status !== 'GENERATING' || !calc.generation) return;
  if (ctx.now().getTime() - Date.parse(calc.generation.at) < GENERATION_LEASE_MS) return;
  const moved: { lotId: string; orderId: string }[] = [];
  let complete = true;
  for (const [i, group] of calc.groups.entries()) {
    for (const line of group.lots) {
      const lot = await getLot(ctx, companyId, line.lotId);
      const orderId = calc.generation.orderIds[i];
      if (lot && lot.orderId === orderId && lot.status !== 'AUTHORIZED') moved.push({ lotId: line.lotId, orderId });
      else complete = false;
    }
  }
  if (complete) await completeGeneration(ctx, companyId, calc, calc.generation.by);
  else await undoGeneration(ctx, companyId, calc, moved, 'sistema');
}

// ---- answers and queries -------------------------------------------------------------------------

export function orderAnswer(o: OrderDoc): OrderAnswer {
  return {
    id: o.id,
    number: o.number,
    status: o.status,
    grouping: o.grouping,
    productCode: o.productCode,
    lotType: o.lotType,
    lots: o.lots,
    figures: o.figures,
    createdBy: o.createdBy,
    createdAt: o.createdAt,
    payment: o.payment,
    invoiceNumber: o.invoice?.number ?? null,
    invoicedAt: o.invoice?.at ?? null,
    voided: o.voided,
    processing: o.processing,
    paymentInProgress: o.paying !== null && o.status === 'PENDING_PAYMENT',
  };
}

export async function findOrder(ctx: ServerContext, companyId: string, orderId: string): Promise<Stored<OrderDoc>> {
  if (!ORDER_ID_PATTERN.test(orderId)) throw errors.orderNotFound();
  const order = await store.getOrder(ctx, companyId, orderId);
  if (!order || order.type !== 'order') throw errors.orderNotFound();
  return order;
}

export async function listOrders(ctx: ServerContext, companyId: string, filter: store.OrderFilter) {
  return { orders: (await store.listOrders(ctx, companyId, filter)).map(orderAnswer) };
}

// ---- payment -------------------------------------------------------------------------------------

const isFreshClaim = (ctx: ServerContext, o: OrderDoc) =>
  !!o.paying && ctx.now().getTime() - Date.parse(o.paying.at) < PAYMENT_CLAIM_LEASE_MS;

const masterEntryId = (orderId: string) => entryDocId(`order:${orderId}`, 'master');

function paymentTransaction(order: OrderDoc, from: 'master' | 'external'): LedgerTransaction {
  const f = order.figures;
  return {
    cause: `order:${order.id}`,
    legs: [
      from === 'master'
        ? { leg: 'master', account: ledgerAccount.master(order.productCode), amountCents: -f.totalCents }
        : { leg: 'external', account: ledgerAccount.externalFunding, amountCents: -f.totalCents },
      { leg: 'fees', account: ledgerAccount.fees(order.productCode), amountCents: f.issuanceFeesCents + f.commissionCents },
      { leg: 'tax', account: ledgerAccount.tax(order.productCode), amountCents: f.taxCents },
      { leg: 'clearing', account: ledgerAccount.clearing(order.id), amountCents: f.rechargeCents },
    ],
  };
}

const accountsDb = (ctx: ServerContext, companyId: string) => ctx.store.use<MasterAccountDoc>(companyDb(companyId, 'accounts'));

/** Has the master account already been debited for this order (cache key, or the ledger entry)? */
async function masterDebited(ctx: ServerContext, companyId: string, order: OrderDoc): Promise<boolean> {
  const account = (await getOrNull(accountsDb(ctx, companyId), masterAccountDocId(order.productCode))) as
    | (Stored<MasterAccountDoc> & { appliedEntries?: string[] })
    | null;
  if (account?.appliedEntries?.includes(masterEntryId(order.id))) return true;
  return !!(await getOrNull(ledgerDb(ctx, companyId), masterEntryId(order.id)));
}

/**
 * Pays an order from the product's master account (password + one-time code). The order document's
 * `_rev` decides between two payers (the `paying` claim); the master account document is debited
 * under MVCC, never below zero, keyed by the entry id so a retry cannot debit twice; then the ledger
 * legs, PAID, and the lots PROCESSING.
 */
export async function payOrder(
  ctx: ServerContext,
  actor: UserDoc,
  companyId: string,
  orderId: string,
  input: { password: string; otp: string },
  meta: StepUpMeta,
): Promise<OrderAnswer> {
  const audit = auditOf(ctx, actor, companyId, meta);
  let order = await findOrder(ctx, companyId, orderId);
  if (order.status !== 'PENDING_PAYMENT') throw errors.orderState(order.status);
  if (isFreshClaim(ctx, order)) throw errors.paymentInProgress();

  await assertStepUpPassword(ctx, actor, input.password, { ...meta, companyId, action: 'order.paid' });
  await consumeOneTimeCode(ctx, { userId: actor.userId, companyId, purpose: 'order.pay', code: input.otp }, meta);

  if (order.paying) await resolvePaymentClaim(ctx, companyId, order); // a stale claim left by a crash
  const claimAt = ctx.now().toISOString();
  let refusal: 'state' | 'busy' | null = null;
  let state: OrderStatus = order.status;
  order = (await store.updateOrder(ctx, companyId, orderId, (o) => {
    state = o.status;
    refusal = o.status !== 'PENDING_PAYMENT' ? 'state' : o.paying ? 'busy' : null;
    return refusal ? null : { ...o, paying: { by: actor.userId, at: claimAt } };
  }))!;
  if (refusal === 'state') {
    await audit('order.paid', 'refused', { orderId }, 'order_state');
    throw errors.orderState(state);
  }
  if (refusal === 'busy') {
    await audit('order.paid', 'refused', { orderId }, 'payment_in_progress');
    throw errors.paymentInProgress();
  }

  const total = order.figures.totalCents;
  try {
    const { outcome } = await applyToCachedBalance(
      ctx,
      accountsDb(ctx, companyId) as never,
      masterAccountDocId(order.productCode),
      masterEntryId(order.id),
      -total,
      APPLIED_KEEP.account,
    );
    if (outcome === 'insufficient') {
      await releaseClaim(ctx, companyId, orderId, claimAt);
      await audit('order.paid', 'refused', { orderId, totalCents: total }, 'insufficient_funds');
      throw errors.insufficientFunds();
    }
  } catch (err) {
    if (isNotFound(err)) {
      await releaseClaim(ctx, companyId, orderId, claimAt);
      throw errors.noMasterAccount();
    }
    throw err;
  }
  const paid = await completePayment(ctx, companyId, order, { method: 'master', by: actor.userId, at: claimAt, reference: null });
  await audit('order.paid', 'ok', { orderId, number: paid.number, totalCents: total });
  return orderAnswer(paid);
}

async function releaseClaim(ctx: ServerContext, companyId: string, orderId: string, claimAt: string): Promise<void> {
  await store.updateOrder(ctx, companyId, orderId, (o) => (o.paying?.at === claimAt ? { ...o, paying: null } : null));
}

/** Ledger legs (idempotent), PAID, then the lots PROCESSING. Resumable at every step. */
async function completePayment(ctx: ServerContext, companyId: string, order: OrderDoc, payment: OrderPayment): Promise<Stored<OrderDoc>> {
  await postTransaction(ctx, companyId, paymentTransaction(order, payment.method === 'master' ? 'master' : 'external'));
  const paid = (await store.updateOrder(ctx, companyId, order.id, (o) => {
    if (o.status !== 'PENDING_PAYMENT') return null;
    return {
      ...o,
      status: 'PAID',
      paying: null,
      payment,
      history: [...o.history, { at: payment.at, by: payment.by, action: 'order.paid', from: 'PENDING_PAYMENT', to: 'PAID' }],
    };
  }))!;
  return settleLots(ctx, companyId, paid, payment.by);
}

/** A claim whose payer may have crashed: complete the payment if the master was debited, else drop the claim. */
export async function resolvePaymentClaim(ctx: ServerContext, companyId: string, order: Stored<OrderDoc>): Promise<void> {
  if (!order.paying || order.status !== 'PENDING_PAYMENT' || isFreshClaim(ctx, order)) return;
  if (await masterDebited(ctx, companyId, order)) {
    await completePayment(ctx, companyId, order, { method: 'master', by: order.paying.by, at: order.paying.at, reference: null });
    ctx.log.warn({ orderId: order.id }, 'payment completed after a crash');
  } else {
    const at = order.paying.at;
    await releaseClaim(ctx, companyId, order.id, at);
  }
}

/** PAID → lots PROCESSING; VOIDED → lots CANCELLED; then `lotsSettledAt`. Idempotent. */
export async function settleLots(ctx: ServerContext, companyId: string, order: Stored<OrderDoc>, by: string): Promise<Stored<OrderDoc>> {
  if (order.lotsSettledAt) return order;
  if (order.status === 'PENDING_PAYMENT') return order;
  const paid = order.status === 'PAID';
  for (const line of order.lots) {
    await moveLot(ctx, companyId, line.lotId, {
      from: 'ORDERED',
      to: paid ? 'PROCESSING' : 'CANCELLED',
      by,
      action: paid ? 'order.paid' : 'order.voided',
      guard: (lot) => lot.orderId === order.id,
      patch: () => (paid ? { processing: initialProcessing() } : {}),
    });
  }
  const at = ctx.now().toISOString();
  const settled = (await store.updateOrder(ctx, companyId, order.id, (o) =>
    o.lotsSettledAt
      ? null
      : {
          ...o,
          lotsSettledAt: at,
          ...(paid ? { processing: o.processing ?? { lots: {}, done: 0, rejected: 0, startedAt: at, finishedAt: null } } : {}),
        },
  ))!;
  if (paid) wakeProcessor(ctx, companyId); // the processor looks at this company now, no polling
  return settled;
}

// ---- void, operator payment record, invoice ------------------------------------------------------

export async function voidOrder(
  ctx: ServerContext,
  actor: UserDoc,
  companyId: string,
  orderId: string,
  input: { password: string },
  meta: StepUpMeta,
): Promise<OrderAnswer> {
  const audit = auditOf(ctx, actor, companyId, meta);
  let order = await findOrder(ctx, companyId, orderId);
  await assertStepUpPassword(ctx, actor, input.password, { ...meta, companyId, action: 'order.voided' });
  if (order.paying) {
    await resolvePaymentClaim(ctx, companyId, order);
    order = await findOrder(ctx, companyId, orderId);
  }
  let refusal: 'state' | 'invoiced' | 'busy' | null = null;
  let state: OrderStatus = order.status;
  const at = ctx.now().toISOString();
  const voided = (await store.updateOrder(ctx, companyId, orderId, (o) => {
    state = o.status;
    refusal = o.status !== 'PENDING_PAYMENT' ? 'state' : o.invoice ? 'invoiced' : o.paying ? 'busy' : null;
    if (refusal) return null;
    return {
      ...o,
      status: 'VOIDED',
      voided: { by: actor.userId, at },
      history: [...o.history, { at, by: actor.userId, action: 'order.voided', from: 'PENDING_PAYMENT', to: 'VOIDED' }],
    };
  }))!;
  if (refusal) {
    await audit('order.voided', 'refused', { orderId }, refusal === 'state' ? 'order_state' : refusal === 'invoiced' ? 'invoiced' : 'payment_in_progress');
    if (refusal === 'state') throw errors.orderState(state);
    if (refusal === 'invoiced') throw errors.alreadyInvoiced();
    throw errors.paymentInProgress();
  }
  const settled = await settleLots(ctx, companyId, voided, actor.userId);
  await audit('order.voided', 'ok', { orderId, number: settled.number });
  return orderAnswer(settled);
}

/** Operator: a payment received outside the master account (bank deposit) — PAID, lots PROCESSING. */
export async function recordPayment(
  ctx: ServerContext,
  operator: UserDoc,
  companyId: string,
  orderId: string,
  input: { reference: string; invoiceNumber?: string },
  meta: StepUpMeta,
): Promise<OrderAnswer> {
  const audit = auditOf(ctx, operator, companyId, meta);
  let order = await findOrder(ctx, companyId, orderId);
  if (order.paying) {
    await resolvePaymentClaim(ctx, companyId, order);
    order = await findOrder(ctx, companyId, orderId);
  }
  if (order.status !== 'PENDING_PAYMENT') {
    await audit('order.payment-recorded', 'refused', { orderId }, 'order_state');
    throw errors.orderState(order.status);
  }
  if (order.paying) throw errors.paymentInProgress();
  const at = ctx.now().toISOString();
  // claim as a payment, so a master payment cannot start meanwhile
  let refusal: 'state' | 'busy' | null = null;
  order = (await store.updateOrder(ctx, companyId, orderId, (o) => {
    refusal = o.status !== 'PENDING_PAYMENT' ? 'state' : o.paying ? 'busy' : null;
    if (refusal) return null;
    return {
      ...o,
      paying: { by: operator.userId, at },
      ...(input.invoiceNumber && !o.invoice ? { invoice: { number: input.invoiceNumber, by: operator.userId, at } } : {}),
    };
  }))!;
  if (refusal === 'state') throw errors.orderState(order.status);
  if (refusal === 'busy') throw errors.paymentInProgress();
  const paid = await completePayment(ctx, companyId, order, { method: 'operator', by: operator.userId, at, reference: input.reference });
  await audit('order.payment-recorded', 'ok', { orderId, number: paid.number, reference: input.reference, totalCents: paid.figures.totalCents });
  return orderAnswer(paid);
}

export async function invoiceOrder(
  ctx: ServerContext,
  operator: UserDoc,
  companyId: string,
  orderId: string,
  input: { invoiceNumber: string },
  meta: StepUpMeta,
): Promise<OrderAnswer> {
  const audit = auditOf(ctx, operator, companyId, meta);
  await findOrder(ctx, companyId, orderId);
  let refusal: 'voided' | 'invoiced' | null = null;
  const at = ctx.now().toISOString();
  const updated = (await store.updateOrder(ctx, companyId, orderId, (o) => {
    refusal = o.status === 'VOIDED' ? 'voided' : o.invoice && o.invoice.number !== input.invoiceNumber ? 'invoiced' : null;
    if (refusal || o.invoice) return null;
    return { ...o, invoice: { number: input.invoiceNumber, by: operator.userId, at } };
  }))!;
  if (refusal) {
    await audit('order.invoiced', 'refused', { orderId }, refusal);
    throw refusal === 'voided' ? errors.orderState('VOIDED') : errors.alreadyInvoiced();
  }
  await audit('order.invoiced', 'ok', { orderId, number: updated.number, invoiceNumber: input.invoiceNumber });
  return orderAnswer(updated);
}
