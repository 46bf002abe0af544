import { createKey, uploadWithKey, withKey } from '../api-keys/api-keys.testing';
import { CID, recFile } from '../lots/lots.testing';
import { auditEntries, signIn } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';
import { IDEMPOTENCY_DB, purgeExpired, type IdempotencyRecord } from './idempotency.store';

describe('Idempotency-Key on writes', () => {
  let server: TestServer;
  let admin: string;
  let key: string;
  beforeAll(async () => {
    server = await startTestServer();
    admin = (await signIn(server, 'admin', 'Admin#2026')).accessToken;
    key = (await createKey(server, admin, 'Admin#2026', ['lots.upload', 'lots.delete'], 'ERP idempotente')).key;
  });
  afterAll(async () => server.close());

  let amount = 3000;
  async function validLot(): Promise<string> {
    const res = await uploadWithKey(server, key, recFile(2, amount++));
    const lot = await res.json();
    if (res.status !== 201 || lot.status !== 'VALID') throw new Error(`upload: ${res.status} ${JSON.stringify(lot).slice(0, 300)}`);
    return lot.id;
  }
  const confirm = (lotId: string, idem: string | undefined, concept = 'NOMINA') =>
    withKey(server, key, `/companies/${CID}/lots/${lotId}/confirmation`, {
      method: 'POST',
      json: { password: key, concept },
      headers: idem ? { 'idempotency-key': idem } : {},
    });
  const records = async () => (await server.ctx.store.use<IdempotencyRecord>(IDEMPOTENCY_DB).list({ include_docs: true })).rows.map((r) => r.doc!).filter((d) => d.type === 'idempotency');

  it('keeps the first answer and replays it to a retry (the operation runs once)', async () => {
    const lotId = await validLot();
    const first = await confirm(lotId, 'conf-replay-1');
    expect(first.status).toBe(200);
    const firstBody = await first.json();
    expect(firstBody.status).toBe('PENDING_AUTHORIZATION');
    expect(first.headers.get('idempotent-replayed')).toBeNull();

    const retry = await confirm(lotId, 'conf-replay-1');
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(firstBody);
    // without the key, the same request is a second confirmation, refused by the lot's state
    expect((await confirm(lotId, undefined)).status).toBe(409);
    const confirmations = (await auditEntries(server, { action: 'lots.confirm', outcome: 'ok' })).filter((e) => (e.details as { lotId: string }).lotId === lotId);
    expect(confirmations.length).toBe(1);
  });

  it('refuses the same key with another body, another path or another caller: 409 IDEMPOTENCY_KEY_REUSED', async () => {
    const lotId = await validLot();
    expect((await confirm(lotId, 'conf-reuse-1', 'NOMINA ENERO')).status).toBe(200);
    const otherBody = await confirm(lotId, 'conf-reuse-1', 'NOMINA FEBRERO');
    expect(otherBody.status).toBe(409);
    expect((await otherBody.json()).error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const otherLot = await validLot();
    const otherPath = await confirm(otherLot, 'conf-reuse-1', 'NOMINA ENERO');
    expect(otherPath.status).toBe(409);
    expect((await otherPath.json()).error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // a person of the same company with the same key does not get the key's answer
    const person = await server.api(`/companies/${CID}/lots/${lotId}/confirmation`, {
      method: 'POST',
      token: admin,
      json: { password: key, concept: 'NOMINA ENERO' },
      headers: { 'idempotency-key': 'conf-reuse-1' },
    });
    expect(person.status).toBe(409);
    // the other lot is still VALID: nothing ran for the refused requests
    expect((await (await withKey(server, key, `/companies/${CID}/lots/${otherLot}`)).json()).status).toBe('VALID');
  });

  it('lets exactly one of concurrent duplicates run; the others are told it is in progress or get its answer', async () => {
    const lotId = await validLot();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => withKey(server, key, `/companies/${CID}/lots/${lotId}`, { method: 'DELETE', json: { password: key }, headers: { 'idempotency-key': 'del-race-1' } })),
    );
    const bodies = await Promise.all(answers.map((r) => r.json()));
    const statuses = answers.map((r) => r.status);
    const ran = answers.filter((r) => r.status === 200 && r.headers.get('idempotent-replayed') === null);
    expect(ran.length).withContext(JSON.stringify(statuses)).toBe(1);
    answers.forEach((r, i) => {
      if (r.status === 409) expect(bodies[i].error.code).toBe('IDEMPOTENCY_IN_PROGRESS');
      else expect(r.status).toBe(200);
    });
    const deletions = (await auditEntries(server, { action: 'lots.delete' })).filter((e) => (e.details as { lotId: string }).lotId === lotId);
    expect(deletions.map((e) => e.outcome)).toEqual(['ok']);
    // once done, every retry gets the kept answer
    const later = await withKey(server, key, `/companies/${CID}/lots/${lotId}`, { method: 'DELETE', json: { password: key }, headers: { 'idempotency-key': 'del-race-1' } });
    expect(later.status).toBe(200);
    expect(later.headers.get('idempotent-replayed')).toBe('true');
    expect((await later.json()).status).toBe('DELETED');
  });

  it('a key left in flight by a crash answers 409 with Retry-After until its lease ends, then the retry runs', async () => {
    const lotId = await validLot();
    expect((await confirm(lotId, 'conf-crash-1')).status).toBe(200);
    // make it look as if the server died while the first request ran
    const db = server.ctx.store.use<IdempotencyRecord>(IDEMPOTENCY_DB);
    const record = (await records()).find((r) => r.path.endsWith(`${lotId}/confirmation`))!;
    await db.insert({ ...record, state: 'in-flight', answer: null });
    const busy = await confirm(lotId, 'conf-crash-1');
    expect(busy.status).toBe(409);
    expect(busy.headers.get('retry-after')).toBe('1');
    expect((await busy.json()).error.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    server.clock.offsetMs = 11 * 60_000;
    try {
      // the retry runs the operation again: the lot's own state rule refuses a second confirmation
      const rerun = await confirm(lotId, 'conf-crash-1');
      expect(rerun.status).toBe(409);
      expect((await rerun.json()).error.code).not.toMatch(/^IDEMPOTENCY/);
    } finally {
      server.clock.offsetMs = 0;
    }
  });

  it('stores answers per company and key, never a secret: a created API key is not kept (a retry makes a new one)', async () => {
    const headers = { 'idempotency-key': 'create-key-1' };
    const body = { name: 'con idempotencia', permissions: ['cards.view'], password: 'Admin#2026' };
    const one = await server.api(`/companies/${CID}/api-keys`, { method: 'POST', token: admin, json: body, headers });
    expect(one.status).toBe(201);
    const created = await one.json();
    const kept = await records();
    expect(JSON.stringify(kept)).not.toContain(created.key);
    expect(kept.every((r) => r.scope === CID || r.scope.startsWith('user:'))).toBeTrue();
    expect(kept.every((r) => !JSON.stringify(r).includes('Admin#2026'))).toBeTrue();
  });

  it('forgets a key after 24 hours: the hourly sweep deletes its record and the key may be used anew', async () => {
    const lotId = await validLot();
    expect((await confirm(lotId, 'conf-expire-1')).status).toBe(200);
    const mine = async () => (await records()).filter((r) => r.path.endsWith(`${lotId}/confirmation`));
    await purgeExpired(server.ctx, server.ctx.now().toISOString());
    expect((await mine()).length).toBe(1);
    server.clock.offsetMs = 25 * 3600_000;
    try {
      while ((await purgeExpired(server.ctx, server.ctx.now().toISOString())) > 0);
      expect(await mine()).toEqual([]);
      // the same key on another request is now a new request, not a reuse
      const other = await validLot();
      expect((await confirm(other, 'conf-expire-1')).status).toBe(200);
    } finally {
      server.clock.offsetMs = 0;
    }
  });

  it('refuses a malformed key and leaves the lot upload’s own idempotency alone', async () => {
    const bad = await confirm(await validLot(), 'spaces are not allowed');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('IDEMPOTENCY_KEY');
    const content = recFile(2, 9876);
    const a = await uploadWithKey(server, key, content, { idempotencyKey: 'upload-own-1' });
    const b = await uploadWithKey(server, key, content, { idempotencyKey: 'upload-own-1' });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect((await b.json()).id).toBe((await a.json()).id);
    expect((await records()).some((r) => r.path.endsWith('/lots') && r.method === 'POST')).toBeFalse();
  });
});
