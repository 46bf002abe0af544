import type nano from 'nano';
import type { CalculationDoc, OrderDoc } from '../../src/domain/orders/order.model';
import type { ServerContext } from '../context';
import { companyDb, registerCompanyDatabase } from '../store/databases';
import { createOnce, getOrNull, updateDoc, type Stored } from '../store/documents';

/**
 * co_<cid>_orders: `order:<orderId>`, `calc:<calcId>`, `counter:orders`. Nothing here decides anything.
 */
registerCompanyDatabase('orders', {
  indexes: [
    { name: 'orders-by-created', fields: ['type', 'createdAt'] },
    { name: 'orders-unsettled', fields: ['type', 'lotsSettledAt'] },
    { name: 'calculations-by-status', fields: ['type', 'status'] },
  ],
});

export interface OrderCounterDoc {
  _id: 'counter:orders';
  _rev?: string;
  type: 'counter';
  /** the next order number to give */
  next: number;
  /** the last allocations, so a resumed generation gets the same numbers: calcId → first number */
  recent: { calcId: string; first: number; count: number }[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDoc = any;
export const ordersDb = <T extends object = AnyDoc>(ctx: ServerContext, companyId: string) =>
  ctx.store.use<T>(companyDb(companyId, 'orders'));

export const orderDocId = (orderId: string) => `order:${orderId}`;
export const calcDocId = (calcId: string) => `calc:${calcId}`;
export const COUNTER_ID = 'counter:orders' as const;

export const getOrder = (ctx: ServerContext, companyId: string, orderId: string) =>
  getOrNull(ordersDb<OrderDoc>(ctx, companyId), orderDocId(orderId));

export const createOrder = (ctx: ServerContext, companyId: string, doc: OrderDoc) => createOnce(ordersDb<OrderDoc>(ctx, companyId), doc);

export const updateOrder = (ctx: ServerContext, companyId: string, orderId: string, change: (o: Stored<OrderDoc>) => OrderDoc | null) =>
  updateDoc(ordersDb<OrderDoc>(ctx, companyId), orderDocId(orderId), (o) => change(o) as Stored<OrderDoc> | null);

export const getCalculation = (ctx: ServerContext, companyId: string, calcId: string) =>
  getOrNull(ordersDb<CalculationDoc>(ctx, companyId), calcDocId(calcId));

export const createCalculation = (ctx: ServerContext, companyId: string, doc: CalculationDoc) =>
  createOnce(ordersDb<CalculationDoc>(ctx, companyId), doc);

export const updateCalculation = (
  ctx: ServerContext,
  companyId: string,
  calcId: string,
  change: (c: Stored<CalculationDoc>) => CalculationDoc | null,
) => updateDoc(ordersDb<CalculationDoc>(ctx, companyId), calcDocId(calcId), (c) => change(c) as Stored<CalculationDoc> | null);

/**
 * Reserves `count` consecutive order numbers for a calculation (MVCC on the counter document);
 * asked again for the same calculation (a resumed generation) it answers the same numbers.
 */
export async function allocateOrderNumbers(ctx: ServerContext, companyId: string, calcId: string, count: number): Promise<number> {
  const db = ordersDb<OrderCounterDoc>(ctx, companyId);
  await createOnce(db, { _id: COUNTER_ID, type: 'counter', next: 1, recent: [] });
  let first = 0;
  await updateDoc(db, COUNTER_ID, (c) => {
    const known = c.recent.find((r) => r.calcId === calcId);
    if (known) {
      first = known.first;
      return null;
    }
    first = c.next;
    return { ...c, next: c.next + count, recent: [...c.recent, { calcId, first, count }].slice(-200) };
  });
  return first;
}

async function findAll<T>(db: nano.DocumentScope<AnyDoc>, query: nano.MangoQuery, max = 100_000): Promise<T[]> {
  const out: T[] = [];
  let bookmark: string | undefined;
  for (;;) {
    const answer = await db.find({ ...query, limit: 1000, ...(bookmark ? { bookmark } : {}) });
    out.push(...(answer.docs as T[]));
    if (answer.docs.length < 1000 || out.length >= max) return out;
    bookmark = answer.bookmark;
  }
}

export interface OrderFilter {
  status?: string;
  from?: string;
  to?: string;
  number?: number;
}

/** Orders of a company, newest first, filtered by status, creation date range (ISO) and number. */
export async function listOrders(ctx: ServerContext, companyId: string, filter: OrderFilter): Promise<Stored<OrderDoc>[]> {
  const createdAt: Record<string, string> = { $gt: '' };
  if (filter.from) createdAt.$gte = filter.from;
  if (filter.to) createdAt.$lt = filter.to;
  const selector: nano.MangoSelector = {
    type: 'order',
    createdAt,
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.number !== undefined ? { number: filter.number } : {}),
  };
  return findAll(ordersDb(ctx, companyId), { selector, sort: [{ type: 'desc' }, { createdAt: 'desc' }] }, 5000);
}

/** Paid or voided orders whose lots were not moved yet (a crash between the two writes). */
export const unsettledOrders = (ctx: ServerContext, companyId: string) =>
  findAll<Stored<OrderDoc>>(ordersDb(ctx, companyId), {
    selector: { type: 'order', lotsSettledAt: null, status: { $in: ['PAID', 'VOIDED'] } },
  });

/** Orders with a payment claim (possibly left by a crash). */
export const ordersBeingPaid = (ctx: ServerContext, companyId: string) =>
  findAll<Stored<OrderDoc>>(ordersDb(ctx, companyId), {
    selector: { type: 'order', lotsSettledAt: null, status: 'PENDING_PAYMENT', paying: { $ne: null } },
  });

export const calculationsGenerating = (ctx: ServerContext, companyId: string) =>
  findAll<Stored<CalculationDoc>>(ordersDb(ctx, companyId), { selector: { type: 'calculation', status: 'GENERATING' } });
