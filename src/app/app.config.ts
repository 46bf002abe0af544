import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  type ApplicationConfig,
  inject,
  isDevMode,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
} from '@angular/core';
import { TitleStrategy, provideRouter, withComponentInputBinding } from '@angular/router';
import { provideServiceWorker } from '@angular/service-worker';
import { provideEffects } from '@ngrx/effects';
import { provideStore } from '@ngrx/store';
import { routes } from './app.routes';
import * as contextEffects from './core/context/context.effects';
import { authInterceptor } from './core/http/auth.interceptor';
import { connectivityInterceptor } from './core/http/connectivity.interceptor';
import { TranslatedTitleStrategy } from './core/i18n/translated-title.strategy';
import { InactivityService } from './core/inactivity/inactivity.service';
import { ConnectivityWatcher } from './core/network/connectivity-watcher';
import * as sessionEffects from './core/session/session.effects';
import { provideOfflineData } from './offline/offline-launcher';
import { restoreRootState, rootReducers } from './core/store/root-state';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(routes, withComponentInputBinding()),
    { provide: TitleStrategy, useExisting: TranslatedTitleStrategy },
    // XHR backend (not fetch): lot uploads need upload progress events.
    provideHttpClient(withInterceptors([connectivityInterceptor, authInterceptor])),
    provideStore(rootReducers, {
      initialState: () => restoreRootState(),
      runtimeChecks: {
        strictStateImmutability: true,
        strictActionImmutability: true,
        strictStateSerializability: true,
        strictActionSerializability: true,
      },
    }),
    provideEffects(sessionEffects, contextEffects),
    provideServiceWorker('ngsw-worker.js', {
      enabled: !isDevMode(),
      registrationStrategy: 'registerImmediately',
    }),
    // Device database (RxDB, lazy chunk) after sign-in; wiped at sign-out.
    provideOfflineData(),
    provideAppInitializer(() => {
      inject(ConnectivityWatcher).start();
      inject(InactivityService).watchSession();
    }),
  ],
};
