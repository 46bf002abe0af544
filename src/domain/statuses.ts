/** Lot life cycle (PRODUCT.md chapter 3). */
export const LOT_STATUSES = [
  'VALIDATING',
  'INVALID',
  'VALID',
  'PENDING_AUTHORIZATION',
  'AUTHORIZED',
  'ORDERED',
  'PROCESSING',
  'PROCESSED',
  'DELETED',
  'CANCELLED',
] as const;
export type LotStatus = (typeof LOT_STATUSES)[number];

/** Lot statuses from which a lot may still be deleted (until it is authorized). */
export const LOT_DELETABLE: readonly LotStatus[] = ['INVALID', 'VALID', 'PENDING_AUTHORIZATION'];

export const LOT_TYPES = ['EMI', 'REC', 'CAR', 'REP', 'SUC'] as const;
export type LotType = (typeof LOT_TYPES)[number];

/** Service order statuses (PRODUCT.md chapter 4). */
export const ORDER_STATUSES = ['PENDING_PAYMENT', 'PAID', 'VOIDED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Card status (the account) and plastic status (the physical card's journey), PRODUCT.md chapter 5. */
export const CARD_STATUSES = ['ACTIVE', 'BLOCKED', 'CANCELLED'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

export const PLASTIC_STATUSES = ['AT_BANK', 'SENT_TO_COMPANY', 'RECEIVED_AT_COMPANY', 'DELIVERED'] as const;
export type PlasticStatus = (typeof PLASTIC_STATUSES)[number];

/** On or off: a company, a product, a funding account (the operator switches them; PRODUCT.md chapter 1). */
export const ACTIVE_STATUSES = ['active', 'inactive'] as const;
export type ActiveStatus = (typeof ACTIVE_STATUSES)[number];

/** A user's account: a blocked user cannot sign in (PRODUCT.md chapter 1). */
export const USER_STATUSES = ['active', 'blocked'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** Offline requests pushed by devices; the server writes the outcome. */
export const REQUEST_STATUSES = ['PENDING', 'APPLIED', 'REJECTED'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
