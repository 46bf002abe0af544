import type { ServerContext } from '../context';
import type { FeatureFactory } from '../features';
import { RequestWorker } from './requests.worker';
import { setRequestWorkerWaker } from './wake';

const workers = new WeakMap<ServerContext, RequestWorker>();

/** This server's requests worker (tests stop it to run their own). */
export function requestWorkerOf(ctx: ServerContext): RequestWorker | undefined {
  return workers.get(ctx);
}

/** Starts the requests worker; it resumes every unfinished request at start (DESIGN.md 3). */
export const requestsFeature: FeatureFactory = (ctx) => {
  const worker = new RequestWorker(ctx);
  workers.set(ctx, worker);
  setRequestWorkerWaker(ctx, () => worker.wake());
  worker.start();
  return {
    stop: async () => {
      setRequestWorkerWaker(ctx, null);
      await worker.stop();
    },
  };
};
