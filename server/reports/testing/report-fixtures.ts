import type { ServerContext } from '../../context';
import { companyDb } from '../../store/databases';
import { recordAudit } from '../../audit/audit.service';

/**
 * A small, fully known data set for the reports specs, written straight into the company's
 * databases (as the lot processor and the order service would have): product `RPT`, dates in 2025,
 * so nothing the demo seed writes (product ALIM/REGA, today) falls into the reports' filters.
 *
 *   card  holder        branch status    plastic              issued       replacement
 *   r1    V-90000001    001    ACTIVE    DELIVERED            2025-01-10
 *   r2    V-90000002    002    BLOCKED   AT_BANK              2025-01-20
 *   r3    V-90000003    001    CANCELLED DELIVERED            2025-02-05   R (robo) 2025-02-10 → r4
 *   r4    V-90000003    002    ACTIVE    SENT_TO_COMPANY      2025-02-10
 *   r5    V-90000005    001    ACTIVE    RECEIVED_AT_COMPANY  2025-03-01   P (pérdida) 2025-03-05
 *
 *   ledger (cents)                      at
 *   master:RPT +100000 (opening)        2025-01-01T12:00Z
 *   master:RPT −30000 (order 901 paid)  2025-01-15T12:00Z
 *   r1 +10000, r2 +5000 (lot L1)        2025-01-16T12:00Z
 *   r3 +8000 (lot L1b)                  2025-02-06T12:00Z
 *   r3 −8000 → r4 +8000 (replacement)   2025-02-11T12:00Z
 *   r1 −2000 → master +2000 (debit)     2025-02-20T12:00Z
 *   r4 +1000 (recharge)                 2025-03-02T12:00Z
 *   master:RPT −500 → r5 +500 (transfer) 2025-03-10T12:00Z
 */
export const RPT = 'RPT';

const holder = (n: number, first: string, last: string) => ({ idType: 'V', idNumber: String(90000000 + n), firstName: first, lastName: last, email: `t${n}@example.com`, phone: '04140000000' });

function card(id: string, n: number, first: string, last: string, branchCode: string, status: string, plasticStatus: string, issuedAt: string, replacement: unknown = null) {
  return {
    _id: `card:${id}`,
    type: 'card',
    cardId: id,
    companyId: '',
    productCode: RPT,
    holder: holder(n, first, last),
    maskedPan: `627100******${String(1000 + n)}`,
    last4: String(1000 + n),
    status,
    plasticStatus,
    balanceCents: 0,
    branchCode,
    issuedAt,
    deliveredAt: null,
    updatedAt: issuedAt,
    replacement,
  };
}

export const FIXTURE_CARDS = [
  card('rpt-1', 1, 'Ana', 'Pérez', '001', 'ACTIVE', 'DELIVERED', '2025-01-10T15:00:00.000Z'),
  card('rpt-2', 2, 'Luis', 'Gómez', '002', 'BLOCKED', 'AT_BANK', '2025-01-20T15:00:00.000Z'),
  card('rpt-3', 3, 'Eva', 'Díaz', '001', 'CANCELLED', 'DELIVERED', '2025-02-05T15:00:00.000Z', {
    reason: 'R', branchCode: '002', requestedAt: '2025-02-10T15:00:00.000Z', requestedBy: 'firma1', effectId: 'req:x1',
  }),
  card('rpt-4', 3, 'Eva', 'Díaz', '002', 'ACTIVE', 'SENT_TO_COMPANY', '2025-02-10T16:00:00.000Z'),
  card('rpt-5', 5, 'Raúl', 'Mora', '001', 'ACTIVE', 'RECEIVED_AT_COMPANY', '2025-03-01T15:00:00.000Z', {
    reason: 'P', branchCode: '001', requestedAt: '2025-03-05T15:00:00.000Z', requestedBy: 'firma1', effectId: 'req:x2',
  }),
];

const entry = (cause: string, leg: string, account: string, amountCents: number, at: string) => ({
  _id: `entry:${cause}:${leg}`, type: 'entry', cause, leg, account, amountCents, companyId: '', at,
});

export const FIXTURE_ENTRIES = [
  entry('opening:RPT', 'master', 'master:RPT', 100000, '2025-01-01T12:00:00.000Z'),
  entry('opening:RPT', 'external', 'external:funding', -100000, '2025-01-01T12:00:00.000Z'),
  entry('order:rpt-901', 'master', 'master:RPT', -30000, '2025-01-15T12:00:00.000Z'),
  entry('order:rpt-901', 'clearing', 'clearing:rpt-901', 30000, '2025-01-15T12:00:00.000Z'),
  entry('lot:LRPT1:2', 'clearing', 'clearing:rpt-901', -10000, '2025-01-16T12:00:00.000Z'),
  entry('lot:LRPT1:2', 'card', 'card:rpt-1', 10000, '2025-01-16T12:00:00.000Z'),
  entry('lot:LRPT1:3', 'clearing', 'clearing:rpt-901', -5000, '2025-01-16T12:00:00.000Z'),
  entry('lot:LRPT1:3', 'card', 'card:rpt-2', 5000, '2025-01-16T12:00:00.000Z'),
  entry('lot:LRPT2:2', 'clearing', 'clearing:rpt-901', -8000, '2025-02-06T12:00:00.000Z'),
  entry('lot:LRPT2:2', 'card', 'card:rpt-3', 8000, '2025-02-06T12:00:00.000Z'),
  entry('lot:LRPT3:2', 'old', 'card:rpt-3', -8000, '2025-02-11T12:00:00.000Z'),
  entry('lot:LRPT3:2', 'new', 'card:rpt-4', 8000, '2025-02-11T12:00:00.000Z'),
  entry('lot:LRPT4:2', 'card', 'card:rpt-1', -2000, '2025-02-20T12:00:00.000Z'),
  entry('lot:LRPT4:2', 'master', 'master:RPT', 2000, '2025-02-20T12:00:00.000Z'),
  entry('lot:LRPT5:2', 'clearing', 'clearing:rpt-902', -1000, '2025-03-02T12:00:00.000Z'),
  entry('lot:LRPT5:2', 'card', 'card:rpt-4', 1000, '2025-03-02T12:00:00.000Z'),
  entry('transfer:TRPT1:1', 'master', 'master:RPT', -500, '2025-03-10T12:00:00.000Z'),
  entry('transfer:TRPT1:1', 'card', 'card:rpt-5', 500, '2025-03-10T12:00:00.000Z'),
];

