import { CARD_ACTION_ORDER, type CardRuleState, cardActionRefusal, MASS_CARD_ACTIONS, ruleStateOf } from '../../domain/cards';
import { type Permission, hasPermission } from '../../domain/permissions';
import type { CardRequestKind } from '../../domain/requests';
import type { LocalCard, LocalRequest } from '../offline/db/doc-types';

/** Card actions a company user may request, in the order the detail page offers them. */
export const COMPANY_ACTION_ORDER = CARD_ACTION_ORDER.filter((kind): kind is CardRequestKind => kind !== 'card.plastic-sent');

type CardState = Pick<LocalCard, 'cardId' | 'status' | 'plasticStatus'> & Partial<Pick<LocalCard, 'replacement' | 'pinRequests'>>;

/** The card as it will be once this user's pending requests are applied (the server decides for real). */
function expectedState(card: CardState, pending: ReadonlySet<CardRequestKind>): CardRuleState {
  const state = ruleStateOf(card);
  if (pending.has('card.cancel')) state.status = 'CANCELLED';
  else if (pending.has('card.unblock')) state.status = 'ACTIVE';
  else if (pending.has('card.block')) state.status = 'BLOCKED';
  if (pending.has('card.replacement')) {
    state.replacementOpen = true;
    state.plasticStatus = 'AT_BANK';
  }
  if (pending.has('card.plastic-received')) state.plasticStatus = 'RECEIVED_AT_COMPANY';
  if (pending.has('card.plastic-delivered')) state.plasticStatus = 'DELIVERED';
  if (pending.has('card.pin')) state.pinOpen = true;
  return state;
}

/**
 * Which requests the user may queue for a card: `cards.manage`, and what src/domain/cards allows for
 * the card's state — counting pending requests as what will happen (a pending block hides "block" and
 * "PIN", a pending "received" lets the plastic be delivered right after). "Unblock" is offered only
 * once a block is in force. The server re-checks it all when it applies each request.
 */
export function availableActions(card: CardState, granted: readonly Permission[], requests: readonly LocalRequest[] = []): CardRequestKind[] {
  if (!hasPermission(granted, 'cards.manage')) return [];
  const pending = new Set(requests.filter((r) => r.cardId === card.cardId && r.status === 'PENDING').map((r) => r.kind));
  const real = ruleStateOf(card);
  const expected = expectedState(card, pending);
  return COMPANY_ACTION_ORDER.filter((kind) => {
    if (pending.has(kind) && kind !== 'card.holder-update') return false;
    if (kind === 'card.unblock') return !pending.has('card.block') && cardActionRefusal(real, kind) === null && expected.status !== 'CANCELLED';
    return cardActionRefusal(expected, kind) === null;
  });
}

/** The mass actions that fit at least one of the selected cards (each card is still checked by the server). */
export function massActionsFor(cards: readonly CardState[], granted: readonly Permission[]): CardRequestKind[] {
  if (!cards.length || !hasPermission(granted, 'cards.manage')) return [];
  return MASS_CARD_ACTIONS.filter((kind) => cards.some((card) => cardActionRefusal(ruleStateOf(card), kind) === null));
}

/**
 * A block the user asked for that the server has not applied yet: the card still works. The screen
 * says so ("aún no está en vigor") and gives the hotline to block it by phone now.
 */
export function blockNotInForce(card: Pick<LocalCard, 'cardId' | 'status'>, requests: readonly LocalRequest[]): LocalRequest | null {
  if (card.status !== 'ACTIVE') return null;
  return requests.find((r) => r.cardId === card.cardId && r.kind === 'card.block' && r.status === 'PENDING') ?? null;
}
