import type { Config } from './config';
import type { Logger } from './logger';
import type { Store } from './store/store';

/**
 * What every feature is built from. `now` is the one clock of the server, so tests can move
 * time (token expiry, lockouts, limits per day) without sleeping.
 */
export interface ServerContext {
  config: Config;
  log: Logger;
  store: Store;
  now(): Date;
}
