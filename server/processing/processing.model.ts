import type { CardDoc, CardHolder } from '../cards/cards.model';
import type { CachedBalance } from '../ledger/ledger.model';

/** A card created or changed by lot processing: the CardDoc plus its origin and ledger cache keys. */
export type ProcessedCardDoc = CardDoc &
  CachedBalance & {
    holder: CardHolder & { birthDate?: string };
    panToken?: string;
    lotId?: string;
    line?: number;
    orderId?: string | null;
    emboss?: { line1: string | null; line2: string | null };
    /** REP: the card this one replaces / the card that replaced this one */
    replaces?: string;
    replacedBy?: string;
    replacedByLot?: { reason: string; balanceMovedCents: number; at: string };
    cancelReason?: string;
  };

/**
 * co_<cid>_holders / `person:<productCode>:<personKey>` → the person's current card of the product.
 * Written with every card: processing (EMI creates it with createOnce: one live card per person and
 * product even when two lots race; REP moves it to the new plastic), the demo seed, and the one-time
 * backfill at start for older stores. Server-only, never replicated. Cards without a pointer (written
 * straight into the store) are found through the cards view `processing/by_person`, except by EMI
 * validation.
 */
export interface PersonCardDoc {
  _id: string;
  _rev?: string;
  type: 'person-card';
  productCode: string;
  personKey: string;
  cardId: string;
  /**
   * The card pointed at is CANCELLED (final). Set after the card's own write by whatever cancels it
   * (the card action `card.cancel`, again on its replay), cleared when the pointer moves to a new
   * card. Lets lot validation answer "holds a live card?" from the pointer alone, one small read
   * per person; a crash between the card write and this flag leaves it unset until the replay or
   * the next processing that reads the card — processing always decides on the card itself.
   * Never set when a pointer is created, only by an update: holder-set.ts takes a pointer still at
   * its first revision as live without reading it.
   */
  cancelled?: boolean;
  updatedAt: string;
}

export const personCardDocId = (productCode: string, personKey: string) => `person:${productCode}:${personKey}`;

/** Spanish reasons of rejected records (shown in the lot detail). */
export const REJECT = {
  noCard: 'La persona no tiene una tarjeta vigente de este producto.',
  hasCard: 'La persona ya tiene una tarjeta vigente de este producto.',
  insufficient: 'Saldo insuficiente',
  cardCancelled: 'La tarjeta está cancelada.',
  noAmount: 'Registro sin monto.',
} as const;