const lot = (id: string, status: string, lotType: string, uploadedAt: string, recordCount: number, totalCents: number) => ({
  _id: `lot:${id}`, type: 'lot', id, companyId: '', lotType, productCode: RPT, status, fileName: `${id}.txt`, fileBytes: 100, fileSha256: id,
  duplicateOf: null, header: null, recordCount, storedRecords: recordCount, totalCents, errorCount: 0,
  progress: { phase: 'done', linesRead: 0, bytesRead: 0, fileBytes: 0 }, uploadedBy: 'carga', uploadedAt, origin: 'web', validatedAt: uploadedAt,
  confirmation: null, confirmedAt: null, signaturesRequired: 0, signatures: [], authorization: null, orderId: null, processing: null, deleted: null, history: [],
});

export const FIXTURE_LOTS = [
  lot('LRPT1', 'PROCESSED', 'REC', '2025-01-05T15:00:00.000Z', 2, 15000),
  lot('LRPT6', 'INVALID', 'EMI', '2025-01-06T15:00:00.000Z', 3, 0),
  lot('LRPT7', 'AUTHORIZED', 'REC', '2025-02-01T15:00:00.000Z', 1, 700),
];

const order = (id: string, number: number, status: string, createdAt: string, totalCents: number, extra: Record<string, unknown>) => ({
  _id: `order:${id}`, type: 'order', id, companyId: '', number, status, grouping: 'per-lot', productCode: RPT, lotType: 'REC',
  lots: [], figures: { rechargeCents: totalCents, issuanceFeesCents: 0, commissionCents: 0, taxCents: 0, totalCents, amountToDepositCents: totalCents },
  calculationId: 'calc:x', createdBy: 'firma1', createdAt, paying: null, payment: null, invoice: null, voided: null, lotsSettledAt: createdAt,
  processing: null, history: [], ...extra,
});

const line = (lotId: string, recordCount: number, totalCents: number) => ({
  lotId, lotType: 'REC', productCode: RPT, recordCount, cards: 0, billable: true, rechargeCents: totalCents, issuanceFeesCents: 0, commissionCents: 0, taxCents: 0, totalCents,
});

export const FIXTURE_ORDERS = [
  order('rpt-901', 901, 'PAID', '2025-01-14T15:00:00.000Z', 30000, {
    lots: [line('LRPT1', 2, 15000), line('LRPT2', 1, 15000)],
    payment: { method: 'master', by: 'firma1', at: '2025-01-15T12:00:00.000Z', reference: null },
    invoice: { number: 'F-0001', by: 'operador', at: '2025-01-20T15:00:00.000Z' },
  }),
  order('rpt-902', 902, 'PENDING_PAYMENT', '2025-02-03T15:00:00.000Z', 1000, { lots: [line('LRPT5', 1, 1000)], lotsSettledAt: null }),
];

export async function writeFixtures(ctx: ServerContext, companyId: string): Promise<void> {
  const put = async (kind: 'cards' | 'ledger' | 'lots' | 'orders', docs: Array<Record<string, unknown>>) => {
    const answers = await ctx.store.use(companyDb(companyId, kind)).bulk({ docs: docs.map((d) => ({ ...d, companyId })) });
    for (const a of answers as Array<{ error?: string; id: string }>) if (a.error) throw new Error(`${kind}/${a.id}: ${a.error}`);
  };
  await put('cards', FIXTURE_CARDS);
  await put('ledger', FIXTURE_ENTRIES);
  await put('lots', FIXTURE_LOTS);
  await put('orders', FIXTURE_ORDERS);
  const audit = (at: string, outcome: 'ok' | 'refused', cid: string) =>
    recordAudit(ctx, { at, userId: 'rpt-user', companyId: cid, action: 'lots.sign', origin: 'web', ip: '10.0.0.9', outcome, ...(outcome === 'refused' ? { reason: 'OWN_LOT' } : {}) });
  await audit('2025-01-10T15:00:00.000Z', 'ok', companyId);
  await audit('2025-01-10T16:00:00.000Z', 'refused', companyId);
  await audit('2025-01-11T15:00:00.000Z', 'ok', companyId);
  await audit('2025-01-10T15:30:00.000Z', 'ok', 'cother00001'); // another company: never in this company's report
}
