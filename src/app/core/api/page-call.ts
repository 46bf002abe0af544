import type { WritableSignal } from '@angular/core';
import { type Observable, firstValueFrom, isObservable } from 'rxjs';
import { type FailureText, actionFailureText } from '../../lots/ui/failure-text';
import { toApiFailure } from './api-failure';

/** What a page (or a dialog) shows around its server calls: a progress flag and the last failure (Spanish). */
export interface PageCallState {
  /** `loading` or `busy`: true while the call runs (a page that shows no progress for it passes none) */
  flag?: WritableSignal<boolean>;
  failure: WritableSignal<FailureText | null>;
}

/**
 * One server call of a page, with the handling every page repeated: the flag on while it runs, the
 * failure cleared when it succeeds, an error turned into the text to show (never thrown to the
 * template). Answers the result, or `undefined` when it failed.
 */
export async function pageCall<T>(state: PageCallState, work: () => Observable<T> | Promise<T>): Promise<T | undefined> {
  state.flag?.set(true);
  try {
    const pending = work();
    const result = isObservable(pending) ? await firstValueFrom(pending) : await pending;
    state.failure.set(null);
    return result;
  } catch (error) {
    state.failure.set(actionFailureText(toApiFailure(error)));
    return undefined;
  } finally {
    state.flag?.set(false);
  }
}
