/**
 * How a card search text is read (PRODUCT.md chapter 5: search by order, lot, holder id, name, last 4).
 * Shared so the server's query and the device's roster read a text the same way.
 */
export type CardQuery =
  | { by: 'last4'; value: string }
  | { by: 'holderId'; value: string }
  | { by: 'lot'; value: string }
  | { by: 'order'; value: string }
  | { by: 'name'; words: string[] }
  | { by: 'all' };

export const LOT_ID_PATTERN = /^L[0-9]{14}[a-z0-9]{6}$/;
export const ORDER_ID_PATTERN = /^C[0-9]{14}[a-z0-9]{6}-[0-9]{1,4}$/;

/** Lowercase, accents removed, letters/digits/spaces only: how names are compared. */
export function nameKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9ñ ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function classifyCardQuery(raw: string | null | undefined): CardQuery {
  const q = (raw ?? '').trim();
  if (!q) return { by: 'all' };
  if (/^[0-9]{4}$/.test(q)) return { by: 'last4', value: q };
  if (/^[VEPvep]?-?[0-9]{5,15}$/.test(q)) return { by: 'holderId', value: q.replace(/^[VEPvep]-?/, '') };
  if (LOT_ID_PATTERN.test(q)) return { by: 'lot', value: q };
  if (ORDER_ID_PATTERN.test(q)) return { by: 'order', value: q };
  const words = nameKey(q).split(' ').filter(Boolean).slice(0, 4);
  return words.length ? { by: 'name', words } : { by: 'all' };
}
