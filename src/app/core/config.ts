import { InjectionToken } from '@angular/core';

/** Every API path lives under this prefix (API.md). Same origin as the PWA. */
export const API_BASE = '/api/v1';

/** PRODUCT.md chapter 1: the session ends after this long without user interaction. */
export const DEFAULT_INACTIVITY_TIMEOUT_MS = 15 * 60 * 1000;

export const INACTIVITY_TIMEOUT_MS = new InjectionToken<number>('INACTIVITY_TIMEOUT_MS', {
  providedIn: 'root',
  factory: () => DEFAULT_INACTIVITY_TIMEOUT_MS,
});

/** All localStorage keys of the app start with this prefix, so sign-out can wipe exactly ours. */
export const STORAGE_PREFIX = 'ce.';

export const STORAGE_KEYS = {
  session: `${STORAGE_PREFIX}session`,
  selection: `${STORAGE_PREFIX}selection`,
  deviceId: `${STORAGE_PREFIX}deviceId`,
  lastActivity: `${STORAGE_PREFIX}lastActivity`,
} as const;
