import { type EnvironmentProviders, Injectable, Injector, effect, inject, makeEnvironmentProviders, provideAppInitializer } from '@angular/core';
import { Store } from '@ngrx/store';
import { selectIsSignedIn, selectUser } from '../core/session/session.selectors';
import { LOCAL_DATA_CLEANUPS } from '../core/storage/local-data-wiper';
import type { OfflineEngine } from './offline-engine';

/**
 * Part of the initial bundle, so it imports nothing of RxDB: once a user is signed in it loads the
 * offline engine (a lazy chunk) and starts it; at sign-out it wipes the user's device databases.
 */
@Injectable({ providedIn: 'root' })
export class OfflineLauncher {
  private readonly store = inject(Store);
  private readonly injector = inject(Injector);
  private readonly signedIn = this.store.selectSignal(selectIsSignedIn);
  private readonly user = this.store.selectSignal(selectUser);
  private engine: Promise<OfflineEngine> | null = null;

  start(): void {
    effect(
      () => {
        if (this.signedIn()) void this.load();
      },
      { injector: this.injector },
    );
  }

  /** The engine, loading its chunk the first time. */
  load(): Promise<OfflineEngine> {
    this.engine ??= import('./offline-engine').then((m) => {
      const engine = this.injector.get(m.OfflineEngine);
      engine.start();
      return engine;
    });
    return this.engine;
  }

  /** LOCAL_DATA_CLEANUPS: runs at explicit sign-out, while the session still names the user. */
  async wipe(): Promise<void> {
    const user = this.user();
    if (!user) return;
    const companyIds = user.companies.map((company) => company.id);
    if (this.engine) {
      await (await this.engine).wipe(user.userId, companyIds);
    } else {
      const { wipeUserDatabases } = await import('./db/wipe');
      await wipeUserDatabases(user.userId, companyIds);
    }
  }
}

/** app.config.ts: start the device database after sign-in, wipe it at sign-out. */
export function provideOfflineData(): EnvironmentProviders {
  return makeEnvironmentProviders([
    provideAppInitializer(() => inject(OfflineLauncher).start()),
    {
      provide: LOCAL_DATA_CLEANUPS,
      multi: true,
      useFactory: () => {
        const launcher = inject(OfflineLauncher);
        return () => launcher.wipe();
      },
    },
  ]);
}
