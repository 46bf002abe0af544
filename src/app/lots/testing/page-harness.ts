import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideStore } from '@ngrx/store';
import type { Permission } from '../../../domain/permissions';
import { rootReducers } from '../../core/store/root-state';
import { demoUser, rootState, signedInSession } from '../../testing/fixtures';

/** TestBed for a lot/order page: signed in as `userId` with `permissions` on company c1, HTTP mocked. */
export function setUpPage(userId: string, permissions: Permission[], online = true, role: 'operator' | 'company' = 'company'): void {
  const base = demoUser();
  const user = demoUser({
    userId,
    name: userId,
    role,
    companies: [{ ...base.companies[0], permissions }, base.companies[1]],
  });
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      provideHttpClient(),
      provideHttpClientTesting(),
      provideStore(rootReducers, {
        initialState: rootState({
          session: signedInSession({ user }),
          context: { companyId: 'c1', productCode: 'ALIM' },
          status: { online, lastSyncAt: null, pendingCount: 0 },
        }),
      }),
    ],
  });
}

/** Lets pending promises and timers of the page run (sequential calls, dialogs). */
export async function settle(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** Waits until a request matching `url` (and method) is pending, then returns it. */
export async function nextRequest(url: string, method?: string): Promise<TestRequest> {
  const http = TestBed.inject(HttpTestingController);
  for (let i = 0; i < 50; i++) {
    const found = http.match((req) => req.urlWithParams.split('?')[0] === url && (!method || req.method === method));
    if (found.length > 1) throw new Error(`${found.length} requests to ${url}`);
    if (found.length === 1) return found[0];
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`no request to ${method ?? ''} ${url}`);
}

export function typeInto(selector: string, value: string): void {
  const input = document.querySelector<HTMLInputElement>(selector);
  if (!input) throw new Error(`no ${selector}`);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

export function click(selector: string): void {
  const element = document.querySelector<HTMLElement>(selector);
  if (!element) throw new Error(`no ${selector}`);
  element.click();
}

/** Waits for every pending GET of `url` (one per status, for instance) and answers each with `answer(req)`. */
export async function flushAll(url: string, count: number, answer: (req: TestRequest) => object): Promise<TestRequest[]> {
  const http = TestBed.inject(HttpTestingController);
  for (let i = 0; i < 50; i++) {
    const found = http.match((req) => req.urlWithParams.split('?')[0] === url && req.method === 'GET');
    if (found.length === count) {
      for (const req of found) req.flush(answer(req));
      return found;
    }
    if (found.length > count) throw new Error(`${found.length} requests to ${url}`);
    // not all there yet: put them back by answering later
    if (found.length) throw new Error(`only ${found.length} of ${count} requests to ${url} at once`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`no requests to ${url}`);
}
