import { startTestServer, type TestServer } from '../testing/test-server';
import { CODE_MAX_TRIES, CODE_TTL_MS, issueCode, spendCode } from './codes';
import type { CodeDoc } from './codes.store';

/** The mechanism both purposes use (step-up codes: one-time-codes.spec; new-device code: auth/device-code.spec). */
describe('e-mailed codes (the one mechanism)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  let n = 0;
  const issue = async () => {
    const _id = `codes-spec:${++n}`;
    const { code, expiresAt } = await issueCode<CodeDoc & { type: 'codes-spec' }>(server.ctx, { _id, type: 'codes-spec' });
    return { _id, code, expiresAt, wrong: code === '111111' ? '222222' : '111111' };
  };

  it('stores only a keyed hash; a right code is spent once, even by several requests at once', async () => {
    const before = server.ctx.now().getTime();
    const { _id, code, expiresAt } = await issue();
    expect(code).toMatch(/^[0-9]{6}$/);
    expect(Date.parse(expiresAt) - before).toBeGreaterThanOrEqual(CODE_TTL_MS);
    expect(Date.parse(expiresAt) - server.ctx.now().getTime()).toBeLessThanOrEqual(CODE_TTL_MS);
    const stored = await server.ctx.store.use<CodeDoc>('ce_tokens').get(_id);
    expect(JSON.stringify(stored)).not.toContain(`"${code}"`);
    expect(stored.codeHash).toMatch(/^[0-9a-f]{64}$/);
    const outcomes = await Promise.all([spendCode(server.ctx, _id, code), spendCode(server.ctx, _id, code), spendCode(server.ctx, _id, code)]);
    expect(outcomes.sort()).toEqual(['ok', 'unusable', 'unusable']);
  });

  it('counts wrong tries: the right code still works after 4, not after 5', async () => {
    const four = await issue();
    for (let i = 0; i < CODE_MAX_TRIES - 1; i++) expect(await spendCode(server.ctx, four._id, four.wrong)).toBe('wrong');
    expect(await spendCode(server.ctx, four._id, four.code)).toBe('ok');
    const five = await issue();
    for (let i = 0; i < CODE_MAX_TRIES; i++) expect(await spendCode(server.ctx, five._id, five.wrong)).toBe('wrong');
    expect(await spendCode(server.ctx, five._id, five.code)).toBe('unusable');
  });

  it('ends after 10 minutes; a new code replaces the pending one; unknown ids and malformed codes are unusable', async () => {
    const old = await issue();
    server.clock.offsetMs = CODE_TTL_MS + 1000;
    try {
      expect(await spendCode(server.ctx, old._id, old.code)).toBe('unusable');
    } finally {
      server.clock.offsetMs = 0;
    }
    const first = await issueCode<CodeDoc & { type: 'codes-spec' }>(server.ctx, { _id: old._id, type: 'codes-spec' });
    const second = await issueCode<CodeDoc & { type: 'codes-spec' }>(server.ctx, { _id: old._id, type: 'codes-spec' });
    if (first.code !== second.code) expect(await spendCode(server.ctx, old._id, first.code)).toBe('wrong');
    expect(await spendCode(server.ctx, old._id, second.code)).toBe('ok');
    expect(await spendCode(server.ctx, 'codes-spec:never', '123456')).toBe('unusable');
    const fresh = await issue();
    expect(await spendCode(server.ctx, fresh._id, fresh.code.slice(1))).toBe('unusable');
    expect(await spendCode(server.ctx, fresh._id, fresh.code)).toBe('ok');
  });
});
