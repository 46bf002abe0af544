import { type Observable, firstValueFrom } from 'rxjs';
import { type ApiFailure, toApiFailure } from '../../core/api/api-failure';
import { type FailureText, actionFailureText, stopsBatch } from './failure-text';

export interface LotActionResult {
  lotId: string;
  outcome: 'done' | 'failed' | 'skipped';
  text: FailureText | null;
}

/**
 * Runs one call per lot, one after the other (the server checks the password on each call; running
 * them at once would turn one typo into several failed attempts towards the lockout).
 * - The first call failing for a reason that stops everything (wrong password, locked, offline) throws,
 *   so the step-up dialog stays open and says why.
 * - Later such failures mark the remaining lots `skipped` with that reason.
 * - Other failures (lot state changed, own lot...) are that lot's result; the batch goes on.
 */
export async function runPerLot(
  lotIds: readonly string[],
  call: (lotId: string) => Observable<unknown>,
): Promise<LotActionResult[]> {
  const results: LotActionResult[] = [];
  let stop: ApiFailure | null = null;
  for (const lotId of lotIds) {
    if (stop) {
      results.push({ lotId, outcome: 'skipped', text: actionFailureText(stop) });
      continue;
    }
    try {
      await firstValueFrom(call(lotId), { defaultValue: null });
      results.push({ lotId, outcome: 'done', text: null });
    } catch (error) {
      const failure = toApiFailure(error);
      if (stopsBatch(failure)) {
        if (results.length === 0) throw error;
        stop = failure;
        results.push({ lotId, outcome: 'failed', text: actionFailureText(failure) });
      } else {
        results.push({ lotId, outcome: 'failed', text: actionFailureText(failure) });
      }
    }
  }
  return results;
}
