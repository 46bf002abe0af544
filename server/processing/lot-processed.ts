import type { ServerContext } from '../context';

/**
 * Who wants to know that this process just finished a lot of a company (cards and ledger entries
 * written in bulk): the reports feature brings its reduction rollups up to date then, in the
 * background, rather than leaving it to the next report (server/reports/reports.feature.ts). The
 * processor does not know its listeners; a listener never holds the processor up.
 */
type Listener = (companyId: string) => void;
const listeners = new WeakMap<ServerContext, Set<Listener>>();

/** Registers a listener; answers the function that removes it (a feature's stop). */
export function onLotProcessed(ctx: ServerContext, listener: Listener): () => void {
  let set = listeners.get(ctx);
  if (!set) listeners.set(ctx, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

export function lotProcessed(ctx: ServerContext, companyId: string): void {
  for (const listener of listeners.get(ctx) ?? []) {
    try {
      listener(companyId);
    } catch (err) {
      ctx.log.warn({ err, companyId }, 'a processed-lot listener failed');
    }
  }
}
