import type { ServerContext } from '../context';
import type { FeatureFactory } from '../features';
import { warmHolderSets } from './holder-set';
import { LotProcessor } from './processor';

const processors = new WeakMap<ServerContext, LotProcessor>();

/** The processor of a running server (tests read its stats). */
export const processorOf = (ctx: ServerContext) => processors.get(ctx);

/**
 * Starts the lot processor at boot; it resumes whatever a previous process left unfinished. And
 * reads the biggest companies' holder sets in the background (holder-set.ts), so that the first
 * lot validation after a start does not pay for that read.
 */
export const processingFeature: FeatureFactory = (ctx) => {
  const processor = new LotProcessor(ctx, ctx.config.processingSweepSeconds * 1000);
  processors.set(ctx, processor);
  processor.start();
  const holders = warmHolderSets(ctx, { read: ctx.config.holderSetWarmup });
  return {
    // after the server listens: a big company's set (≈ 1.5 s at 1,000,000 holders) does not delay it
    listening: () => holders.start(),
    stop: async () => {
      await holders.stop();
      await processor.stop();
    },
  };
};
