import { invalid } from '../common/domain-error';
import type { KeyPart, SearchPlan } from './card-search.view';

/**
 * The card search's page cursor, opaque to clients: base64url of JSON `[tag, …key tail]`, the
 * search view's key after the fixed prefix of the last row read (its last part the card's `_id`).
 * A page resumes right after that key, so the order is the key's and stays stable while paging.
 * Checked against the search it is sent with before it becomes part of a key range.
 */
export const CURSOR_PATTERN = /^[A-Za-z0-9_-]{1,400}$/;
const CARD_DOC_ID = /^card:[0-9A-Za-z_-]{1,64}$/;

export function encodeCursor(plan: SearchPlan, tail: KeyPart[]): string {
  return Buffer.from(JSON.stringify([plan.tag, ...tail]), 'utf8').toString('base64url');
}

const badCursor = () => invalid('BAD_BOOKMARK', 'La página pedida no es válida: vuelva a buscar.');

export function decodeCursor(plan: SearchPlan, raw: string): KeyPart[] {
  if (!CURSOR_PATTERN.test(raw)) throw badCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(parsed) || parsed[0] !== plan.tag || parsed.length !== plan.tailLength + 1) throw badCursor();
  const tail = parsed.slice(1) as unknown[];
  if (!tail.every((part) => part === null || (typeof part === 'string' && part.length <= 120))) throw badCursor();
  if (!CARD_DOC_ID.test(String(tail[tail.length - 1]))) throw badCursor();
  // a name search resumes within its own word range only
  if (plan.wordPrefix !== undefined && !String(tail[0]).startsWith(plan.wordPrefix)) throw badCursor();
  return tail as KeyPart[];
}
