import type { ServerContext } from '../context';

/**
 * Wakes this process's lot processor for a company whose lots just became PROCESSING (settleLots,
 * after a payment), so they are processed at once and only that company is looked at. Without a
 * company: a sweep of every company now. Other instances, and work a crash interrupted, are found
 * by the processor's sweeps (at start and every PROCESSING_SWEEP_SECONDS).
 */
const wakers = new WeakMap<ServerContext, (companyId?: string) => void>();

export function setProcessorWaker(ctx: ServerContext, wake: ((companyId?: string) => void) | null): void {
  if (wake) wakers.set(ctx, wake);
  else wakers.delete(ctx);
}

export function wakeProcessor(ctx: ServerContext, companyId?: string): void {
  wakers.get(ctx)?.(companyId);
}
