import { hasPermission } from '../permissions';
import { LOT_DELETABLE, type LotStatus } from '../statuses';

/**
 * What a user may do with a lot (PRODUCT.md chapter 3), the one rule behind the server's `can…` flags
 * and the device's judgement of a replicated lot. The server still enforces each action itself
 * (lots.service.ts); these flags decide what is offered.
 *  - confirm: the uploader, with lots.upload, while VALID;
 *  - sign: lots.sign, not the uploader, not signed yet, signatures still missing;
 *  - withdraw one's signature: lots.sign (the route requires it) and signed, while pending;
 *  - authorize: lots.authorize, every signature in, neither the uploader nor a signer;
 *  - delete: until authorized, with lots.delete — or the uploader while VALID or INVALID.
 */
export interface LotActionFacts {
  status: LotStatus;
  uploadedBy: string;
  signatures: ReadonlyArray<{ userId: string }>;
  signaturesRequired: number;
}

export interface LotActions {
  canConfirm: boolean;
  canSign: boolean;
  canWithdrawSignature: boolean;
  canAuthorize: boolean;
  canDelete: boolean;
}

export function lotActions(lot: LotActionFacts, userId: string, permissions: readonly string[]): LotActions {
  const may = (p: Parameters<typeof hasPermission>[1]) => hasPermission(permissions, p);
  const pending = lot.status === 'PENDING_AUTHORIZATION';
  const signed = lot.signatures.some((s) => s.userId === userId);
  const uploader = lot.uploadedBy === userId;
  return {
    canConfirm: lot.status === 'VALID' && uploader && may('lots.upload'),
    canSign: pending && may('lots.sign') && !uploader && !signed && lot.signatures.length < lot.signaturesRequired,
    canWithdrawSignature: pending && signed && may('lots.sign'),
    canAuthorize: pending && may('lots.authorize') && !uploader && !signed && lot.signatures.length >= lot.signaturesRequired,
    canDelete: LOT_DELETABLE.includes(lot.status) && (may('lots.delete') || (uploader && (lot.status === 'VALID' || lot.status === 'INVALID'))),
  };
}
