import { DEMO_COMPANY_ID } from '../demo/demo-data';
import { apiOperations } from '../openapi/registry';
import { statusOf } from '../store/documents';
import { auditEntries, signIn } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';
import { AUDIT_APPEND_ONLY_VALIDATION } from './audit.store';

/**
 * Issue 6 point 2: no API, sync or store permission lets anyone change or remove an audit entry.
 * Tried as the company's admin (every permission) and as the operator, through every door.
 */
describe('audit log cannot be changed or deleted', () => {
  let server: TestServer;
  let tokens: string[];
  let entry: Record<string, unknown> & { _id: string; _rev: string };
  const cid = DEMO_COMPANY_ID;

  beforeAll(async () => {
    server = await startTestServer();
    const admin = await signIn(server, 'admin', 'Admin#2026');
    const operator = await signIn(server, 'operador', 'Operador#2026');
    tokens = [admin.accessToken, operator.accessToken];
    entry = (await auditEntries(server, { userId: 'admin', action: 'auth.login' }))[0] as typeof entry;
  }, 60_000);
  afterAll(async () => server.close());

  const unchanged = async () => {
    const now = (await server.ctx.store.use('ce_audit').get(entry._id)) as Record<string, unknown>;
    expect(now._rev).toBe(entry._rev);
    expect(now.outcome).toBe(entry.outcome);
  };

  it('the API declares no operation that writes the audit log', () => {
    const writes = apiOperations().filter((op) => op.method !== 'get' && /audit|activity/i.test(op.path + op.operationId));
    expect(writes).toEqual([]);
  });

  it('the API refuses every write on audit-looking paths (no route: 404)', async () => {
    const paths = [
      `/audit`,
      `/audit/${encodeURIComponent(entry._id)}`,
      `/companies/${cid}/audit/${encodeURIComponent(entry._id)}`,
      `/companies/${cid}/reports/user-activity`,
      `/companies/${cid}/reports/user-activity/${encodeURIComponent(entry._id)}`,
    ];
    for (const token of tokens) {
      for (const path of paths) {
        for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
          const res = await server.api(path, { method, token, json: { ...entry, outcome: 'refused' } });
          expect(`${method} ${path} ${res.status}`).toMatch(/ 40[45]$/);
        }
      }
    }
    await unchanged();
  });

  it('the sync endpoint does not reach the audit database (not a sync kind), even for a design document', async () => {
    for (const token of tokens) {
      const bulk = await server.api(`/sync/${cid}/audit/_bulk_docs`, { method: 'POST', token, json: { docs: [{ ...entry, _deleted: true }] } });
      expect([403, 404]).toContain(bulk.status);
      const put = await server.api(`/sync/${cid}/audit/${encodeURIComponent(entry._id)}`, { method: 'PUT', token, json: { ...entry, outcome: 'refused' } });
      expect([403, 404]).toContain(put.status);
      const ddoc = await server.api(`/sync/${cid}/audit/_design/append-only`, { method: 'DELETE', token });
      expect([403, 404]).toContain(ddoc.status);
      // ce_audit by its own name is no company's kind either
      const raw = await server.api(`/sync/${cid}/ce_audit/_bulk_docs`, { method: 'POST', token, json: { docs: [{ ...entry, _deleted: true }] } });
      expect([403, 404]).toContain(raw.status);
    }
    await unchanged();
  });

  it('the store itself refuses updates, deletions and incomplete entries (validate_doc_update installed at start)', async () => {
    const db = server.ctx.store.use<Record<string, unknown>>('ce_audit');
    const ddoc = (await db.get('_design/append-only')) as { validate_doc_update?: string };
    expect(ddoc.validate_doc_update).toBe(AUDIT_APPEND_ONLY_VALIDATION);
    const refusals: Array<number | undefined> = [];
    for (const attempt of [
      () => db.insert({ ...entry, outcome: 'refused' }),
      () => db.destroy(entry._id, entry._rev),
      () => db.insert({ _id: `audit:${new Date().toISOString()}:x`, type: 'audit', at: new Date().toISOString() }),
    ]) {
      try {
        await attempt();
        refusals.push(200);
      } catch (err) {
        refusals.push(statusOf(err));
      }
    }
    expect(refusals).toEqual([403, 403, 403]);
    const bulk = (await db.bulk({ docs: [{ ...entry, _deleted: true }, { ...entry, userId: 'someone-else' }] })) as Array<{ error?: string }>;
    expect(bulk.map((b) => b.error)).toEqual(['forbidden', 'forbidden']);
    await unchanged();
  });
});
