import type { LotListItem, LotSummary } from '../../../domain/lots/lot.model';

/** A lot answer as the server sends it, with sensible defaults. */
export function lotSummary(overrides: Partial<LotSummary> = {}): LotSummary {
  return {
    id: 'L20261125120000abc123',
    type: 'REC',
    productCode: 'ALIM',
    status: 'VALID',
    recordCount: 2,
    totalCents: 175050,
    errorCount: 0,
    errors: [],
    fileName: 'recarga.txt',
    fileBytes: 120,
    fileSha256: 'ab'.repeat(32),
    uploadedBy: 'carga',
    uploadedAt: '2026-11-25T14:00:00.000Z',
    validatedAt: '2026-11-25T14:00:01.000Z',
    duplicateOf: null,
    header: { date: '20261125', recordCount: 2, controlTotalCents: 175050 },
    progress: { phase: 'done', linesRead: 3, bytesRead: 120, fileBytes: 120 },
    signaturesRequired: 0,
    signatures: [],
    authorization: null,
    orderId: null,
    confirmation: null,
    processing: null,
    history: [],
    canConfirm: true,
    canSign: false,
    canWithdrawSignature: false,
    canAuthorize: false,
    canDelete: true,
    ...overrides,
  };
}

export function lotItem(overrides: Partial<LotSummary> = {}): LotListItem {
  const { errors: _errors, history: _history, ...item } = lotSummary(overrides);
  return item;
}
