import type { FeatureFactory } from '../features';
import { cardsRouter } from './cards.routes';
import { plasticsRouter } from './plastics.routes';

export const cardsFeature: FeatureFactory = (ctx) => ({
  routes: [
    { path: '/', router: cardsRouter(ctx) },
    { path: '/', router: plasticsRouter(ctx) },
  ],
});
