import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CARD_STATUS_LABELS } from '../../src/domain/reports/catalogue';
import { DEMO_COMPANY_ID as CID } from '../demo/demo-data';
import { signIn } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';
import { companyDb } from './databases';

/**
 * A server listens at once, even when its views and Mango indexes are far behind on documents written
 * while it was stopped (a restore, a bulk import, the benches): they are brought up to date by the
 * index warmer afterwards, and requests that arrive meanwhile get correct answers.
 */
describe('Start-up with indexes far behind the documents', () => {
  // with the demo's ≈ 210 documents, over WARM_MIN_DOCS (500): the warmer takes the cards database
  const SEEDED = 330;
  const cardsDb = companyDb(CID, 'cards');
  let dataDir: string;
  let server: TestServer | undefined;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ce-start-up-'));
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const statusCounts = async (s: TestServer, token: string) => {
    const res = await s.api(`/companies/${CID}/reports/cards-by-status`, { token });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rows: Array<Record<string, unknown>> };
    return body.rows;
  };

  it('listens and signs in while the catch-up is pending; answers stay correct; the warmer finishes it', async () => {
    // 1. a first start creates the store and the demo; its indexes are warmed, then it stops
    server = await startTestServer({ DATA_DIR: dataDir });
    let token = (await signIn(server, 'admin', 'Admin#2026')).accessToken;
    await server.ctx.store.warmer.idle();
    const before = await statusCounts(server, token);
    await server.close();
    server = undefined;

    // 2. cards written straight into the stopped store, as a restore or a bulk import would
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const PouchDB = require('pouchdb').defaults({ prefix: path.join(dataDir, 'store') + path.sep });
    const db = new PouchDB(cardsDb);
    const docs = Array.from({ length: SEEDED }, (_, i) => ({
      _id: `card:startup-${String(i).padStart(5, '0')}`,
      type: 'card',
      cardId: `startup-${String(i).padStart(5, '0')}`,
      companyId: CID,
      productCode: 'ALIM',
      holder: { idType: 'V', idNumber: String(80_000_000 + i), firstName: 'Arranque', lastName: `Prueba ${i}` },
      maskedPan: `627100******${String(i).padStart(4, '0')}`,
      last4: String(i).padStart(4, '0'),
      status: i % 3 === 0 ? 'BLOCKED' : 'ACTIVE',
      plasticStatus: 'DELIVERED',
      balanceCents: 0,
      branchCode: '001',
      issuedAt: '2026-03-01T15:00:00.000Z',
      updatedAt: '2026-03-01T15:00:00.000Z',
      replacement: null,
    }));
    await db.bulkDocs(docs);
    await db.close();

    // 3. the next start listens without waiting for any view or index
    const started = Date.now();
    server = await startTestServer({ DATA_DIR: dataDir });
    const listenMs = Date.now() - started;
    expect((await server.api('/health')).status).toBe(200);
    token = (await signIn(server, 'admin', 'Admin#2026')).accessToken;
    // answered while the cards database's catch-up is still queued or running
    expect(server.ctx.store.warmer.pending()).toContain(cardsDb);

    // 4. a card query and a report before the warmer is done: the store catches up first, the answers are complete
    let seededBlocked = 0;
    for (let bookmark = ''; ; ) {
      const res = await server.api(`/companies/${CID}/cards?status=BLOCKED&limit=200${bookmark ? `&bookmark=${bookmark}` : ''}`, { token });
      expect(res.status).toBe(200);
      const page = (await res.json()) as { items: Array<{ cardId: string; status: string }>; bookmark: string | null };
      expect(page.items.every((c) => c.status === 'BLOCKED')).toBeTrue();
      seededBlocked += page.items.filter((c) => c.cardId.startsWith('startup-')).length;
      if (!page.bookmark) break;
      bookmark = page.bookmark;
    }
    expect(seededBlocked).toBe(SEEDED / 3);
    const after = await statusCounts(server, token);
    const count = (rows: Array<Record<string, unknown>>, status: string) =>
      Number(rows.find((r) => r['group'] === 'Cuenta' && r['status'] === status)?.['count'] ?? 0);
    expect(count(after, CARD_STATUS_LABELS.BLOCKED) - count(before, CARD_STATUS_LABELS.BLOCKED)).toBe(SEEDED / 3);
    const sum = (rows: Array<Record<string, unknown>>, group: string) => rows.filter((r) => r['group'] === group).reduce((n, r) => n + Number(r['count']), 0);
    expect(sum(after, 'Cuenta') - sum(before, 'Cuenta')).toBe(SEEDED);
    expect(sum(after, 'Plástico') - sum(before, 'Plástico')).toBe(SEEDED);

    // 5. the warmer brings every index up to date, then has nothing left
    await server.ctx.store.warmer.idle();
    const catchUpMs = Date.now() - started;
    expect(server.ctx.store.warmer.pending()).toEqual([]);
    // what the server used to wait for before listening, it now does after (figures: BENCHMARKS.md "Reports")
    expect(listenMs).toBeLessThan(catchUpMs);
  }, 240_000); // two starts and a catch-up of every cards view: ≈ 15 s alone, over a minute on a loaded machine
});
