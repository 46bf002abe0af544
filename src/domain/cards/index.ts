export * from './card-rules';
export * from './card-search';
