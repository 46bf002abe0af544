import type { FeatureFactory } from '../features';
import { cardsRouter } from './cards.routes';

export const cardsFeature: FeatureFactory = (ctx) => ({ routes: [{ path: '/', router: cardsRouter(ctx) }] });
