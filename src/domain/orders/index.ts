export * from './order.model';
export * from './fees';
