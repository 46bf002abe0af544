/** Lot files: the one layout definition and the one validator, for browser and server alike. */
export * from './layouts';
export * from './errors';
export * from './decode';
export * from './validator';
export * from './source';
export { ageOn, parseDate } from './field-checks';
export { packRecords, recordsOfChunk } from './record-rows';
