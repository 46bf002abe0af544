import type { SessionUser } from '../../../domain/session';
import { STORAGE_KEYS } from '../config';
import { readJson } from '../storage/local-store';
import { initialSessionState, type SessionState } from './session.reducer';

/** What survives a reload. The access token is deliberately not here: it lives in memory only. */
export interface PersistedSession {
  refreshToken: string;
  user: SessionUser;
  mustChangePassword: boolean;
}

export function toPersistedSession(state: SessionState): PersistedSession | null {
  if (!state.user || !state.refreshToken) return null;
  return { refreshToken: state.refreshToken, user: state.user, mustChangePassword: state.mustChangePassword };
}

export function restoreSession(storage: Storage): SessionState {
  const saved = readJson<PersistedSession>(storage, STORAGE_KEYS.session);
  if (!saved?.refreshToken || !saved.user || !Array.isArray(saved.user.companies)) return initialSessionState;
  return {
    ...initialSessionState,
    user: saved.user,
    refreshToken: saved.refreshToken,
    mustChangePassword: !!saved.mustChangePassword,
  };
}
