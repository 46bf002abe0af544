import { Injectable, inject } from '@angular/core';
import { Store } from '@ngrx/store';
import { Observable, catchError, finalize, map, shareReplay, tap, throwError } from 'rxjs';
import { AuthApi } from '../api/auth-api';
import { isUnreachable } from '../api/api-failure';
import { SessionActions } from '../session/session.actions';
import { selectAccessToken, selectRefreshToken } from '../session/session.selectors';

export class NoSessionError extends Error {
  constructor() {
    super('No refresh token');
  }
}

/**
 * Single-flight refresh: however many calls hit a 401 together, one refresh request is sent and they
 * all wait for it. The refresh token rotates, so two parallel refreshes would spend it twice and the
 * server would revoke the whole chain.
 */
@Injectable({ providedIn: 'root' })
export class TokenRefresher {
  private readonly api = inject(AuthApi);
  private readonly store = inject(Store);
  readonly accessToken = this.store.selectSignal(selectAccessToken);
  readonly refreshToken = this.store.selectSignal(selectRefreshToken);
  private inFlight: Observable<string> | null = null;

  refresh(): Observable<string> {
    if (this.inFlight) return this.inFlight;
    const token = this.refreshToken();
    if (!token) return throwError(() => new NoSessionError());
    this.inFlight = this.api.refresh(token).pipe(
      tap((answer) => this.store.dispatch(SessionActions.tokensRefreshed(answer))),
      map((answer) => answer.accessToken),
      catchError((error: unknown) => {
        // Offline is not a rejection: keep the session so the app keeps working from local data.
        if (!isUnreachable(error)) this.store.dispatch(SessionActions.refreshFailed());
        return throwError(() => error);
      }),
      finalize(() => (this.inFlight = null)),
      // No refCount: a cancelled caller must not abort a rotation the server has already done.
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.inFlight;
  }
}
