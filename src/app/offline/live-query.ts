import { type Signal, inject } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { type Observable, map, of, switchMap } from 'rxjs';
import type { DeviceDatabase } from './db/device-database';
import type { LocalBranch, LocalCard, LocalLot, LocalRequest } from './db/doc-types';
import { OfflineEngine } from './offline-engine';

/**
 * A signal of an RxDB query on the open device database; `initial` while no database is open.
 * Call in an injection context (component field initializer).
 */
export function liveQuery<T>(build: (db: DeviceDatabase, engine: OfflineEngine) => Observable<T>, initial: T): Signal<T> {
  const engine = inject(OfflineEngine);
  engine.start();
  return toSignal(toObservable(engine.database).pipe(switchMap((db) => (db ? build(db, engine) : of(initial)))), {
    initialValue: initial,
  });
}

export const allCards = (db: DeviceDatabase): Observable<LocalCard[]> =>
  db.cards.find().$.pipe(map((docs) => docs.map((doc) => doc.toJSON() as LocalCard)));

export const oneCard = (db: DeviceDatabase, docId: string): Observable<LocalCard | null> =>
  db.cards.findOne(docId).$.pipe(map((doc) => (doc ? (doc.toJSON() as LocalCard) : null)));

export const allBranches = (db: DeviceDatabase): Observable<LocalBranch[]> =>
  db.branches.find({ selector: {}, sort: [{ code: 'asc' }] }).$.pipe(map((docs) => docs.map((doc) => doc.toJSON() as LocalBranch)));

/** The signed-in user's requests, newest first (optionally of one card). */
export const myRequests = (db: DeviceDatabase, engine: OfflineEngine, cardId?: string): Observable<LocalRequest[]> => {
  const userId = engine.context()?.userId ?? '';
  return db.requests
    .find({ selector: cardId ? { userId, cardId } : { userId } })
    .$.pipe(
      map((docs) =>
        docs.map((doc) => doc.toMutableJSON() as LocalRequest).sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0)),
      ),
    );
};

/** Lot summaries waiting for signatures or authorization (PENDING_AUTHORIZATION), newest first. */
export const lotsAwaitingAuthorization = (db: DeviceDatabase): Observable<LocalLot[]> =>
  db.lots
    .find({ selector: { status: 'PENDING_AUTHORIZATION' }, sort: [{ uploadedAt: 'desc' }] })
    .$.pipe(map((docs) => docs.map((doc) => doc.toMutableJSON() as LocalLot)));
