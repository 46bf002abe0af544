export * from './request.model';
