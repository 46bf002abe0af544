/**
 * The shared shapes of service orders (docs/lots-design.md "Service orders"): stored documents and
 * API answers. One definition, compiled by the server and the Angular app.
 */
import type { LotType, OrderStatus } from '../statuses';

/** How the selected lots are split into orders: one per lot, or one per (product, lot type). */
export const ORDER_GROUPINGS = ['per-lot', 'per-type'] as const;
export type OrderGrouping = (typeof ORDER_GROUPINGS)[number];

/** What a one-time code is asked for (PRODUCT.md: generating and paying an order, transfers, funding). */
export const ONE_TIME_CODE_PURPOSES = ['order.generate', 'order.pay', 'transfer', 'funding'] as const;
export type OneTimeCodePurpose = (typeof ONE_TIME_CODE_PURPOSES)[number];

/** A calculation is kept this long; generating from an older one is refused. */
export const CALCULATION_TTL_MS = 30 * 60_000;
/** At most this many lots per calculation. */
export const MAX_LOTS_PER_CALCULATION = 200;

/** A product's fee schedule (set by the operator), in integer cents and basis points (1 bp = 0.01 %). */
export interface FeeSchedule {
  issuanceFeeCents: number;
  commissionBasisPoints: number;
  taxBasisPoints: number;
}

/** The figures of one lot, each rounded on its own (docs/rounding.md). */
export interface LotFigures {
  /** EMI initial loads and REC recharges; 0 for CAR, REP, SUC */
  rechargeCents: number;
  /** EMI: cards × issuance fee */
  issuanceFeesCents: number;
  /** half-up(recharge × commission bp / 10,000) */
  commissionCents: number;
  /** half-up((issuance fees + commission) × tax bp / 10,000) */
  taxCents: number;
  /** recharge + issuance fees + commission + tax */
  totalCents: number;
}

/** Order figures: the sums of its lots' figures, plus what to deposit (the total). */
export interface OrderFigures extends LotFigures {
  amountToDepositCents: number;
}

/** One lot inside a calculation or an order. */
export interface OrderLotLine extends LotFigures {
  lotId: string;
  lotType: LotType;
  productCode: string;
  recordCount: number;
  /** cards issued by the lot (EMI: one per record) */
  cards: number;
  /** false when the lot has nothing to bill (CAR, REP without fees, SUC): processed once its order is paid */
  billable: boolean;
}

/** One future order of a calculation. */
export interface CalculationGroup {
  /** the lot id (per-lot) or `<productCode>:<lotType>` (per-type) */
  key: string;
  productCode: string;
  lotType: LotType;
  lots: OrderLotLine[];
  figures: OrderFigures;
}

export type CalculationStatus = 'OPEN' | 'GENERATING' | 'GENERATED' | 'DROPPED' | 'FAILED';

/** `co_<cid>_orders` / `calc:<calcId>` */
export interface CalculationDoc {
  _id: string;
  _rev?: string;
  type: 'calculation';
  id: string;
  companyId: string;
  grouping: OrderGrouping;
  lotIds: string[];
  groups: CalculationGroup[];
  totals: OrderFigures;
  status: CalculationStatus;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  /** set when generation starts: the order ids it creates (deterministic: `<calcId>-<n>`) */
  generation: { by: string; at: string; orderIds: string[] } | null;
  finishedAt: string | null;
}

/** POST .../orders/calculations answer */
export interface CalculationAnswer {
  id: string;
  grouping: OrderGrouping;
  status: CalculationStatus;
  createdAt: string;
  expiresAt: string;
  groups: CalculationGroup[];
  totals: OrderFigures;
  /** lots with nothing to bill */
  notBillable: string[];
}

export interface OrderPayment {
  /** `master`: debited from the product's master account; `operator`: the operator recorded a payment received; `none`: nothing to pay */
  method: 'master' | 'operator' | 'none';
  by: string;
  at: string;
  reference: string | null;
}

export interface OrderProcessingSummary {
  lots: Record<string, { done: number; rejected: number; finishedAt: string }>;
  done: number;
  rejected: number;
  startedAt: string;
  finishedAt: string | null;
}

/** `co_<cid>_orders` / `order:<orderId>` */
export interface OrderDoc {
  _id: string;
  _rev?: string;
  type: 'order';
  id: string;
  companyId: string;
  /** sequential per company, from 1 */
  number: number;
  status: OrderStatus;
  grouping: OrderGrouping;
  productCode: string;
  lotType: LotType;
  lots: OrderLotLine[];
  figures: OrderFigures;
  calculationId: string;
  createdBy: string;
  createdAt: string;
  /** a payment from the master account in progress (claim, MVCC; a stale claim is resolved by the processor) */
  paying: { by: string; at: string } | null;
  payment: OrderPayment | null;
  invoice: { number: string; by: string; at: string } | null;
  voided: { by: string; at: string } | null;
  /** when the lots were moved after payment (PROCESSING) or voiding (CANCELLED); null while pending */
  lotsSettledAt: string | null;
  processing: OrderProcessingSummary | null;
  history: { at: string; by: string; action: string; from: OrderStatus; to: OrderStatus }[];
}

/** GET .../orders/{orderId} (and list items) */
export interface OrderAnswer {
  id: string;
  number: number;
  status: OrderStatus;
  grouping: OrderGrouping;
  productCode: string;
  lotType: LotType;
  lots: OrderLotLine[];
  figures: OrderFigures;
  createdBy: string;
  createdAt: string;
  payment: OrderPayment | null;
  invoiceNumber: string | null;
  invoicedAt: string | null;
  voided: { by: string; at: string } | null;
  processing: OrderProcessingSummary | null;
  paymentInProgress: boolean;
}

export interface OrderListAnswer {
  orders: OrderAnswer[];
}

/** POST .../orders answer */
export interface GenerateOrdersAnswer {
  orders: OrderAnswer[];
}

/** POST .../one-time-codes answer (the code itself goes only by e-mail) */
export interface OneTimeCodeAnswer {
  purpose: OneTimeCodePurpose;
  expiresAt: string;
  /** the address it went to, masked: m***@example.com */
  sentTo: string;
}
