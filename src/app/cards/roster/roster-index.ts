import { LOT_ID_PATTERN, ORDER_ID_PATTERN } from '../../../domain/cards/card-search';
import type { CardStatus, PlasticStatus } from '../../../domain/statuses';
import type { LocalCard } from '../../offline/db/doc-types';

/**
 * The card roster, searchable offline (PRODUCT.md chapter 5: holder id, name, last 4 digits, lot,
 * order, status, branch). Built once from the device database (10,000 cards: a few ms) and searched in memory with
 * precomputed, accent-free keys, so typing stays instant on a phone. `searchRoster` is the function a
 * benchmark measures.
 */
export interface RosterEntry {
  id: string;
  cardId: string;
  /** "V-10000001" */
  holderId: string;
  holderName: string;
  maskedPan: string;
  last4: string;
  status: CardStatus;
  plasticStatus: PlasticStatus;
  branchCode: string;
  balanceCents: number;
  /** the card document's last change (server time); tells which of two copies of a card is newer */
  updatedAt: string;
  /** idType + idNumber, digits and letters only, lowercase: "v10000001" */
  idKey: string;
  /** idNumber digits */
  idDigits: string;
  /** normalized "firstname lastname" */
  nameKey: string;
  /** the lot that issued the card and its service order, lowercase ('' when the device does not know) */
  lotKey: string;
  orderKey: string;
}

export interface RosterQuery {
  /** free text: words of the name, the holder id (with or without its letter), the last 4 digits, a lot or order id */
  text?: string;
  /** cards of this lot / this service order (as the server's lotId / orderId filters) */
  lotId?: string | null;
  orderId?: string | null;
  status?: CardStatus | null;
  plasticStatus?: PlasticStatus | null;
  branchCode?: string | null;
}

export interface RosterIndex {
  entries: readonly RosterEntry[];
  byId: ReadonlyMap<string, RosterEntry>;
}

export function normalize(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
}

export function toRosterEntry(
  card: Pick<LocalCard, '_id' | 'cardId' | 'holder' | 'maskedPan' | 'last4' | 'status' | 'plasticStatus' | 'branchCode' | 'balanceCents' | 'lotId' | 'orderId'> & {
    updatedAt?: string;
  },
): RosterEntry {
  const holder = card.holder;
  const name = `${holder.firstName ?? ''} ${holder.lastName ?? ''}`.replace(/\s+/g, ' ').trim();
  const idType = holder.idType ?? '';
  return {
    id: card._id,
    cardId: card.cardId,
    holderId: idType ? `${idType}-${holder.idNumber}` : holder.idNumber,
    holderName: name,
    maskedPan: card.maskedPan,
    last4: card.last4,
    status: card.status,
    plasticStatus: card.plasticStatus,
    branchCode: card.branchCode,
    balanceCents: card.balanceCents ?? 0,
    updatedAt: card.updatedAt ?? '',
    idKey: normalize(`${idType}${holder.idNumber}`).replace(/[^a-z0-9]/g, ''),
    idDigits: holder.idNumber.replace(/[^0-9]/g, ''),
    nameKey: normalize(name),
    lotKey: (card.lotId ?? '').toLowerCase(),
    orderKey: (card.orderId ?? '').toLowerCase(),
  };
}

/** Sorted by name once; searches keep that order. */
export function buildRosterIndex(cards: Iterable<Parameters<typeof toRosterEntry>[0]>): RosterIndex {
  const entries = Array.from(cards, toRosterEntry).sort(
    (a, b) => (a.nameKey < b.nameKey ? -1 : a.nameKey > b.nameKey ? 1 : a.id < b.id ? -1 : 1),
  );
  return { entries, byId: new Map(entries.map((entry) => [entry.id, entry])) };
}

type TokenTest = (entry: RosterEntry) => boolean;

/** LOT_ID_PATTERN / ORDER_ID_PATTERN of src/domain/cards/card-search.ts, on lowercase text. */
const LOT_TOKEN = new RegExp(`^${LOT_ID_PATTERN.source.slice(1, -1)}$`, 'i');
const ORDER_TOKEN = new RegExp(`^${ORDER_ID_PATTERN.source.slice(1, -1)}$`, 'i');

/** How a typed token is read: its kind, and its letters and digits only (what ids are compared on). */
interface TokenReading {
  kind: 'lot' | 'order' | 'digits' | 'digits4' | 'idPrefix' | 'name';
  compact: string;
}

