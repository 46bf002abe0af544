import { HttpEventType } from '@angular/common/http';
import { Injectable, InjectionToken, inject } from '@angular/core';
import { type Observable, concat, exhaustMap, map, mergeMap, of, takeWhile, timer } from 'rxjs';
import type { LotSummary } from '../../../domain/lots/lot.model';
import { type LotUpload, LotsApi } from '../data/lots-api';

/** How often a VALIDATING lot is asked for (GET .../lots/{id}). */
export const LOT_POLL_MS = new InjectionToken<number>('LOT_POLL_MS', { providedIn: 'root', factory: () => 1000 });

/** One key per upload attempt the user makes (PRODUCT.md: an Idempotency-Key on every write). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export type UploadProgress =
  /** bytes going up; `fraction` null when the browser does not know the total */
  | { phase: 'sending'; fraction: number | null }
  /** the server answered 202 and validates in the background; `fraction` from lot.progress */
  | { phase: 'validating'; lot: LotSummary; fraction: number | null }
  | { phase: 'done'; lot: LotSummary };

export function serverValidationFraction(lot: LotSummary): number | null {
  const progress = lot.progress;
  if (!progress || !progress.fileBytes || progress.phase === 'queued') return null;
  if (progress.phase === 'done' || progress.phase === 'storing') return 1;
  return Math.min(1, progress.bytesRead / progress.fileBytes);
}

/**
 * Sends a lot file (multipart POST .../lots) reporting upload progress, then, when the server answers
 * 202 VALIDATING, polls the lot until it is VALID or INVALID. Emits UploadProgress; errors are the
 * HttpClient's (offline, 413, 403...).
 */
@Injectable({ providedIn: 'root' })
export class LotUploadService {
  private readonly api = inject(LotsApi);
  private readonly pollMs = inject(LOT_POLL_MS);

  upload(companyId: string, upload: LotUpload, idempotencyKey = newIdempotencyKey()): Observable<UploadProgress> {
    return this.api.upload(companyId, upload, idempotencyKey).pipe(
      mergeMap((event): Observable<UploadProgress> => {
        if (event.type === HttpEventType.UploadProgress) {
          return of({ phase: 'sending', fraction: event.total ? Math.min(1, event.loaded / event.total) : null });
        }
        if (event.type !== HttpEventType.Response || !event.body) return of();
        const lot = event.body;
        if (lot.status !== 'VALIDATING') return of({ phase: 'done', lot });
        return concat(of<UploadProgress>({ phase: 'validating', lot, fraction: serverValidationFraction(lot) }), this.poll(companyId, lot.id));
      }),
    );
  }

  /** Asks for the lot every LOT_POLL_MS until it leaves VALIDATING (that last answer included). */
  poll(companyId: string, lotId: string): Observable<UploadProgress> {
    return timer(this.pollMs, this.pollMs).pipe(
      exhaustMap(() => this.api.get(companyId, lotId)),
      takeWhile((lot) => lot.status === 'VALIDATING', true),
      map((lot): UploadProgress =>
        lot.status === 'VALIDATING' ? { phase: 'validating', lot, fraction: serverValidationFraction(lot) } : { phase: 'done', lot },
      ),
    );
  }
}
