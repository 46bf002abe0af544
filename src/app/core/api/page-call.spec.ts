import { HttpErrorResponse } from '@angular/common/http';
import { signal } from '@angular/core';
import { Subject, of, throwError } from 'rxjs';
import type { FailureText } from '../../lots/ui/failure-text';
import { pageCall } from './page-call';

describe('pageCall (a page’s server call: progress flag, failure text)', () => {
  it('raises the flag while the call runs, answers the result and clears an earlier failure', async () => {
    const state = { flag: signal(false), failure: signal<FailureText | null>({ key: 'error.unexpected', serverText: null }) };
    const answer = new Subject<number>();
    const running = pageCall(state, () => answer);
    expect(state.flag()).toBeTrue();
    answer.next(42);
    answer.complete();
    expect(await running).toBe(42);
    expect(state.flag()).toBeFalse();
    expect(state.failure()).toBeNull();
    expect(await pageCall(state, () => Promise.resolve('ok'))).toBe('ok');
    expect(await pageCall(state, () => of(null))).toBeNull();
  });

  it('turns a refusal into the server’s Spanish words, and a lost network into the offline text; answers undefined', async () => {
    const state = { flag: signal(false), failure: signal<FailureText | null>(null) };
    const refused = new HttpErrorResponse({ status: 409, error: { error: { code: 'CARD_CANCELLED', message: 'La tarjeta está cancelada.' } } });
    expect(await pageCall(state, () => throwError(() => refused))).toBeUndefined();
    expect(state.failure()).toEqual({ key: null, serverText: 'La tarjeta está cancelada.' });
    expect(state.flag()).toBeFalse();
    expect(await pageCall(state, () => Promise.reject(new HttpErrorResponse({ status: 0 })))).toBeUndefined();
    expect(state.failure()).toEqual({ key: 'error.offline', serverText: null });
  });
});