/** The one reading of a token, for both searching (tokenTest) and narrowing (tokenNarrows). */
function readToken(token: string): TokenReading {
  const compact = token.replace(/[^a-z0-9]/g, '');
  // a lot or service order id, as the server's search reads it (classifyCardQuery)
  if (LOT_TOKEN.test(token)) return { kind: 'lot', compact };
  if (ORDER_TOKEN.test(token)) return { kind: 'order', compact };
  if (/^[0-9]+$/.test(compact)) return { kind: compact.length === 4 ? 'digits4' : 'digits', compact };
  if (/^[vep][0-9]+$/.test(compact)) return { kind: 'idPrefix', compact };
  return { kind: 'name', compact };
}

function tokenTest(token: string): TokenTest {
  const { kind, compact } = readToken(token);
  switch (kind) {
    case 'lot':
      return (e) => e.lotKey === token;
    case 'order':
      return (e) => e.orderKey === token;
    case 'digits4': // the last 4 of the card, or a part of the holder's id number
      return (e) => e.last4 === compact || e.idDigits.includes(compact);
    case 'digits':
      return (e) => e.idDigits.includes(compact);
    case 'idPrefix':
      return (e) => e.idKey.startsWith(compact);
    case 'name':
      return (e) => e.nameKey.includes(token);
  }
}

/**
 * Every card `next` matches is also matched by `previous` (a token typed further): then a search can
 * look only at the previous results. Not so when the token changes how it is read — 3 digits → 4
 * (the last 4 digits count too), a name-like token that became a lot/order id or an id prefix.
 */
function tokenNarrows(previous: string, next: string): boolean {
  if (!next.startsWith(previous)) return false;
  const before = readToken(previous);
  const after = readToken(next);
  switch (after.kind) {
    case 'name':
      return before.kind === 'name'; // nameKey.includes: a longer token matches fewer names
    case 'idPrefix':
      return before.kind === 'idPrefix' && after.compact.startsWith(before.compact);
    case 'digits': // idDigits.includes; from 4 digits too (the last-4 matches of 4 digits are a superset)
      return (before.kind === 'digits' || before.kind === 'digits4') && after.compact.startsWith(before.compact);
    case 'digits4':
      return before.kind === 'digits4' && after.compact === before.compact;
    default:
      return false; // a lot or order id matches exactly
  }
}

function queryTokens(query: RosterQuery): string[] {
  return normalize(query.text ?? '').split(/\s+/).filter(Boolean);
}

/** `next` can only match cards `previous` matched: same filters, and its text only typed further. */
export function queryNarrows(previous: RosterQuery, next: RosterQuery): boolean {
  const same = (a: string | null | undefined, b: string | null | undefined) => (a ?? null) === (b ?? null);
  if (!same(previous.status, next.status) || !same(previous.plasticStatus, next.plasticStatus) || !same(previous.branchCode, next.branchCode)) return false;
  if (!same(previous.lotId?.toLowerCase(), next.lotId?.toLowerCase()) || !same(previous.orderId?.toLowerCase(), next.orderId?.toLowerCase())) return false;
  const before = queryTokens(previous);
  const after = queryTokens(next);
  if (after.length < before.length) return false;
  // every token of before is kept (the last one possibly typed further); tokens added narrow more
  return before.every((token, i) => token === after[i] || (i === before.length - 1 && tokenNarrows(token, after[i])));
}

/**
 * A search that remembers its last query and answer: while the user types further into the same
 * search over the same index, only the previous answer is searched again (a few cards after the
 * first digits instead of all 10,000). Same answers as searchRoster, in the same order.
 */
export function rosterSearcher(): (index: RosterIndex, query: RosterQuery) => RosterEntry[] {
  let last: { index: RosterIndex; query: RosterQuery; results: RosterEntry[] } | null = null;
  return (index, query) => {
    const from = last && last.index === index && queryNarrows(last.query, query) ? last.results : index.entries;
    const results = searchRoster({ entries: from, byId: index.byId }, query);
    last = { index, query: { ...query }, results };
    return results;
  };
}

export function searchRoster(index: RosterIndex, query: RosterQuery, limit = Infinity): RosterEntry[] {
  const tokens = queryTokens(query).map(tokenTest);
  const { status, plasticStatus, branchCode } = query;
  const lotKey = query.lotId?.toLowerCase();
  const orderKey = query.orderId?.toLowerCase();
  const out: RosterEntry[] = [];
  for (const entry of index.entries) {
    if (lotKey && entry.lotKey !== lotKey) continue;
    if (orderKey && entry.orderKey !== orderKey) continue;
    if (status && entry.status !== status) continue;
    if (plasticStatus && entry.plasticStatus !== plasticStatus) continue;
    if (branchCode && entry.branchCode !== branchCode) continue;
    let ok = true;
    for (const test of tokens) {
      if (!test(entry)) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    out.push(entry);
    if (out.length >= limit) break;
  }
  return out;
}
