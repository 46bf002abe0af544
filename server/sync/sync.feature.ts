import type { FeatureFactory } from '../features';
import { syncRouter } from './sync.routes';

export const syncFeature: FeatureFactory = (ctx) => ({ routes: [{ path: '/', router: syncRouter(ctx) }] });
