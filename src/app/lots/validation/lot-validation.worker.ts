/**
 * Web Worker: validates a lot file off the page's thread, so the UI never freezes (100 MB files,
 * 1,000,000 lines) and works offline (no network involved). Bundled by the Angular builder through
 * `new Worker(new URL('./lot-validation.worker', import.meta.url))` (angular.json webWorkerTsConfig).
 */
import type { ValidationMessage, ValidationRequest } from './lot-validation.protocol';
import { runLotValidation } from './run-validation';

// Typed loosely on purpose: this file is compiled with the webworker lib (tsconfig.worker.json) and,
// for the specs' type check, with the DOM lib; this shape fits both.
const scope = self as unknown as {
  postMessage(message: ValidationMessage): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ValidationRequest>) => void): void;
};

scope.addEventListener('message', (event) => {
  void runLotValidation(event.data, (message) => scope.postMessage(message));
});
