/**
 * The real server for Karma specs: karma.conf.js (framework `ce-server`) starts dist/server on a
 * fresh DATA_DIR with the demo data and proxies `/api/` to it. These helpers wait for it and sign in
 * demo users (/work/shared/spec/API.md).
 */
import type { TokenSource } from '../sync/sync-fetch';

export const DEMO_COMPANY = 'cdemo000001';
export const DEMO_PASSWORDS = { firma1: 'Firma1#2026', firma2: 'Firma2#2026', carga: 'Carga#2026', admin: 'Admin#2026' } as const;
export type DemoUserId = keyof typeof DEMO_PASSWORDS;

let ready: Promise<void> | null = null;

/** Resolves once `/api/v1/health` answers 200 (the server seeds the demo on its first start). */
export function realServerReady(timeoutMs = 90_000): Promise<void> {
  ready ??= (async () => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      try {
        if ((await fetch('/api/v1/health', { cache: 'no-store' })).status === 200) return;
      } catch {
        /* not up yet */
      }
      if (Date.now() > end) throw new Error('the real server did not answer: is dist/server built (npm run build:server)?');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  return ready;
}

export interface SignedIn {
  userId: DemoUserId;
  accessToken: string;
  tokens: TokenSource;
}

const sessions = new Map<DemoUserId, Promise<SignedIn>>();

/** One sign-in per demo user and Karma run (the server rate-limits sign-ins). */
export function signIn(userId: DemoUserId): Promise<SignedIn> {
  let session = sessions.get(userId);
  if (!session) {
    session = (async () => {
      await realServerReady();
      const res = await fetch('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId, password: DEMO_PASSWORDS[userId] }),
      });
      if (res.status !== 200) throw new Error(`sign-in of ${userId}: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { accessToken: string; refreshToken?: string };
      const signed: SignedIn = {
        userId,
        accessToken: body.accessToken,
        tokens: { current: () => signed.accessToken, refresh: async () => signed.accessToken },
      };
      return signed;
    })();
    sessions.set(userId, session);
  }
  return session;
}

/** A card of the demo company as the API shows it. */
export async function apiCard(session: SignedIn, cardId: string): Promise<{ status: string; [key: string]: unknown }> {
  const res = await fetch(`/api/v1/companies/${DEMO_COMPANY}/cards/${cardId}`, { headers: { Authorization: `Bearer ${session.accessToken}` } });
  if (res.status !== 200) throw new Error(`card ${cardId}: ${res.status}`);
  return res.json();
}
