import type { ServerContext } from '../context';

/**
 * Nudges this process's lot processor (a payment just made lots PROCESSING) so it does not wait for
 * its next poll. Other instances find the work by polling.
 */
const wakers = new WeakMap<ServerContext, () => void>();

export function setProcessorWaker(ctx: ServerContext, wake: (() => void) | null): void {
  if (wake) wakers.set(ctx, wake);
  else wakers.delete(ctx);
}

export function wakeProcessor(ctx: ServerContext): void {
  wakers.get(ctx)?.();
}
