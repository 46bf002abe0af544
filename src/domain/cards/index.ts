export * from './card-rules';
export * from './card-search';
export * from './card-reassign';
