/**
 * The fetch RxDB's CouchDB replication uses: it adds the signed-in user's bearer token and, on a 401,
 * gets a new access token through the same single-flight refresh the HTTP interceptor uses
 * (TokenRefresher), then retries once.
 */
export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

export interface TokenSource {
  /** The access token in memory (null after a reload until the first refresh). */
  current(): string | null;
  /** Rotates the refresh token; rejects when the server refuses it or cannot be reached. */
  refresh(): Promise<string>;
}

/**
 * What the server refused, and what the device does about it:
 *  - `expired`: 401 the device cannot cure now (no refresh token, the refreshed token refused too, the
 *    refresh failed for another reason than a 401). Local data is kept; sign in again.
 *  - `revoked`: 401, and the refresh itself answered 401 — the session was revoked or the user blocked.
 *    The company's device database is wiped (docs/architecture.md "Revocation").
 *  - `company-revoked`: 404 `COMPANY_NOT_FOUND` — the user is no longer a member: wipe the database.
 *  - `kind-revoked`: 403 `SYNC_FORBIDDEN` — the kind's permission was removed: wipe that collection.
 *  - `forbidden`: any other 403 (e.g. a write to a pull-only kind): stop that kind, wipe nothing.
 * A network failure or an unreachable server is never one of these: nothing is ever wiped for it.
 */
export type SyncAuthProblem = 'expired' | 'revoked' | 'company-revoked' | 'kind-revoked' | 'forbidden';

/** The server's codes that mean access was taken away (server/sync/sync-access.ts). */
export const COMPANY_GONE_CODE = 'COMPANY_NOT_FOUND';
export const KIND_FORBIDDEN_CODE = 'SYNC_FORBIDDEN';

/** Raised when the server keeps answering 401 (session over), 403 or 404 (no access to that database). */
export class SyncAuthError extends Error {
  constructor(
    readonly problem: SyncAuthProblem,
    readonly url: string,
  ) {
    super(`sync ${problem}: ${url}`);
    this.name = 'SyncAuthError';
  }
}

export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
  ) {
    super(`sync HTTP ${status}: ${url}`);
    this.name = 'SyncHttpError';
  }
}

export interface AuthorizedFetchOptions {
  tokens: TokenSource;
  fetch?: FetchLike;
  onAuthProblem?: (problem: SyncAuthProblem, url: string) => void;
}

export function authorizedFetch({ tokens, fetch: base = defaultFetch, onAuthProblem }: AuthorizedFetchOptions): FetchLike {
  return async (url, init) => {
    let used = tokens.current() ?? (await tokens.refresh().catch((error: unknown) => refreshFailed(error, url)));
    let response = await base(url, withBearer(init, used));
    if (response.status === 401) {
      // Another caller may have refreshed meanwhile: use its token rather than rotating again.
      const current = tokens.current();
      used = current && current !== used ? current : await tokens.refresh().catch((error: unknown) => refreshFailed(error, url));
      response = await base(url, withBearer(init, used));
    }
    const problem = await problemOf(response);
    if (problem) {
      onAuthProblem?.(problem, url);
      throw new SyncAuthError(problem, url);
    }
    if (!response.ok) throw new SyncHttpError(response.status, url);
    return response;
  };

  function refreshFailed(error: unknown, url: string): never {
    // Unreachable (offline): a plain network failure, RxDB retries later. Refused with 401: the
    // session was revoked (or the user blocked). Anything else: the session is over for now.
    if (isUnreachable(error)) throw error;
    const problem: SyncAuthProblem = statusOf(error) === 401 ? 'revoked' : 'expired';
    onAuthProblem?.(problem, url);
    throw new SyncAuthError(problem, url);
  }
}

/** The access problem an answer states, or null (then it is a plain answer or a plain HTTP error). */
async function problemOf(response: Response): Promise<SyncAuthProblem | null> {
  if (response.status === 401) return 'expired';
  if (response.status !== 403 && response.status !== 404) return null;
  const code = await errorCode(response);
  if (response.status === 403) return code === KIND_FORBIDDEN_CODE ? 'kind-revoked' : 'forbidden';
  // Only the server's own "company not found" means membership lost: a 404 from anything else (an old
  // server without `_events`, a proxy) must never wipe the device.
  return code === COMPANY_GONE_CODE ? 'company-revoked' : null;
}

async function errorCode(response: Response): Promise<string | null> {
  try {
    const body = (await response.clone().json()) as { error?: { code?: unknown } } | null;
    return typeof body?.error?.code === 'string' ? body.error.code : null;
  } catch {
    return null;
  }
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** fetch() rejects with a TypeError when the network fails (no answer at all). */
export function isNetworkFailure(error: unknown): boolean {
  return error instanceof TypeError;
}

function isUnreachable(error: unknown): boolean {
  if (isNetworkFailure(error)) return true;
  const status = (error as { status?: unknown } | null)?.status;
  return status === 0;
}

function withBearer(init: RequestInit | undefined, token: string): RequestInit {
  const headers = new Headers(init?.headers);
  headers.set('Authorization', `Bearer ${token}`);
  // The service worker must not answer sync calls from its cache.
  headers.set('ngsw-bypass', 'true');
  return { ...init, headers, cache: 'no-store' };
}

const defaultFetch: FetchLike = (url, init) => fetch(url, init);

/** Thrown into RxDB's own long-poll loop when its replication stops (see replicationFetch). */
export class ReplicationStoppedError extends Error {
  constructor() {
    super('replication stopped');
    this.name = 'ReplicationStoppedError';
  }
}

/**
 * The fetch of ONE collection's replication.
 *  - RxDB's CouchDB plugin keeps a `_changes?feed=longpoll` request open per live collection; six of
 *    them would take every connection the browser allows per host. Those requests are parked here
 *    (never sent): the device holds one `_events` long-poll instead and calls `reSync()` on the
 *    collections that changed. Parked requests are released (rejected) when the replication stops.
 *  - The plugin drops CouchDB's `_rev`; the server revision is copied to `rev` so the device knows
 *    which revision of a card the user saw (`seenCardRev`).
 */
export function replicationFetch(base: FetchLike, options: { keepServerRev: boolean }): { fetch: FetchLike; release: () => void } {
  const parked = new Set<() => void>();
  const fetchFn: FetchLike = async (url, init) => {
    if (/[?&]feed=longpoll(&|$)/.test(url)) {
      return new Promise<Response>((_resolve, reject) => parked.add(() => reject(new ReplicationStoppedError())));
    }
    const response = await base(url, init);
    if (!options.keepServerRev || !/\/_changes\?/.test(url)) return response;
    const body = (await response.json()) as { results?: { doc?: Record<string, unknown> }[] };
    for (const row of body.results ?? []) {
      if (row.doc && typeof row.doc['_rev'] === 'string') row.doc['rev'] = row.doc['_rev'];
    }
    // RxDB's pull reads only `json()`: hand over the parsed page rather than serializing it again
    // (a page of 1,000 cards is ~1 MB of JSON).
    return parsedResponse(response, body);
  };
  return {
    fetch: fetchFn,
    release: () => {
      parked.forEach((reject) => reject());
      parked.clear();
    },
  };
}

/** A Response whose body was already parsed: json() answers it without another parse. */
function parsedResponse(response: Response, body: unknown): Response {
  return Object.assign(new Response(null, { status: response.status, headers: response.headers }), {
    json: async () => body,
  });
}
