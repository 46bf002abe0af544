import { type Permission, hasPermission } from '../../domain/permissions';
import type { CardRequestKind } from '../../domain/requests';
import type { LocalCard, LocalRequest } from '../offline/db/doc-types';

/** Card actions in the order the detail page offers them. */
export const CARD_ACTION_ORDER: readonly CardRequestKind[] = [
  'card.plastic-received',
  'card.plastic-delivered',
  'card.block',
  'card.unblock',
  'card.replacement',
  'card.pin',
  'card.holder-update',
  'card.cancel',
];

type CardState = Pick<LocalCard, 'cardId' | 'status' | 'plasticStatus'> & Partial<Pick<LocalCard, 'replacement'>>;

/**
 * Which requests the user may queue for a card (PRODUCT.md chapter 5: offered according to the card's
 * status, `cards.manage`). Pending requests count as what will happen: a pending block hides "block"
 * again, a pending "received" lets the plastic be delivered right after. The server re-checks it all.
 */
export function availableActions(card: CardState, granted: readonly Permission[], requests: readonly LocalRequest[] = []): CardRequestKind[] {
  if (!hasPermission(granted, 'cards.manage') || card.status === 'CANCELLED') return [];
  const pending = new Set(requests.filter((r) => r.cardId === card.cardId && r.status === 'PENDING').map((r) => r.kind));
  if (pending.has('card.cancel')) return [];
  const blocked = (card.status === 'BLOCKED' || pending.has('card.block')) && !pending.has('card.unblock');
  const received = card.plasticStatus === 'RECEIVED_AT_COMPANY' || pending.has('card.plastic-received');
  const delivered = card.plasticStatus === 'DELIVERED' || pending.has('card.plastic-delivered');
  const actions = new Set<CardRequestKind>();

  // The server accepts "received" from AT_BANK too (the "sent" step may not have been recorded).
  if ((card.plasticStatus === 'SENT_TO_COMPANY' || card.plasticStatus === 'AT_BANK') && !pending.has('card.plastic-received')) {
    actions.add('card.plastic-received');
  }
  if (received && !delivered) actions.add('card.plastic-delivered');
  if (!blocked && !pending.has('card.block')) actions.add('card.block');
  if (card.status === 'BLOCKED' && !pending.has('card.unblock')) actions.add('card.unblock');
  if (!pending.has('card.replacement')) actions.add('card.replacement');
  if (!blocked && !pending.has('card.pin')) actions.add('card.pin');
  actions.add('card.holder-update');
  actions.add('card.cancel');
  return CARD_ACTION_ORDER.filter((kind) => actions.has(kind));
}

/**
 * A block the user asked for that the server has not applied yet: the card still works. The screen
 * says so ("aún no está en vigor") and gives the hotline to block it by phone now.
 */
export function blockNotInForce(card: Pick<LocalCard, 'cardId' | 'status'>, requests: readonly LocalRequest[]): LocalRequest | null {
  if (card.status !== 'ACTIVE') return null;
  return requests.find((r) => r.cardId === card.cardId && r.kind === 'card.block' && r.status === 'PENDING') ?? null;
}
