import type { RxJsonSchema } from 'rxdb';
import { CARD_REQUEST_KINDS } from '../../../domain/requests';
import { CARD_STATUSES, LOT_STATUSES, ORDER_STATUSES, PLASTIC_STATUSES, REQUEST_STATUSES } from '../../../domain/statuses';
import type { LocalAccount, LocalBranch, LocalCard, LocalLot, LocalMeta, LocalOrder, LocalRequest } from './doc-types';

/**
 * Device schemas of the replicated documents (TOOLCHAIN.md "Sync side"):
 *  - the primary key is CouchDB's `_id`, so device and server name a document the same way;
 *  - indexes only on required top-level fields (Dexie refuses the others);
 *  - RxDB forces `additionalProperties: false` at the top level, so the pull modifier keeps only the
 *    declared fields; nested objects allow extra fields (the server may add some).
 *  - the server's revision is kept in `rev` (RxDB owns `_rev`).
 */

const id = { type: 'string', maxLength: 200 } as const;
const str = { type: 'string' } as const;
const optStr = { type: ['string', 'null'] } as const;
const int = { type: 'integer' } as const;
const openObject = { type: 'object', additionalProperties: true } as const;
const nullableObject = { type: ['object', 'null'], additionalProperties: true } as const;
const openArray = { type: 'array', items: { type: 'object', additionalProperties: true } } as const;
const enumOf = (values: readonly string[], maxLength = 40) => ({ type: 'string', enum: [...values], maxLength }) as const;
const indexedStr = (maxLength: number) => ({ type: 'string', maxLength }) as const;

// ---- shared property blocks ----------------------------------------------------------------------

/** Every document a server database replicates: CouchDB's id, the server revision seen, its type. */
const serverDoc = { _id: id, rev: str, type: str } as const;
/** Lots and orders: identified by `id` within the company. */
const companyRecord = { id: str, companyId: str } as const;
const created = { createdAt: str } as const;
const timestamps = { createdAt: str, updatedAt: str } as const;
/** Server-side work in progress (lots, orders). */
const processing = { processing: nullableObject } as const;
/** The last entries of what happened to the document. */
const history = { history: openArray } as const;

type Properties = RxJsonSchema<unknown>['properties'];

/**
 * The frame every device collection shares: `_id` primary key (as on the server), version 0 unless
 * the collection changed since (then device-database.ts holds its migration strategies).
 */
function collection<T>(
  title: string,
  description: string,
  properties: Properties,
  required: string[],
  indexes?: (string | string[])[],
  version = 0,
): RxJsonSchema<T> {
  return {
    title,
    description,
    version,
    primaryKey: '_id',
    type: 'object',
    properties,
    required,
    ...(indexes ? { indexes } : {}),
  } as RxJsonSchema<T>;
}

/**
 * Version 1 added `lotId` and `orderId`. Cards stored under version 0 are migrated with both null
 * (device-database.ts), and the cards replication starts over under a new identifier
 * (company-sync.ts: the schema version is part of it), so every card is pulled again with them.
 */
export const CARD_SCHEMA_VERSION = 1;

export const cardSchema = collection<LocalCard>(
  'cards',
  'Cards of the company (co_<cid>_cards); the number is masked (first 6 + last 4 at most).',
  {
    ...serverDoc,
    cardId: str,
    companyId: str,
    productCode: str,
    holder: {
      type: 'object',
      additionalProperties: true,
      properties: {
        idType: str,
        idNumber: str,
        firstName: str,
        lastName: str,
        email: str,
        phone: str,
      },
      required: ['idNumber'],
    },
    maskedPan: { type: 'string', maxLength: 19 },
    last4: indexedStr(4),
    status: enumOf(CARD_STATUSES, 20),
    plasticStatus: enumOf(PLASTIC_STATUSES, 30),
    balanceCents: int,
    branchCode: indexedStr(20),
    issuedAt: str,
    deliveredAt: optStr,
    updatedAt: str,
    ...history,
    appliedEffects: { type: 'array', items: { type: 'string' } },
    blockedAt: optStr,
    cancelledAt: optStr,
    receivedAtCompanyAt: optStr,
    delivery: nullableObject,
    replacement: nullableObject,
    pinRequests: openArray,
    // version 1: where the card came from, so the roster finds cards by lot and by order offline
    lotId: optStr,
    orderId: optStr,
  },
  ['_id', 'type', 'cardId', 'holder', 'maskedPan', 'last4', 'status', 'plasticStatus', 'branchCode'],
  ['status', 'branchCode', 'last4'],
  CARD_SCHEMA_VERSION,
);

