import { createSelector } from '@ngrx/store';
import { sessionFeature } from './session.reducer';

export const {
  selectSessionState,
  selectUser,
  selectAccessToken,
  selectRefreshToken,
  selectMustChangePassword,
  selectLogin,
  selectSignOutReason,
} = sessionFeature;

/** Signed in means we can get an access token: the refresh token (and who it belongs to) is known. */
export const selectIsSignedIn = createSelector(
  selectUser,
  selectRefreshToken,
  (user, refreshToken) => !!user && !!refreshToken,
);

export const selectCompanies = createSelector(selectUser, (user) => user?.companies ?? []);

export const selectRole = createSelector(selectUser, (user) => user?.role ?? null);
