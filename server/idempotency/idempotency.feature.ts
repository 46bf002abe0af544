import type { FeatureFactory } from '../features';
import { purgeExpired } from './idempotency.store';

const PURGE_EVERY_MS = 3600_000;

/**
 * The generic Idempotency-Key layer (idempotency.layer.ts, mounted by mountOperation) keeps each
 * key's record 24 h; this sweeps expired records at start and every hour so the database does not
 * grow without end. An expired record still present is treated as absent by the layer anyway.
 */
export const idempotencyFeature: FeatureFactory = (ctx) => {
  const sweep = async () => {
    try {
      let purged = 0;
      for (let n = -1; n !== 0; ) purged += n = await purgeExpired(ctx, ctx.now().toISOString());
      if (purged) ctx.log.info({ purged }, 'expired idempotency records purged');
    } catch (err) {
      ctx.log.error({ err }, 'idempotency purge failed');
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), PURGE_EVERY_MS);
  timer.unref();
  return { stop: async () => clearInterval(timer) };
};
