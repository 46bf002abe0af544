import { BreakpointObserver } from '@angular/cdk/layout';
import { type Signal, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { map } from 'rxjs';

/** Phone width (390 px and the like): grids show the columns that matter first, messages wrap. */
export const NARROW = '(max-width: 599.98px)';

export function narrowScreen(): Signal<boolean> {
  return toSignal(inject(BreakpointObserver).observe(NARROW).pipe(map((state) => state.matches)), {
    initialValue: typeof matchMedia === 'function' && matchMedia(NARROW).matches,
  });
}
