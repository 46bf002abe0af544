/**
 * The shared shapes of lots (docs/lots-design.md): the stored documents the server writes and the
 * API answers the client reads. One definition, compiled by the server and the Angular app.
 */
import type { LotStatus, LotType } from '../statuses';
import type { LotError } from './errors';
import type { LotFieldName } from './layouts';

/** Detail records per `records:` / `errors:` / `results:` chunk document. */
export const LOT_CHUNK_SIZE = 1000;
/** At most this many records are validated before the upload answers (201); more answer 202 VALIDATING. */
export const LOT_SYNC_RECORD_LIMIT = 10_000;
/** `errors` in a lot answer holds at most this many (the rest via GET .../errors). */
export const LOT_ERRORS_IN_ANSWER = 1000;
/** Page size limit of GET .../errors and GET .../records. */
export const LOT_PAGE_MAX = 1000;

/** 6-digit chunk number: chunk 0 holds the records with index 0..999 (file order). */
export const lotChunkKey = (chunk: number) => String(chunk).padStart(6, '0');
export const lotDocId = (lotId: string) => `lot:${lotId}` as const;
export const lotRecordsDocId = (lotId: string, chunk: number) => `records:${lotId}:${lotChunkKey(chunk)}`;
export const lotErrorsDocId = (lotId: string, chunk: number) => `errors:${lotId}:${lotChunkKey(chunk)}`;
export const lotResultsDocId = (lotId: string, chunk: number) => `results:${lotId}:${lotChunkKey(chunk)}`;

/** Lot ids: `L` + UTC yyyymmddHHMMss + 6 base-36 characters. */
export const LOT_ID_PATTERN = /^L[0-9]{14}[a-z0-9]{6}$/;

export type LotProgressPhase = 'queued' | 'validating' | 'storing' | 'done';
export interface LotProgress {
  phase: LotProgressPhase;
  linesRead: number;
  bytesRead: number;
  fileBytes: number;
}

export interface LotHeaderSummary {
  /** yyyymmdd as written */
  date: string;
  recordCount: number;
  controlTotalCents: number;
}

export interface LotConfirmation {
  by: string;
  at: string;
  /** set when a card request confirmed it (a PIN request's REP lot): the request's id */
  via?: 'card-request';
  requestId?: string;
  embossLine1?: string;
  embossLine2?: string;
  concept?: string;
}

export interface LotSignature {
  userId: string;
  at: string;
}

