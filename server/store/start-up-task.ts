/**
 * Waits for `work` to settle, but no longer than `graceMs`: a shutdown must not hang on a long read
 * (a view build goes on inside the store whether we wait or not). Rejections are the work's own
 * business (it logs them); here they only mean "settled".
 */
export async function settledWithin(work: Promise<unknown> | null | undefined, graceMs = 5_000): Promise<void> {
  if (!work) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.then(() => undefined, () => undefined), new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
  clearTimeout(timer);
}

/** A read done once in the background after the server listens (a warm-up). */
export interface StartUpTask {
  start(): void;
  stop(): Promise<void>;
}

/**
 * `run` starts with `start` (once the server listens) and polls `stopped()` between its steps;
 * `stop` lets the step in flight finish (5 s at most), then waits for `drain` (snapshot writes in
 * flight: specs remove the store's files right after closing).
 */
export function startUpTask(run: (stopped: () => boolean) => Promise<void>, drain: () => Promise<unknown> = async () => undefined): StartUpTask {
  let stopped = false;
  let done: Promise<void> = Promise.resolve();
  return {
    start() {
      done = run(() => stopped);
    },
    async stop() {
      stopped = true;
      await settledWithin(done);
      await drain();
    },
  };
}
