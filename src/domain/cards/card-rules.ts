/**
 * Which card action fits which card state (PRODUCT.md chapter 5: "actions offered according to the
 * card's status"). The ONE definition: the server's card-actions service refuses with these codes when
 * it applies a request, and the app offers exactly the actions this allows (plus what pending requests
 * will change). Payload checks (nothing to update, unknown branch) stay with the service.
 */
import type { CardRequestKind, RequestRejectionCode } from '../requests';
import type { CardStatus, PlasticStatus } from '../statuses';

/** Actions only the operator (program administrator) takes, online: moving plastics from the bank. */
export const OPERATOR_CARD_ACTIONS = ['card.plastic-sent'] as const;
export type OperatorCardAction = (typeof OPERATOR_CARD_ACTIONS)[number];

/** Every action a card admits: the company's requests and the operator's plastic moves. */
export type CardActionKind = CardRequestKind | OperatorCardAction;

/** What the rules look at. */
export interface CardRuleState {
  status: CardStatus;
  plasticStatus: PlasticStatus;
  /** a replacement whose plastic is not yet delivered */
  replacementOpen: boolean;
  /** a PIN request still REQUESTED */
  pinOpen: boolean;
}

/** The card as stored (or as the device holds it) → the rule state. */
export function ruleStateOf(card: {
  status: CardStatus;
  plasticStatus: PlasticStatus;
  replacement?: unknown;
  pinRequests?: ReadonlyArray<{ status: string }> | null;
}): CardRuleState {
  return {
    status: card.status,
    plasticStatus: card.plasticStatus,
    replacementOpen: !!card.replacement && card.plasticStatus !== 'DELIVERED',
    pinOpen: (card.pinRequests ?? []).some((p) => p.status === 'REQUESTED'),
  };
}

/**
 * null when the action fits the state, otherwise the reason (a code of REQUEST_REJECTION_REASONS).
 *
 *   any          CANCELLED admits nothing (cancel: ALREADY_CANCELLED)
 *   block        ACTIVE → BLOCKED
 *   unblock      BLOCKED → ACTIVE
 *   cancel       ACTIVE | BLOCKED → CANCELLED (final)
 *   holder       any live card
 *   replacement  no other replacement open; lost (P) / stolen (R) also block an ACTIVE card
 *   pin          ACTIVE, no other PIN request open (a blocked card gets a replacement, not a PIN)
 *   sent         AT_BANK → SENT_TO_COMPANY (operator)
 *   received     AT_BANK | SENT_TO_COMPANY → RECEIVED_AT_COMPANY (AT_BANK too: the operator may not
 *                have recorded the dispatch, and the company has the plastic in hand)
 *   delivered    RECEIVED_AT_COMPANY → DELIVERED
 */
export function cardActionRefusal(state: CardRuleState, kind: CardActionKind): RequestRejectionCode | null {
  if (state.status === 'CANCELLED') return kind === 'card.cancel' ? 'ALREADY_CANCELLED' : 'CARD_CANCELLED';
  switch (kind) {
    case 'card.block':
      return state.status === 'BLOCKED' ? 'ALREADY_BLOCKED' : null;
    case 'card.unblock':
      return state.status !== 'BLOCKED' ? 'NOT_BLOCKED' : null;
    case 'card.cancel':
    case 'card.holder-update':
      return null;
    case 'card.replacement':
      return state.replacementOpen ? 'REPLACEMENT_IN_PROGRESS' : null;
    case 'card.pin':
      if (state.status === 'BLOCKED') return 'CARD_BLOCKED';
      return state.pinOpen ? 'PIN_ALREADY_REQUESTED' : null;
    case 'card.plastic-sent':
      if (state.plasticStatus === 'AT_BANK') return null;
      return state.plasticStatus === 'DELIVERED' ? 'PLASTIC_ALREADY_DELIVERED' : 'PLASTIC_NOT_AT_BANK';
    case 'card.plastic-received':
      if (state.plasticStatus === 'RECEIVED_AT_COMPANY') return 'PLASTIC_ALREADY_RECEIVED';
      if (state.plasticStatus === 'DELIVERED') return 'PLASTIC_ALREADY_DELIVERED';
      return null;
    case 'card.plastic-delivered':
      if (state.plasticStatus === 'DELIVERED') return 'PLASTIC_ALREADY_DELIVERED';
      return state.plasticStatus !== 'RECEIVED_AT_COMPANY' ? 'PLASTIC_NOT_RECEIVED' : null;
  }
}

/** The actions a state admits, in the order screens offer them. */
export const CARD_ACTION_ORDER: readonly CardActionKind[] = [
  'card.plastic-sent',
  'card.plastic-received',
  'card.plastic-delivered',
  'card.block',
  'card.unblock',
  'card.replacement',
  'card.pin',
  'card.holder-update',
  'card.cancel',
];

export function actionsFitting(state: CardRuleState, kinds: readonly CardActionKind[] = CARD_ACTION_ORDER): CardActionKind[] {
  return kinds.filter((kind) => cardActionRefusal(state, kind) === null);
}

/** Actions a company user may take on many selected cards at once (grid multi-select). */
export const MASS_CARD_ACTIONS: readonly CardRequestKind[] = ['card.block', 'card.unblock', 'card.plastic-received', 'card.pin'];

// ---- reassignment (master transfer: "block, unblock and reassign cards") ----------------------------

/**
 * Reassigning a nominative card: the holder of an ACTIVE or BLOCKED card left, and the card (with its
 * status, plastic and BALANCE, which stays on the card — sweep it back first with a debit transfer if
 * the company wants it) goes to another person. Online only, `transfers.execute`, password step-up.
 * The holder pointers of lot processing move with it (server/cards/card-reassign.service.ts).
 */
export const CARD_REASSIGN_REFUSALS = {
  CARD_NOT_FOUND: 'La tarjeta no existe en esta empresa.',
  CARD_OTHER_PRODUCT: 'La tarjeta es de otro producto.',
  CARD_CANCELLED: 'La tarjeta está cancelada: no se puede reasignar.',
  SAME_HOLDER: 'El nuevo titular es el titular actual de la tarjeta.',
  HOLDER_HAS_CARD: 'El nuevo titular ya tiene una tarjeta vigente de este producto.',
} as const;
export type CardReassignRefusal = keyof typeof CARD_REASSIGN_REFUSALS;

/** The key lot processing knows a person by (type + number, upper case): `V12345678`. */
export function holderKeyOf(holder: { idType: string; idNumber: string }): string {
  return `${holder.idType}${holder.idNumber}`.toUpperCase();
}

/**
 * null when `card` may go to `newHolder`; otherwise why not. `newHolderHasCard`: the new holder
 * already holds a non-cancelled card of the product (the server looks it up as lot processing does).
 */
export function cardReassignRefusal(
  card: { status: CardStatus; holder: { idType: string; idNumber: string } },
  newHolder: { idType: string; idNumber: string },
  newHolderHasCard: boolean,
): CardReassignRefusal | null {
  if (card.status === 'CANCELLED') return 'CARD_CANCELLED';
  if (holderKeyOf(card.holder) === holderKeyOf(newHolder)) return 'SAME_HOLDER';
  if (newHolderHasCard) return 'HOLDER_HAS_CARD';
  return null;
}
