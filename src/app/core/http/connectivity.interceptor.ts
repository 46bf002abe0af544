import { HttpErrorResponse, HttpEventType, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Store } from '@ngrx/store';
import { tap } from 'rxjs';
import { isUnreachable } from '../api/api-failure';
import { API_BASE } from '../config';
import { StatusActions } from '../status/status.actions';
import { selectOnline } from '../status/status.reducer';

/**
 * Keeps the online indicator honest: navigator.onLine says "online" on a captive or dead network,
 * so an unreachable API marks the app offline and any answer from the server marks it online again.
 * API calls bypass the service worker: API data is never cached there (it will live in RxDB).
 */
export const connectivityInterceptor: HttpInterceptorFn = (req, next) => {
  if (!req.url.startsWith(API_BASE)) return next(req);
  const store = inject(Store);
  const online = store.selectSignal(selectOnline);
  return next(req.clone({ setHeaders: { 'ngsw-bypass': 'true' } })).pipe(
    tap({
      next: (event) => {
        if (event.type === HttpEventType.Response && !online()) store.dispatch(StatusActions.apiReachable());
      },
      error: (error: unknown) => {
        if (isUnreachable(error)) {
          if (online()) store.dispatch(StatusActions.apiUnreachable());
        } else if (error instanceof HttpErrorResponse && !online()) {
          store.dispatch(StatusActions.apiReachable());
        }
      },
    }),
  );
};
