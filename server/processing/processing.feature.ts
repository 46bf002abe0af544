import type { ServerContext } from '../context';
import type { FeatureFactory } from '../features';
import { LotProcessor } from './processor';

const processors = new WeakMap<ServerContext, LotProcessor>();

/** The processor of a running server (tests read its stats). */
export const processorOf = (ctx: ServerContext) => processors.get(ctx);

/** Starts the lot processor at boot; it resumes whatever a previous process left unfinished. */
export const processingFeature: FeatureFactory = (ctx) => {
  const processor = new LotProcessor(ctx);
  processors.set(ctx, processor);
  processor.start();
  return { stop: () => processor.stop() };
};
