import type { CardActionKind } from '../../src/domain/cards';
import type { ReplacementReason } from '../../src/domain/requests';
import type { CardStatus, PlasticStatus } from '../../src/domain/statuses';

/**
 * A card as stored in co_<companyId>_cards under `card:<cardId>`. The card number is never stored
 * or shown in full: only the masked form, at most the first 6 and last 4 digits.
 */
export interface CardHolder {
  idType: 'V' | 'E' | 'P';
  idNumber: string;
  firstName: string;
  lastName: string;
  email?: string;
  phone?: string;
}

export interface CardDoc {
  _id: string;
  _rev?: string;
  type: 'card';
  cardId: string;
  companyId: string;
  productCode: string;
  holder: CardHolder;
  /** "627100******1234" */
  maskedPan: string;
  last4: string;
  status: CardStatus;
  plasticStatus: PlasticStatus;
  balanceCents: number;
  branchCode: string;
  issuedAt: string;
  deliveredAt: string | null;
  updatedAt: string;

  // ---- optional fields written by server/cards/card-actions.service.ts (chapter 5 actions) ----
  /** newest last, at most CARD_HISTORY_MAX entries; ids are deterministic (the effect's id) */
  history?: CardHistoryEntry[];
  /** ids of the effects (`req:<uuid>`, …) already applied to this card, newest last, bounded */
  appliedEffects?: string[];
  blockedAt?: string | null;
  cancelledAt?: string | null;
  /** the plastic's arrival at the company (RECEIVED_AT_COMPANY) */
  receivedAtCompanyAt?: string | null;
  /** the last delivery to the cardholder; the signature stays on the request document it came with */
  delivery?: CardDelivery | null;
  /** the open (or last) replacement; its new plastic's journey is `plasticStatus` */
  replacement?: CardReplacement | null;
  /** PIN requests; each creates a one-record REP lot (server/cards/pin-lot.ts) */
  pinRequests?: CardPinRequest[];
}

/**
 * Fields the server reads and writes that the device's RxDB card schema does not declare (projected
 * away on pull) — except `lotId` and `orderId`, which the device keeps since its card schema version 1
 * (offline search by lot and order): the card as the server stores it.
 */
export interface ServerCardFields {
  /** the operator recorded the plastic's dispatch from the bank (SENT_TO_COMPANY) */
  sentToCompanyAt?: string | null;
  /** set while a PIN request's REP lot is not yet created (finished when its request is resumed); absent otherwise */
  pinLotPending?: true;
  /** written by lot processing: where the card came from (search by lot and order) */
  lotId?: string;
  orderId?: string | null;
}

export type StoredCardDoc = CardDoc & ServerCardFields;

export const CARD_HISTORY_MAX = 100;
export const CARD_APPLIED_EFFECTS_MAX = 500;

export interface CardHistoryEntry {
  /** the effect's id, e.g. `req:<clientRequestId>` */
  id: string;
  at: string;
  /** a card action, or another feature's own name (e.g. a lot's issue or recharge) */
  action: CardActionKind | (string & {});
  by: string;
  origin: 'web' | 'offline-request' | 'api';
  /** what changed, e.g. { status: ['ACTIVE', 'BLOCKED'] } or { email: true } (no personal data) */
  details?: Record<string, unknown>;
}

export interface CardDelivery {
  deliveredAt: string;
  receivedBy: string;
  receivedByIdNumber?: string;
  /** the user who handed it over */
  deliveredBy: string;
  /** `req:<uuid>` whose payload holds the signature data URL, when one was captured */
  signatureRequestId?: string | null;
}

export interface CardReplacement {
  reason: ReplacementReason;
  branchCode: string;
  requestedAt: string;
  requestedBy: string;
  effectId: string;
}

export interface CardPinRequest {
  requestedAt: string;
  requestedBy: string;
  effectId: string;
  status: 'REQUESTED';
  /** the REP lot created for it, once created */
  lotId?: string | null;
}

export const cardDocId = (cardId: string) => `card:${cardId}`;

/** first 6 + 6 asterisks + last 4; refuses anything that is not exactly that shape. */
export function maskedPan(bin: string, last4: string): string {
  if (!/^[0-9]{6}$/.test(bin) || !/^[0-9]{4}$/.test(last4)) throw new Error('maskedPan: bin must be 6 digits, last4 4 digits');
  return `${bin}******${last4}`;
}
