import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { Actions, createEffect, ofType } from '@ngrx/effects';
import { tap } from 'rxjs';
import { STORAGE_KEYS } from '../config';
import { LocalStore } from '../storage/local-store';
import { ContextActions } from './context.actions';

export const persistSelection = createEffect(
  (actions = inject(Actions), store = inject(LocalStore)) =>
    actions.pipe(
      ofType(ContextActions.selected),
      tap(({ companyId, productCode }) => store.write(STORAGE_KEYS.selection, { companyId, productCode })),
    ),
  { functional: true, dispatch: false },
);

/** Re-run the route guards: the new company may not grant the permission the current page needs. */
export const recheckRouteAfterSwitch = createEffect(
  (actions = inject(Actions), router = inject(Router)) =>
    actions.pipe(
      ofType(ContextActions.selected),
      tap(() => void router.navigateByUrl(router.url, { onSameUrlNavigation: 'reload' })),
    ),
  { functional: true, dispatch: false },
);
