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
}

export const cardDocId = (cardId: string) => `card:${cardId}`;

/** first 6 + 6 asterisks + last 4; refuses anything that is not exactly that shape. */
export function maskedPan(bin: string, last4: string): string {
  if (!/^[0-9]{6}$/.test(bin) || !/^[0-9]{4}$/.test(last4)) throw new Error('maskedPan: bin must be 6 digits, last4 4 digits');
  return `${bin}******${last4}`;
}
