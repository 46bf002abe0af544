import { statusOf } from '../store/documents';
import { startTestServer, type TestServer } from '../testing/test-server';
import { recordAudit } from './audit.service';

describe('audit log (append-only in the store)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  const db = () => server.ctx.store.use<Record<string, unknown>>('ce_audit');
  const entry = { userId: 'carga', companyId: null, action: 'test.action', origin: 'web' as const, ip: '127.0.0.1', outcome: 'ok' as const };

  async function oneEntry() {
    await recordAudit(server.ctx, { ...entry, details: { marker: Math.random() } });
    const found = await db().find({ selector: { type: 'audit', action: 'test.action' }, limit: 1000 });
    return found.docs[found.docs.length - 1] as Record<string, unknown> & { _id: string; _rev: string };
  }

  it('appends entries with time, user, company, origin, ip and outcome', async () => {
    const doc = await oneEntry();
    expect(doc).toEqual(jasmine.objectContaining({ type: 'audit', ...entry }));
    expect(Date.parse(doc.at as string)).not.toBeNaN();
    expect(doc._id).toMatch(/^audit:\d{4}-\d\d-\d\dT/);
  });

  it('refuses an update through nano with 403 forbidden', async () => {
    const doc = await oneEntry();
    let status: number | undefined;
    try {
      await db().insert({ ...doc, outcome: 'refused' });
    } catch (err) {
      status = statusOf(err);
    }
    expect(status).toBe(403);
    expect((await db().get(doc._id)).outcome).toBe('ok');
  });

  it('refuses a deletion through nano (destroy and _deleted in bulk)', async () => {
    const doc = await oneEntry();
    let status: number | undefined;
    try {
      await db().destroy(doc._id, doc._rev);
    } catch (err) {
      status = statusOf(err);
    }
    expect(status).toBe(403);
    const bulk = await db().bulk({ docs: [{ ...doc, _deleted: true }] });
    expect(bulk[0].error).toBe('forbidden');
    expect((await db().get(doc._id))._rev).toBe(doc._rev);
  });

  it('refuses entries that are not audit entries', async () => {
    let status: number | undefined;
    try {
      await db().insert({ _id: 'audit:bogus', hello: 'world' });
    } catch (err) {
      status = statusOf(err);
    }
    expect(status).toBe(403);
  });

  it('refuses details that look like secrets', async () => {
    await expectAsync(recordAudit(server.ctx, { ...entry, details: { password: 'x' } })).toBeRejected();
    await expectAsync(recordAudit(server.ctx, { ...entry, details: { refreshToken: 'x' } })).toBeRejected();
  });
});
