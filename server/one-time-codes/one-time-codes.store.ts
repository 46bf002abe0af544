import type { OneTimeCodePurpose } from '../../src/domain/orders/order.model';
import type { CodeDoc } from './codes.store';

/**
 * ce_tokens / `otp:<userId>:<companyId>:<purpose>` — the one pending step-up code of a user for a
 * purpose in a company, stored, checked and spent by codes.ts. A new request replaces the old code.
 */
export interface OneTimeCodeDoc extends CodeDoc {
  type: 'one-time-code';
  userId: string;
  companyId: string;
  purpose: OneTimeCodePurpose;
}

export const oneTimeCodeDocId = (userId: string, companyId: string, purpose: OneTimeCodePurpose) =>
  `otp:${userId}:${companyId}:${purpose}`;
