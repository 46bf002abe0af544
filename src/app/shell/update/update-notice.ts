import { DestroyRef, Injectable, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatSnackBar } from '@angular/material/snack-bar';
import { SwUpdate } from '@angular/service-worker';
import { filter } from 'rxjs';
import { Translator } from '../../core/i18n/translator';

/**
 * Tells the user when the service worker has a new version ready. Reloading is the user's choice:
 * a half-filled form must not vanish; the new version also starts on its own at the next launch.
 */
@Injectable({ providedIn: 'root' })
export class UpdateNotice {
  private readonly updates = inject(SwUpdate);
  private readonly snackBar = inject(MatSnackBar);
  private readonly translator = inject(Translator);
  private readonly destroyRef = inject(DestroyRef);
  private started = false;

  start(): void {
    if (this.started || !this.updates.isEnabled) return;
    this.started = true;
    this.updates.versionUpdates
      .pipe(
        filter((event) => event.type === 'VERSION_READY'),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe(() => {
        this.snackBar
          .open(this.translator.t('update.ready'), this.translator.t('update.reload'))
          .onAction()
          .subscribe(() => document.location.reload());
      });
    // The cached version is broken beyond repair (e.g. files evicted): only a reload recovers.
    this.updates.unrecoverable.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => document.location.reload());
  }
}
