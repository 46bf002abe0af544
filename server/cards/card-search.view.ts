import type { CardQuery } from '../../src/domain/cards';
import type { CardStatus, PlasticStatus } from '../../src/domain/statuses';
import { registerCompanyDatabase } from '../store/databases';

/**
 * The card search index: ONE view over co_<cid>_cards whose keys start with a tag, so every search
 * is a key range read with `startkey`/`endkey`/`limit` — a page costs O(page), not O(cards with that
 * value) — and every card write updates one index (not one per field). Keys end with the card's
 * `_id`, so each key is unique and a page resumes exactly after the last key read (PouchDB Server has
 * no `startkey_docid`). Keys (s = status, p = plastic status, b = branch):
 *
 *   ['s', s, p, b, _id]   status; status + plastic; status + plastic + branch
 *   ['p', p, b, _id]      plastic; plastic + branch
 *   ['b', b, s, _id]      branch; branch + status
 *   ['h', holder id, _id] ['4', last 4, _id] ['l', lot, _id] ['o', order, _id]    value [s, p, b]
 *   ['w', name word, _id] one row per distinct word of the holder's name           value [s, p, b, words]
 *
 * The three chains cover every combination of the three filters as a key prefix. The selective
 * keys carry the filter fields as their value, so extra filters are checked on the rows read
 * without reading the documents. Works the same on Apache CouchDB 3 (views collate arrays alike).
 */
export const SEARCH_VIEW = { ddoc: 'card-search', view: 'by_key' } as const;

/** Lowercase folding of accented letters (ñ → n, as src/domain/cards nameKey does). */
const FOLD_FROM = 'áàäâãéèëêíìïîóòöôõúùüûñç';
const FOLD_TO = 'aaaaaeeeeiiiiooooouuuunc';

/** The words a name is found by: lowercase, accents folded, distinct, in order (the view emits the same). */
export function nameWordsOf(firstName: string | undefined, lastName: string | undefined): string[] {
  const text = `${firstName ?? ''} ${lastName ?? ''}`.toLowerCase();
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const k = FOLD_FROM.indexOf(text.charAt(i));
    out += k >= 0 ? FOLD_TO.charAt(k) : text.charAt(i);
  }
  return [...new Set(out.split(/[^a-z0-9]+/).filter(Boolean))];
}

const escapeJs = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

/** ES5 (CouchDB's JavaScript); the fold is nameWordsOf's, letter for letter. */
const SEARCH_MAP = `function (doc) {
  if (doc.type !== 'card') return;
  var id = doc._id;
  var s = doc.status || null, p = doc.plasticStatus || null, b = doc.branchCode || null;
  emit(['s', s, p, b, id], null);
  emit(['p', p, b, id], null);
  emit(['b', b, s, id], null);
  var v = [s, p, b];
  if (doc.holder && doc.holder.idNumber) emit(['h', String(doc.holder.idNumber), id], v);
  if (doc.last4) emit(['4', String(doc.last4), id], v);
  if (doc.lotId) emit(['l', String(doc.lotId), id], v);
  if (doc.orderId) emit(['o', String(doc.orderId), id], v);
  if (!doc.holder) return;
  var text = ((doc.holder.firstName || '') + ' ' + (doc.holder.lastName || '')).toLowerCase();
  var from = '${escapeJs(FOLD_FROM)}';
  var to = '${FOLD_TO}';
  var out = '';
  for (var i = 0; i < text.length; i++) { var k = from.indexOf(text.charAt(i)); out += k >= 0 ? to.charAt(k) : text.charAt(i); }
  var parts = out.split(/[^a-z0-9]+/), words = [], seen = {};
  for (var j = 0; j < parts.length; j++) { var w = parts[j]; if (w && !seen[w]) { seen[w] = true; words.push(w); } }
  var all = words.join(' ');
  for (var n = 0; n < words.length; n++) emit(['w', words[n], id], [s, p, b, all]);
}`;

registerCompanyDatabase('cards', {
  design: [{ _id: `_design/${SEARCH_VIEW.ddoc}`, views: { [SEARCH_VIEW.view]: { map: SEARCH_MAP } } }],
  // the Mango indexes this view replaced: deleted at start (CouchDB would keep building them on every write)
  retired: [
    'cards-by-holder-id',
    'cards-by-last4',
    'cards-by-status',
    'cards-by-branch',
    'cards-by-status-branch',
    'cards-by-plastic',
    'cards-by-lot',
    'cards-by-order',
  ].map((name) => `_design/idx-${name}` as const),
});