export interface LotProcessingState {
  claimedBy: string | null;
  claimedAt: string | null;
  nextChunk: number;
  done: number;
  rejected: number;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface LotHistoryEntry {
  at: string;
  by: string;
  action: string;
  from: LotStatus;
  to: LotStatus;
}

/** `co_<cid>_lots` / `lot:<lotId>` — the lot summary and its state machine. */
export interface LotDoc {
  _id: `lot:${string}`;
  _rev?: string;
  type: 'lot';
  id: string;
  companyId: string;
  lotType: LotType;
  productCode: string;
  status: LotStatus;
  fileName: string;
  fileBytes: number;
  fileSha256: string;
  /** an earlier non-deleted lot of the company with the same sha256 (a warning only) */
  duplicateOf: string | null;
  header: LotHeaderSummary | null;
  recordCount: number;
  /**
   * detail records stored in `records:` chunks (record i is in chunk floor(i / 1000)). Equals
   * recordCount for a VALID lot; an INVALID one may have lines that could not be read as records.
   */
  storedRecords: number;
  totalCents: number;
  errorCount: number;
  progress: LotProgress;
  uploadedBy: string;
  uploadedAt: string;
  origin: 'web' | 'api';
  /** when validation ended (VALID or INVALID) */
  validatedAt: string | null;
  confirmation: LotConfirmation | null;
  /** = confirmation.at, top-level for the index of the daily/monthly limits (null until confirmed) */
  confirmedAt: string | null;
  /** the company policy, frozen at confirmation (0 before) */
  signaturesRequired: number;
  signatures: LotSignature[];
  authorization: { by: string; at: string } | null;
  orderId: string | null;
  processing: LotProcessingState | null;
  deleted: { by: string; at: string } | null;
  history: LotHistoryEntry[];
}

/** One stored detail record (`records:` chunk). `fields` follows the layout's field order. */
export interface StoredLotRecord {
  line: number;
  fields: string[];
  amountCents: number | null;
  personKey: string | null;
  /** this record's validation errors (only on records that have some) */
  errors?: LotError[];
}

/**
 * `co_<cid>_lotrecords` / `records:<lotId>:<chunk>`. Read it through `recordsOfChunk()`
 * (record-rows.ts), which understands both forms:
 *  - packed (written by validation): `rows`, `lines`, `errorsAt` — a few strings and one array of
 *    numbers instead of ~12 objects per record, so that storing 1,000,000 records costs the store
 *    (JSON, PouchDB's copies, LevelDB) a fraction of the memory;
 *  - `records` (older documents, test fixtures).
 */
export interface LotRecordsChunkDoc {
  _id: string;
  _rev?: string;
  type: 'lot-records';
  lotId: string;
  chunk: number;
  /** the detail layout's field names, in the order of each record's `fields` */
  fieldNames: LotFieldName[];
  records?: StoredLotRecord[];
  /** one row per record, its fields joined by `;` ('' for an unreadable record), rows joined by `\n` */
  rows?: string;
  /** the line of each row */
  lines?: number[];
  /** the validation errors of the rows that have some, by row index */
  errorsAt?: Record<string, LotError[]>;
}

/** `co_<cid>_lotrecords` / `errors:<lotId>:<chunk>` — errors in file order, 1,000 per document. */
export interface LotErrorsChunkDoc {
  _id: string;
  _rev?: string;
  type: 'lot-errors';
  lotId: string;
  chunk: number;
  errors: LotError[];
}

/** Processing outcome of one record. */
export interface LotRecordResult {
  line: number;
  status: 'DONE' | 'REJECTED';
  /** Spanish reason when REJECTED */
  reason?: string;
  /** e.g. the card created or credited */
  cardId?: string;
}

/**
 * `co_<cid>_lotrecords` / `results:<lotId>:<chunk>` — written by the processor, same chunking as
 * `records:` (chunk n holds the results of records:<lotId>:n, in the same order).
 */
export interface LotResultsChunkDoc {
  _id: string;
  _rev?: string;
  type: 'lot-results';
  lotId: string;
  chunk: number;
  results: LotRecordResult[];
}

// ---- API answers -------------------------------------------------------------------------------

/**
 * The lot as the API answers it (API.md "Lots", plus extras a client may ignore). `canSign` /
 * `canAuthorize` / `canDelete` / `canConfirm` are for the asking user.
 */
export interface LotSummary {
  id: string;
  type: LotType;
  productCode: string;
  status: LotStatus;
  recordCount: number;
  totalCents: number;
  errorCount: number;
  /** the first ≤ 1000 errors */
  errors: LotError[];
  fileName: string;
  fileBytes: number;
  fileSha256: string;
  uploadedBy: string;
  uploadedAt: string;
  validatedAt: string | null;
  duplicateOf: string | null;
  header: LotHeaderSummary | null;
  progress: LotProgress;
  signaturesRequired: number;
  signatures: LotSignature[];
  authorization: { by: string; at: string } | null;
  orderId: string | null;
  confirmation: LotConfirmation | null;
  processing: LotProcessingState | null;
  history: LotHistoryEntry[];
  canConfirm: boolean;
  canSign: boolean;
  canWithdrawSignature: boolean;
  canAuthorize: boolean;
  canDelete: boolean;
}

/** GET .../lots list item: the summary without the error list. */
export type LotListItem = Omit<LotSummary, 'errors' | 'history'>;

export interface LotListAnswer {
  lots: LotListItem[];
}

/** GET .../lots/{lotId}/errors?offset=&limit= */
export interface LotErrorsPage {
  lotId: string;
  offset: number;
  limit: number;
  total: number;
  errors: LotError[];
}

/** One record of GET .../lots/{lotId}/records, with its validation errors and processing result. */
export interface LotRecordView {
  line: number;
  /** values by field name */
  fields: Partial<Record<LotFieldName, string>>;
  amountCents: number | null;
  personKey: string | null;
  errors: LotError[];
  result: LotRecordResult | null;
}

/** GET .../lots/{lotId}/records?offset=&limit= */
export interface LotRecordsPage {
  lotId: string;
  offset: number;
  limit: number;
  total: number;
  fieldNames: LotFieldName[];
  records: LotRecordView[];
}
