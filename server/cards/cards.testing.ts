import { DEMO_COMPANY_ID } from '../demo/demo-data';
import { tokenOf } from '../sync/sync.testing';
import { startTestServer, type TestServer } from '../testing/test-server';

/** One page of `GET /companies/{id}/cards`, as the card query answers it. */
export interface CardPage {
  items: Array<Record<string, any>>;
  bookmark: string | null;
}

export interface CardApiSuite {
  /** a server of the suite's own on the real embedded store, with the demo data */
  readonly server: TestServer;
  /** the demo `admin`'s token: every permission on the demo company */
  readonly admin: string;
  /** One page of a card search; fails the spec unless it is answered 200. */
  page(query: string, options?: { token?: string; companyId?: string }): Promise<CardPage>;
  /** Every page of a search in order, following the bookmarks (200 pages at most: more would be a loop). */
  pages(query: string, limit: number, options?: { token?: string; companyId?: string }): Promise<CardPage[]>;
}

/**
 * The set-up the card query suites share: call it at the top of a `describe`. It starts the server
 * before the suite's specs (before the suite's own `beforeAll`, which may seed cards) and closes it
 * after them. The rate limit is raised: these suites page through hundreds of cards.
 */
export function cardApiSuite(): CardApiSuite {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer({ API_RATE_PER_MINUTE: '100000' });
    admin = await tokenOf(server, 'admin', 'Admin#2026');
  });
  afterAll(async () => server.close());

  const page: CardApiSuite['page'] = async (query, { token = admin, companyId = DEMO_COMPANY_ID } = {}) => {
    const res = await server.api(`/companies/${companyId}/cards?${query}`, { token });
    expect(res.status).withContext(query).toBe(200);
    return (await res.json()) as CardPage;
  };
  return {
    get server() {
      return server;
    },
    get admin() {
      return admin;
    },
    page,
    async pages(query, limit, options) {
      const answered: CardPage[] = [];
      let bookmark: string | null = null;
      do {
        const next = await page([query, `limit=${limit}`, bookmark && `bookmark=${bookmark}`].filter(Boolean).join('&'), options);
        answered.push(next);
        bookmark = next.bookmark;
      } while (bookmark && answered.length < 200);
      return answered;
    },
  };
}
