import type { RxJsonSchema } from 'rxdb';
import { KEEP_TYPES, RENAMED_FIELDS, TOMBSTONE_FIELDS } from './schemas';

type AnyDoc = Record<string, unknown> & { _id: string; _deleted?: boolean };

/**
 * The pull modifier of one collection: turns a server document (after RxDB's CouchDB plugin dropped
 * `_rev`) into what the device schema accepts.
 *  - a deleted stub `{_id, _deleted: true}` gets placeholder values for the required fields (rxdb 7444);
 *  - a document of another type in the same database (e.g. an order calculation) is kept as a
 *    tombstone, so the device never holds what it does not use;
 *  - only declared top-level fields are kept (the server may add fields; RxDB refuses unknown ones);
 *  - a card number is never kept unmasked, even if a server bug sent one.
 */
export function pullModifierFor(kind: string, schema: RxJsonSchema<any>): (doc: AnyDoc) => AnyDoc {
  const declared = Object.keys(schema.properties);
  const keep = KEEP_TYPES[kind];
  const renamed = Object.entries(RENAMED_FIELDS[kind] ?? {});
  const tombstone = (docId: string): AnyDoc => ({ ...structuredClone(TOMBSTONE_FIELDS[kind] ?? {}), _id: docId, _deleted: true });
  return (doc) => {
    if (doc._deleted) return tombstone(doc._id);
    if (keep && !keep.includes(String(doc['type']))) return tombstone(doc._id);
    const out: AnyDoc = { _id: doc._id, _deleted: false };
    for (const [from, to] of renamed) if (doc[from] !== undefined) out[to] = doc[from];
    for (const key of declared) {
      if (key !== '_id' && doc[key] !== undefined && out[key] === undefined) out[key] = doc[key];
    }
    if (kind === 'cards') maskCard(out);
    return out;
  };
}

const DIGITS = /[0-9]/g;

/** At most the first 6 and the last 4 digits of a card number may be kept (PRODUCT.md chapter 5). */
export function safeMaskedPan(value: unknown, last4: unknown): string {
  const text = typeof value === 'string' ? value : '';
  const digits = text.match(DIGITS)?.length ?? 0;
  if (digits <= 10 && /^[0-9]{0,6}\*+[0-9]{4}$/.test(text)) return text;
  const tail = typeof last4 === 'string' && /^[0-9]{4}$/.test(last4) ? last4 : text.replace(/[^0-9]/g, '').slice(-4);
  const head = text.replace(/[^0-9]/g, '').slice(0, 6);
  return `${head}******${tail}`;
}

function maskCard(card: AnyDoc): void {
  card['maskedPan'] = safeMaskedPan(card['maskedPan'], card['last4']);
}