export const lotSchema = collection<LocalLot>(
  'lots',
  'Lot summaries (co_<cid>_lots); records stay on the server and are fetched on demand.',
  {
    ...serverDoc,
    ...companyRecord,
    lotType: str,
    productCode: str,
    status: enumOf(LOT_STATUSES, 30),
    fileName: str,
    fileBytes: int,
    fileSha256: str,
    duplicateOf: optStr,
    header: nullableObject,
    recordCount: int,
    storedRecords: int,
    totalCents: int,
    errorCount: int,
    progress: openObject,
    uploadedBy: str,
    uploadedAt: indexedStr(40),
    origin: str,
    validatedAt: optStr,
    confirmation: nullableObject,
    confirmedAt: optStr,
    signaturesRequired: int,
    signatures: openArray,
    authorization: nullableObject,
    orderId: optStr,
    ...processing,
    deletion: nullableObject,
    ...history,
  },
  ['_id', 'type', 'id', 'status', 'uploadedAt'],
  ['status', 'uploadedAt'],
);

export const orderSchema = collection<LocalOrder>(
  'orders',
  'Service orders (co_<cid>_orders, `order:` documents only).',
  {
    ...serverDoc,
    ...companyRecord,
    number: { type: 'integer', minimum: 0, maximum: 1e12, multipleOf: 1 },
    status: enumOf(ORDER_STATUSES, 20),
    grouping: str,
    productCode: str,
    lotType: str,
    lots: openArray,
    figures: openObject,
    calculationId: str,
    createdBy: str,
    ...created,
    paying: nullableObject,
    payment: nullableObject,
    invoice: nullableObject,
    voided: nullableObject,
    lotsSettledAt: optStr,
    ...processing,
    ...history,
  },
  ['_id', 'type', 'id', 'number', 'status'],
  ['status', 'number'],
);

export const branchSchema = collection<LocalBranch>(
  'branches',
  'Branches where cards are delivered (co_<cid>_branches).',
  {
    ...serverDoc,
    code: indexedStr(20),
    name: str,
    city: str,
    address: str,
    ...timestamps,
  },
  ['_id', 'type', 'code', 'name'],
  ['code'],
);

export const accountSchema = collection<LocalAccount>(
  'accounts',
  'Master accounts (balance in cents) and funding accounts (masked number) of the company.',
  {
    ...serverDoc,
    type: enumOf(['account', 'funding'], 10),
    productCode: str,
    balanceCents: int,
    id: str,
    bankName: str,
    accountNumberMasked: str,
    holderName: str,
    holderTaxId: str,
    status: str,
    ...timestamps,
  },
  ['_id', 'type'],
);

export const requestSchema = collection<LocalRequest>(
  'requests',
  'Requests this user queued (pushed to co_<cid>_requests); the server writes the outcome.',
  {
    // made on the device: no server revision to remember
    _id: id,
    type: str,
    kind: enumOf(CARD_REQUEST_KINDS, 40),
    payload: openObject,
    userId: indexedStr(64),
    companyId: str,
    deviceId: str,
    createdAt: indexedStr(40),
    cardId: indexedStr(64),
    seenCardRev: optStr,
    status: enumOf(REQUEST_STATUSES, 20),
    outcome: {
      type: ['object', 'null'],
      additionalProperties: true,
      properties: { code: str, message: str },
    },
    appliedAt: optStr,
    receivedAt: optStr,
  },
  ['_id', 'type', 'kind', 'payload', 'userId', 'companyId', 'deviceId', 'createdAt', 'cardId', 'status'],
  [['userId', 'status'], ['userId', 'createdAt'], 'cardId'],
);

export const metaSchema = collection<LocalMeta>(
  'meta',
  'Device-only: when each kind was last pulled, when the last full sync ended.',
  { _id: id, at: str },
  ['_id', 'at'],
);

/**
 * Required fields of a deleted document whose server stub (`{_id, _rev, _deleted}`) lacks them
 * (rxdb issue 7444: the stub must still pass the schema). Values are placeholders nobody reads:
 * queries never return deleted documents.
 */
export const TOMBSTONE_FIELDS: Record<string, Record<string, unknown>> = {
  cards: {
    type: 'card',
    cardId: '',
    holder: { idNumber: '' },
    maskedPan: '',
    last4: '',
    status: 'CANCELLED',
    plasticStatus: 'AT_BANK',
    branchCode: '',
  },
  lots: { type: 'lot', id: '', status: 'DELETED', uploadedAt: '' },
  orders: { type: 'order', id: '', number: 0, status: 'VOIDED' },
  branches: { type: 'branch', code: '', name: '' },
  accounts: { type: 'account' },
  requests: {
    type: 'request',
    kind: 'card.block',
    payload: {},
    userId: '',
    companyId: '',
    deviceId: '',
    createdAt: '',
    cardId: '',
    status: 'REJECTED',
  },
};

/** Server fields kept under another name on the device (the server name is an RxDocument property). */
export const RENAMED_FIELDS: Record<string, Record<string, string>> = {
  lots: { deleted: 'deletion' },
};

/** Which server documents a collection keeps (others in the same database become tombstones). */
export const KEEP_TYPES: Record<string, readonly string[]> = {
  cards: ['card'],
  lots: ['lot'],
  orders: ['order'],
  branches: ['branch'],
  accounts: ['account', 'funding'],
  requests: ['request'],
};
