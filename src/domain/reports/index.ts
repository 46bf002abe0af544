export * from './catalogue';
export * from './rows';
export * from './audit-actions';
export * from './report-file';
export * from './charts';
