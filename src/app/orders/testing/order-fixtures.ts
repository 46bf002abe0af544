import type { FeeSchedule, OrderAnswer, OrderLotLine } from '../../../domain/orders/order.model';
import { isBillable, lotFigures, orderFigures } from '../../../domain/orders/fees';
import type { LotType } from '../../../domain/statuses';

/** The demo fee schedule (API.md "Demo data"): 2.50 per card, 1.50 %, 16 %. */
export const DEMO_FEES: FeeSchedule = { issuanceFeeCents: 250, commissionBasisPoints: 150, taxBasisPoints: 1600 };

/** A lot line with the figures of THE shared fee function. */
export function line(lotId: string, lotType: LotType, recordCount: number, totalCents: number, fees = DEMO_FEES): OrderLotLine {
  const figures = lotFigures({ lotType, recordCount, totalCents }, fees);
  return {
    lotId,
    lotType,
    productCode: 'ALIM',
    recordCount,
    cards: lotType === 'EMI' ? recordCount : 0,
    billable: isBillable(figures),
    ...figures,
  };
}

export function order(overrides: Partial<OrderAnswer> = {}): OrderAnswer {
  const lots = overrides.lots ?? [line('L1', 'REC', 2, 175050)];
  return {
    id: 'O1',
    number: 7,
    status: 'PENDING_PAYMENT',
    grouping: 'per-lot',
    productCode: 'ALIM',
    lotType: 'REC',
    lots,
    figures: orderFigures(lots),
    createdBy: 'firma2',
    createdAt: '2026-11-25T15:00:00.000Z',
    payment: null,
    invoiceNumber: null,
    invoicedAt: null,
    voided: null,
    processing: null,
    paymentInProgress: false,
    ...overrides,
  };
}