export type KeyPart = string | null;

/** A row of the search view as read (no documents). */
export interface SearchRow {
  id: string;
  key: KeyPart[];
  value: KeyPart[] | null;
}

export interface SearchFilters {
  status?: CardStatus;
  plasticStatus?: PlasticStatus;
  branch?: string;
  lotId?: string;
  orderId?: string;
}

/**
 * How one search reads the view: the fixed key prefix, the range within it, and what a row must
 * also satisfy. `tag` + the tail after `prefix` make the cursor (the position of the last row read).
 */
export interface SearchPlan {
  tag: string;
  /** `_all_docs` over `card:…` instead of the view (no filter at all) */
  allDocs: boolean;
  prefix: KeyPart[];
  /** parts after the prefix, the last being the `_id` */
  tailLength: number;
  start: unknown[];
  end: unknown[];
  /** the extra filters, checked on the row's value (true when the key says it all) */
  rowMatches: (row: SearchRow) => boolean;
  /** rows may be left out by rowMatches (or by the document check): read larger batches */
  filtered: boolean;
  /** a name search's word prefix: a cursor's word must start with it */
  wordPrefix?: string;
}

const END = {};

function chain(tag: string, fixed: KeyPart[], tailLength: number): SearchPlan {
  const prefix = [tag, ...fixed];
  return { tag, allDocs: false, prefix, tailLength, start: prefix, end: [...prefix, END], rowMatches: () => true, filtered: false };
}

/** Filters left over once a selective key leads, checked on the row's value [s, p, b, …]. */
function leftovers(f: SearchFilters): (row: SearchRow) => boolean {
  return (row) => {
    const v = row.value ?? [];
    return (!f.status || v[0] === f.status) && (!f.plasticStatus || v[1] === f.plasticStatus) && (!f.branch || v[2] === f.branch);
  };
}

/**
 * The most selective key leads: holder id, last 4, lot, order, name word; otherwise the status /
 * plastic / branch chain whose prefix is exactly the filters given; otherwise every card by `_id`.
 */
export function planSearch(query: CardQuery, f: SearchFilters): SearchPlan {
  const extra = !!(f.status || f.plasticStatus || f.branch || f.lotId || f.orderId);
  const eq = (tag: string, value: string): SearchPlan => ({ ...chain(tag, [value], 1), rowMatches: leftovers(f), filtered: extra });
  if (query.by === 'holderId') return eq('h', query.value);
  if (query.by === 'last4') return eq('4', query.value);
  const lot = query.by === 'lot' ? query.value : f.lotId;
  if (lot) return eq('l', lot);
  const order = query.by === 'order' ? query.value : f.orderId;
  if (order) return eq('o', order);
  if (query.by === 'name') {
    const lead = [...query.words].sort((a, b) => b.length - a.length)[0];
    const others = leftovers(f);
    return {
      tag: 'w',
      allDocs: false,
      prefix: ['w'],
      tailLength: 2,
      start: ['w', lead],
      end: ['w', `${lead}\ufff0`],
      wordPrefix: lead,
      filtered: true,
      rowMatches: (row) => {
        const words = String(row.value?.[3] ?? '').split(' ');
        // a name with two words under the prefix has two rows: the card counts under the first only
        const first = words.filter((w) => w.startsWith(lead)).sort()[0];
        return row.key[1] === first && query.words.every((q) => words.some((w) => w.startsWith(q))) && others(row);
      },
    };
  }
  const { status: s, plasticStatus: p, branch: b } = f;
  if (s && p && b) return chain('s', [s, p, b], 1);
  if (s && p) return chain('s', [s, p], 2);
  if (s && b) return chain('b', [b, s], 1);
  if (p && b) return chain('p', [p, b], 1);
  if (s) return chain('s', [s], 3);
  if (p) return chain('p', [p], 2);
  if (b) return chain('b', [b], 2);
  return { tag: 'a', allDocs: true, prefix: [], tailLength: 1, start: ['card:'], end: ['card:\ufff0'], rowMatches: () => true, filtered: false };
}
