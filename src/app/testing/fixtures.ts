import type { LoginAnswer, SessionUser } from '../../domain/session';
import { initialContextState } from '../core/context/context.reducer';
import { initialSessionState, type SessionState } from '../core/session/session.reducer';
import { initialStatusState } from '../core/status/status.reducer';
import type { RootState } from '../core/store/root-state';

/** Test data shaped like the demo (API.md "Demo data"). */
export function demoUser(overrides: Partial<SessionUser> = {}): SessionUser {
  return {
    userId: 'carga',
    name: 'Carga Demo',
    email: 'carga@demo.test',
    role: 'company',
    companies: [
      {
        id: 'c1',
        taxId: 'J000000001',
        name: 'Alimentos Demo C.A.',
        products: [
          { code: 'ALIM', name: 'Alimentación', kind: 'meal' },
          { code: 'REGA', name: 'Regalo', kind: 'gift' },
        ],
        permissions: ['lots.upload', 'cards.view', 'reports.view'],
      },
      {
        id: 'c2',
        taxId: 'J000000002',
        name: 'Servicios Dos C.A.',
        products: [{ code: 'NOMI', name: 'Nómina', kind: 'payroll' }],
        permissions: ['users.manage', 'transfers.execute'],
      },
    ],
    ...overrides,
  };
}

export function loginAnswer(overrides: Partial<LoginAnswer> = {}): LoginAnswer {
  return {
    accessToken: 'access-1',
    refreshToken: 'refresh-1',
    mustChangePassword: false,
    user: demoUser(),
    ...overrides,
  };
}

export function signedInSession(overrides: Partial<SessionState> = {}): SessionState {
  return {
    ...initialSessionState,
    user: demoUser(),
    accessToken: 'access-1',
    refreshToken: 'refresh-1',
    ...overrides,
  };
}

export function rootState(overrides: Partial<RootState> = {}): RootState {
  return {
    session: initialSessionState,
    context: initialContextState,
    status: initialStatusState,
    ...overrides,
  };
}
