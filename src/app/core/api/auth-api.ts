import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import type { LoginAnswer, RefreshAnswer, SessionUser } from '../../../domain/session';
import { API_BASE } from '../config';

export interface LoginRequest {
  userId: string;
  password: string;
  deviceId?: string;
  deviceCode?: string;
}

export interface RecoverRequest {
  login: string;
  taxId: string;
  email: string;
}

/** Paths that never carry a bearer token and whose 401 must not trigger a refresh. */
export const AUTH_PUBLIC_PATHS = ['/auth/login', '/auth/refresh', '/auth/logout', '/auth/recover', '/auth/reset'].map(
  (path) => API_BASE + path,
);

@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);

  login(body: LoginRequest): Observable<LoginAnswer> {
    return this.http.post<LoginAnswer>(`${API_BASE}/auth/login`, body);
  }

  refresh(refreshToken: string): Observable<RefreshAnswer> {
    return this.http.post<RefreshAnswer>(`${API_BASE}/auth/refresh`, { refreshToken });
  }

  logout(refreshToken: string): Observable<void> {
    return this.http.post<void>(`${API_BASE}/auth/logout`, { refreshToken });
  }

  recover(body: RecoverRequest): Observable<unknown> {
    return this.http.post(`${API_BASE}/auth/recover`, body);
  }

  reset(token: string, newPassword: string): Observable<void> {
    return this.http.post<void>(`${API_BASE}/auth/reset`, { token, newPassword });
  }

  changePassword(currentPassword: string, newPassword: string): Observable<LoginAnswer> {
    return this.http.post<LoginAnswer>(`${API_BASE}/auth/password`, { currentPassword, newPassword });
  }

  me(): Observable<{ user: SessionUser }> {
    return this.http.get<{ user: SessionUser }>(`${API_BASE}/me`);
  }
}
