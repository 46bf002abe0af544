import { REQUEST_REJECTION_REASONS, type RequestRejectionCode } from '../../src/domain/requests';
import { recordAudit } from '../audit/audit.service';
import type { RequestMeta } from '../auth/auth.service';
import type { ServerContext } from '../context';
import { applyCardAction } from './card-actions.service';

export interface DispatchResult {
  cardId: string;
  result: 'applied' | 'rejected';
  code?: RequestRejectionCode;
  message?: string;
}

/**
 * The operator moves plastics from the bank to the company (PRODUCT.md "Who uses it": operator
 * "moves plastics from the bank to companies"): AT_BANK → SENT_TO_COMPANY, card by card through the
 * card-actions service (one MVCC write each). The effect id is `dispatch:<batchId>:<cardId>`, so a
 * retried batch (same batchId, the UI makes one per confirmation) changes nothing twice and answers
 * the same. Each card is audited.
 */
export async function dispatchPlastics(
  ctx: ServerContext,
  input: { companyId: string; batchId: string; cardIds: string[]; operatorId: string },
  meta: RequestMeta,
): Promise<DispatchResult[]> {
  const results: DispatchResult[] = [];
  for (const cardId of [...new Set(input.cardIds)]) {
    const outcome = await applyCardAction(ctx, {
      companyId: input.companyId,
      cardId,
      action: { kind: 'card.plastic-sent', payload: {} },
      effectId: `dispatch:${input.batchId}:${cardId}`,
      actor: { userId: input.operatorId },
      origin: meta.origin === 'api' ? 'api' : 'web',
    });
    const result: DispatchResult =
      outcome.result === 'applied'
        ? { cardId, result: 'applied' }
        : { cardId, result: 'rejected', code: outcome.code, message: REQUEST_REJECTION_REASONS[outcome.code] };
    results.push(result);
    if (outcome.result === 'applied' && outcome.replay) continue;
    await recordAudit(ctx, {
      userId: input.operatorId,
      companyId: input.companyId,
      action: 'card.plastic-sent',
      outcome: result.result === 'applied' ? 'ok' : 'refused',
      ...(result.code ? { reason: result.code } : {}),
      details: { cardId, batchId: input.batchId },
      ...meta,
    });
  }
  return results;
}
