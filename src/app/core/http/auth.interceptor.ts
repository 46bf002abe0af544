import { HttpErrorResponse, type HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, switchMap, throwError } from 'rxjs';
import { AUTH_PUBLIC_PATHS } from '../api/auth-api';
import { API_BASE } from '../config';
import { TokenRefresher } from './token-refresher';

/** Adds the bearer token to API calls; on a 401 refreshes once (shared by concurrent calls) and retries. */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  if (!isApiPath(req.url) || AUTH_PUBLIC_PATHS.some((path) => pathOf(req.url) === path)) return next(req);
  const refresher = inject(TokenRefresher);
  const send = (token: string | null) => next(token ? withBearer(req, token) : req);

  const used = refresher.accessToken();
  // After a reload only the refresh token is known: get an access token before the first call.
  if (!used && refresher.refreshToken()) {
    return refresher.refresh().pipe(switchMap((token) => send(token)));
  }
  return send(used).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401 || !refresher.refreshToken()) {
        return throwError(() => error);
      }
      // Another call may already have refreshed while this one was in flight.
      const current = refresher.accessToken();
      if (current && current !== used) return send(current);
      return refresher.refresh().pipe(switchMap((token) => send(token)));
    }),
  );
};

function withBearer(req: HttpRequest<unknown>, token: string): HttpRequest<unknown> {
  return req.clone({ setHeaders: { Authorization: `Bearer ${token}` } });
}

function isApiPath(url: string): boolean {
  return pathOf(url).startsWith(API_BASE + '/');
}

function pathOf(url: string): string {
  const path = url.startsWith('/') ? url : new URL(url, location.origin).pathname;
  return path.split('?')[0];
}
