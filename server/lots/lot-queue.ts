import type { ServerContext } from '../context';
import * as accounts from '../accounts/accounts.store';
import * as store from './lots.store';
import { runLotValidation, ValidationStopped } from './lot-validation';

/**
 * Background validation of large lots (> 10,000 records), one at a time per process (2 cores: the
 * request path keeps the other). At start every lot left VALIDATING (a crash, a restart) is queued
 * again: validation is a pure function of the file, and its writes have deterministic ids.
 */
export class LotValidationQueue {
  private readonly pending: { companyId: string; lotId: string }[] = [];
  private readonly known = new Set<string>();
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(private readonly ctx: ServerContext) {}

  enqueue(companyId: string, lotId: string): void {
    const key = `${companyId}/${lotId}`;
    if (this.stopping || this.known.has(key)) return;
    this.known.add(key);
    this.pending.push({ companyId, lotId });
    if (!this.running) this.running = this.drain().finally(() => (this.running = null));
  }

  private async drain(): Promise<void> {
    for (let job = this.pending.shift(); job && !this.stopping; job = this.pending.shift()) {
      const started = performance.now();
      try {
        const outcome = await runLotValidation(this.ctx, job.companyId, job.lotId, { shouldStop: () => this.stopping });
        if (outcome) {
          this.ctx.log.info(
            { lotId: job.lotId, status: outcome.lot.status, records: outcome.lot.recordCount, ms: Math.round(performance.now() - started) },
            'lot validated',
          );
        }
      } catch (err) {
        if (err instanceof ValidationStopped) break;
        // left VALIDATING: retried at the next start
        this.ctx.log.error({ err, lotId: job.lotId }, 'lot validation failed');
      } finally {
        this.known.delete(`${job.companyId}/${job.lotId}`);
      }
    }
  }

  /** Queues every VALIDATING lot of every company (start-up). */
  async resumeAll(): Promise<number> {
    let count = 0;
    for (const company of await accounts.listCompanies(this.ctx)) {
      const lots = await store.listLots(this.ctx, company.id, { status: 'VALIDATING' });
      for (const lot of lots.sort((a, b) => a.uploadedAt.localeCompare(b.uploadedAt))) {
        this.enqueue(company.id, lot.id);
        count++;
      }
    }
    return count;
  }

  /** Stops after the current file piece; an unfinished lot stays VALIDATING for the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.pending.length = 0;
    if (this.running) await this.running;
  }

  /** Resolves when nothing is queued or running (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}

const queues = new WeakMap<ServerContext, LotValidationQueue>();
export function validationQueueOf(ctx: ServerContext): LotValidationQueue {
  let queue = queues.get(ctx);
  if (!queue) queues.set(ctx, (queue = new LotValidationQueue(ctx)));
  return queue;
}
