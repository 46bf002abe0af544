import type { FeatureFactory } from '../features';
import { demoTable, seedIfEmpty } from './seed';

/** Seeds an empty store at start (SEED=demo by default) and prints the demo table. */
export const demoFeature: FeatureFactory = async (ctx) => {
  const { kind, seededNow } = await seedIfEmpty(ctx);
  if (seededNow) ctx.log.info({ seed: kind }, 'store seeded');
  if (kind === 'demo' && ctx.config.logLevel !== 'silent') process.stdout.write(demoTable(ctx) + '\n');
  return {};
};
