import { signedInSession } from '../../testing/fixtures';
import { STORAGE_KEYS } from '../config';
import { memoryStorage } from '../storage/local-store';
import { initialSessionState } from './session.reducer';
import { restoreSession, toPersistedSession } from './session.persistence';

describe('session persistence', () => {
  it('never persists the access token', () => {
    const persisted = toPersistedSession(signedInSession());
    expect(persisted).toEqual(jasmine.objectContaining({ refreshToken: 'refresh-1' }));
    expect(JSON.stringify(persisted)).not.toContain('access-1');
  });

  it('restores user and refresh token, without an access token', () => {
    const storage = memoryStorage({ [STORAGE_KEYS.session]: JSON.stringify(toPersistedSession(signedInSession())) });
    const state = restoreSession(storage);
    expect(state.user?.userId).toBe('carga');
    expect(state.refreshToken).toBe('refresh-1');
    expect(state.accessToken).toBeNull();
  });

  it('starts signed out when the saved session is missing or corrupt', () => {
    expect(restoreSession(memoryStorage())).toEqual(initialSessionState);
    expect(restoreSession(memoryStorage({ [STORAGE_KEYS.session]: '{not json' }))).toEqual(initialSessionState);
  });
});
