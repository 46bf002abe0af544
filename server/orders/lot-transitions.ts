import type { LotDoc, LotProcessingState } from '../../src/domain/lots/lot.model';
import type { LotStatus } from '../../src/domain/statuses';
import type { ServerContext } from '../context';
import { companyDb } from '../store/databases';
import { getOrNull, isNotFound, updateDoc, type Stored } from '../store/documents';

/**
 * The lot transitions service orders make (docs/lots-design.md state machine), each through
 * updateDoc and checked on the fresh copy:
 *   AUTHORIZED → ORDERED (generation) · ORDERED → AUTHORIZED (only to undo this same generation)
 *   ORDERED → CANCELLED (void) · ORDERED → PROCESSING (payment)
 */
export const lotsDb = (ctx: ServerContext, companyId: string) => ctx.store.use<LotDoc>(companyDb(companyId, 'lots'));

export const getLot = (ctx: ServerContext, companyId: string, lotId: string) => getOrNull(lotsDb(ctx, companyId), `lot:${lotId}`);

export const STATUS_LABEL: Record<LotStatus, string> = {
  VALIDATING: 'en validación',
  INVALID: 'inválido',
  VALID: 'válido',
  PENDING_AUTHORIZATION: 'pendiente de autorización',
  AUTHORIZED: 'autorizado',
  ORDERED: 'en orden de servicio',
  PROCESSING: 'en procesamiento',
  PROCESSED: 'procesado',
  DELETED: 'eliminado',
  CANCELLED: 'anulado',
};

export type MoveOutcome = { ok: true; lot: Stored<LotDoc> } | { ok: false; lot: Stored<LotDoc> | null };

/**
 * Moves a lot from `from` to `to` when `guard` holds on the fresh copy. A lot already moved by the
 * same cause (`already`) counts as done, so a resumed step is harmless.
 */
export async function moveLot(
  ctx: ServerContext,
  companyId: string,
  lotId: string,
  step: {
    from: LotStatus;
    to: LotStatus;
    by: string;
    action: string;
    guard?: (lot: Stored<LotDoc>) => boolean;
    already?: (lot: Stored<LotDoc>) => boolean;
    patch?: (lot: Stored<LotDoc>) => Partial<LotDoc>;
  },
): Promise<MoveOutcome> {
  let ok = false;
  try {
    const lot = await updateDoc(lotsDb(ctx, companyId), `lot:${lotId}`, (current) => {
      ok = false;
      if (step.already?.(current)) {
        ok = true;
        return null;
      }
      if (current.status !== step.from || (step.guard && !step.guard(current))) return null;
      ok = true;
      const at = ctx.now().toISOString();
      return {
        ...current,
        ...(step.patch?.(current) ?? {}),
        status: step.to,
        history: [...(current.history ?? []), { at, by: step.by, action: step.action, from: step.from, to: step.to }],
      };
    });
    return { ok, lot } as MoveOutcome;
  } catch (err) {
    if (isNotFound(err)) return { ok: false, lot: null };
    throw err;
  }
}

export function initialProcessing(): LotProcessingState {
  return { claimedBy: null, claimedAt: null, nextChunk: 0, done: 0, rejected: 0, startedAt: null, finishedAt: null };
}
