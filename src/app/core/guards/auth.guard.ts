import { inject } from '@angular/core';
import { type CanMatchFn, Router } from '@angular/router';
import { Store } from '@ngrx/store';
import { selectIsSignedIn, selectMustChangePassword } from '../session/session.selectors';

/** Only signed-in users get past; the others go to the sign-in page. */
export const authGuard: CanMatchFn = () => {
  const signedIn = inject(Store).selectSignal(selectIsSignedIn)();
  return signedIn || inject(Router).parseUrl('/ingresar');
};

/** A forced password change blocks everything else until it is done. */
export const passwordChangedGuard: CanMatchFn = () => {
  const mustChange = inject(Store).selectSignal(selectMustChangePassword)();
  return !mustChange || inject(Router).parseUrl('/cambiar-clave');
};

/** The sign-in page is for signed-out users only. */
export const guestGuard: CanMatchFn = () => {
  const signedIn = inject(Store).selectSignal(selectIsSignedIn)();
  return !signedIn || inject(Router).parseUrl('/');
};
