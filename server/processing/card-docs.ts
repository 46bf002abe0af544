import type { CardHolder } from '../cards/cards.model';
import type { IssuedCardNumber } from './card-numbers';
import type { ProcessedCardDoc } from './processing.model';

/** What EMI processing knows of one accepted record when it writes the record's card. */
export interface IssuedCardInput {
  companyId: string;
  productCode: string;
  cardId: string;
  holder: CardHolder & { birthDate?: string };
  number: IssuedCardNumber;
  /** the initial load, already posted to the ledger as `appliedEntry` (none when 0) */
  amountCents: number;
  appliedEntry: string | null;
  branchCode: string;
  at: string;
  lotId: string;
  line: number;
  orderId: string | null;
  emboss: { line1: string | null; line2: string | null };
}

/**
 * The card document EMI processing writes for an accepted record: ACTIVE, plastic at the bank, the
 * initial load already in its cached balance. One builder, so that tools writing cards the way
 * processing does (bench/lib/seed-holders.mjs) write the same shape.
 */
export function issuedCardDoc(c: IssuedCardInput): ProcessedCardDoc {
  return {
    _id: `card:${c.cardId}`,
    type: 'card',
    cardId: c.cardId,
    companyId: c.companyId,
    productCode: c.productCode,
    holder: c.holder,
    maskedPan: c.number.maskedPan,
    last4: c.number.last4,
    panToken: c.number.panToken,
    status: 'ACTIVE',
    plasticStatus: 'AT_BANK',
    balanceCents: c.amountCents,
    appliedEntries: c.appliedEntry ? [c.appliedEntry] : [],
    branchCode: c.branchCode,
    issuedAt: c.at,
    deliveredAt: null,
    updatedAt: c.at,
    lotId: c.lotId,
    line: c.line,
    orderId: c.orderId,
    emboss: c.emboss,
  };
}
