import { Injectable, InjectionToken, inject } from '@angular/core';
import { Observable } from 'rxjs';
import type { ClientLotContext, ValidationMessage, ValidationRequest } from './lot-validation.protocol';

/** Creates the validation worker; null where the browser has none (the check then runs in the page). */
export const LOT_VALIDATION_WORKER = new InjectionToken<() => Worker | null>('LOT_VALIDATION_WORKER', {
  providedIn: 'root',
  factory: () => () =>
    typeof Worker === 'undefined'
      ? null
      : new Worker(new URL('./lot-validation.worker', import.meta.url), { type: 'module', name: 'lot-validation' }),
});

/**
 * Checks a lot file on the device with the shared validator, in a Web Worker. The observable emits
 * progress messages and one `done` (or `failed`) message, then completes; unsubscribing stops the
 * worker (another file chosen, page left).
 */
@Injectable({ providedIn: 'root' })
export class LotValidationService {
  private readonly createWorker = inject(LOT_VALIDATION_WORKER);

  validate(file: Blob, context: ClientLotContext, maxErrorsKept?: number): Observable<ValidationMessage> {
    const request: ValidationRequest = { file, context: { ...context, productCodes: [...context.productCodes] }, maxErrorsKept };
    return new Observable<ValidationMessage>((subscriber) => {
      const worker = this.createWorker();
      if (!worker) {
        let stopped = false;
        void import('./run-validation').then(({ runLotValidation }) =>
          runLotValidation(request, (message) => {
            if (!stopped) deliver(message);
          }),
        );
        return () => (stopped = true);
      }
      function deliver(message: ValidationMessage): void {
        subscriber.next(message);
        if (message.kind !== 'progress') subscriber.complete();
      }
      worker.onmessage = (event: MessageEvent<ValidationMessage>) => deliver(event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        deliver({ kind: 'failed', message: event.message || 'worker error' });
      };
      worker.postMessage(request);
      return () => worker.terminate();
    });
  }
}
