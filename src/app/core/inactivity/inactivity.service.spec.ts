import { TestBed } from '@angular/core/testing';
import { Store } from '@ngrx/store';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { rootState, signedInSession } from '../../testing/fixtures';
import { INACTIVITY_TIMEOUT_MS, STORAGE_KEYS } from '../config';
import { SessionActions } from '../session/session.actions';
import { BROWSER_STORAGE, memoryStorage } from '../storage/local-store';
import { InactivityService } from './inactivity.service';

describe('InactivityService', () => {
  const TIMEOUT = 15 * 60 * 1000;
  let storage: Storage;
  let dispatch: jasmine.Spy;

  beforeEach(() => {
    jasmine.clock().install();
    jasmine.clock().mockDate(new Date('2026-11-25T12:00:00Z'));
    storage = memoryStorage();
    TestBed.configureTestingModule({
      providers: [
        provideMockStore({ initialState: rootState({ session: signedInSession() }) }),
        { provide: BROWSER_STORAGE, useValue: storage },
        { provide: INACTIVITY_TIMEOUT_MS, useValue: TIMEOUT },
      ],
    });
    dispatch = spyOn(TestBed.inject(Store), 'dispatch');
  });

  afterEach(() => {
    TestBed.inject(InactivityService).stop();
    jasmine.clock().uninstall();
  });

  it('ends the session after the timeout without interaction', () => {
    TestBed.inject(InactivityService).start({ restored: false });
    jasmine.clock().tick(TIMEOUT - 1000);
    expect(dispatch).not.toHaveBeenCalled();
    jasmine.clock().tick(1000);
    expect(dispatch).toHaveBeenCalledOnceWith(SessionActions.inactivityTimeout());
  });

  it('user interaction postpones the timeout', () => {
    TestBed.inject(InactivityService).start({ restored: false });
    jasmine.clock().tick(TIMEOUT - 60_000);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    jasmine.clock().tick(60_000);
    expect(dispatch).not.toHaveBeenCalled();
    jasmine.clock().tick(TIMEOUT);
    expect(dispatch).toHaveBeenCalledOnceWith(SessionActions.inactivityTimeout());
  });

  it('counts activity seen by another tab (shared last-activity time)', () => {
    TestBed.inject(InactivityService).start({ restored: false });
    jasmine.clock().tick(TIMEOUT - 1000);
    storage.setItem(STORAGE_KEYS.lastActivity, JSON.stringify(Date.now()));
    jasmine.clock().tick(1000);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('a session restored after a long idle gap ends at once', () => {
    storage.setItem(STORAGE_KEYS.lastActivity, JSON.stringify(Date.now() - TIMEOUT - 1));
    TestBed.inject(InactivityService).start({ restored: true });
    expect(dispatch).toHaveBeenCalledOnceWith(SessionActions.inactivityTimeout());
  });

  it('a fresh sign-in starts a new count even if an old idle time is stored', () => {
    storage.setItem(STORAGE_KEYS.lastActivity, JSON.stringify(Date.now() - TIMEOUT - 1));
    TestBed.inject(InactivityService).start({ restored: false });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('watches only while signed in', () => {
    const store = TestBed.inject(MockStore);
    store.setState(rootState());
    TestBed.inject(InactivityService).watchSession();
    jasmine.clock().tick(TIMEOUT * 2);
    expect(dispatch).not.toHaveBeenCalled();
    store.setState(rootState({ session: signedInSession() }));
    jasmine.clock().tick(TIMEOUT);
    expect(dispatch).toHaveBeenCalledOnceWith(SessionActions.inactivityTimeout());
  });
});

describe('inactivity timeout setting', () => {
  it('defaults to 15 minutes (PRODUCT.md chapter 1)', () => {
    TestBed.configureTestingModule({});
    expect(TestBed.inject(INACTIVITY_TIMEOUT_MS)).toBe(15 * 60 * 1000);
  });
});
