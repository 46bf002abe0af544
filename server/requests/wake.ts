import type { ServerContext } from '../context';

/** Nudges this process's requests worker after a push; other instances notice through the queue's feed. */
const wakers = new WeakMap<ServerContext, () => void>();

export function setRequestWorkerWaker(ctx: ServerContext, wake: (() => void) | null): void {
  if (wake) wakers.set(ctx, wake);
  else wakers.delete(ctx);
}

export function wakeRequestWorker(ctx: ServerContext): void {
  wakers.get(ctx)?.();
}
