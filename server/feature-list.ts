import type { ServerContext } from './context';
import type { Features, FeatureFactory } from './features';

/** The features of the server, in the order their start-up work must run. */
const FEATURES: FeatureFactory[] = [];

export async function buildFeatures(ctx: ServerContext): Promise<Features> {
  const built: Partial<Features>[] = [];
  for (const factory of FEATURES) built.push(await factory(ctx));
  return {
    routes: built.flatMap((f) => f.routes ?? []),
    stop: async () => {
      for (const f of built.reverse()) await f.stop?.();
    },
  };
}
