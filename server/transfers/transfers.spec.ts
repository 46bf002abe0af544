import { randomUUID } from 'node:crypto';
import { auditEntries } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';
import { ledgerDb } from '../ledger/ledger.store';
import { balanceOf } from '../ledger/ledger.service';
import { json } from '../orders/testing/order-helpers';
import {
  callerOf,
  cardCached,
  CID,
  codeFor,
  demoCard,
  expectBooksBalance,
  fund,
  masterCached,
  preview,
  setTransferSettings,
  transfer,
  type Caller,
} from './testing/transfer-helpers';

describe('master account and master transfers', () => {
  let server: TestServer;
  let firma2: Caller;
  const touched = new Set<string>();
  beforeAll(async () => {
    server = await startTestServer();
    firma2 = await callerOf(server, 'firma2');
  });
  afterAll(async () => server.close());

  it('shows the master account: balance from the ledger, available balance, settings, funding accounts', async () => {
    const res = await server.api(`/companies/${CID}/master-accounts/ALIM`, { token: firma2.token });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.balanceCents).toBe(await balanceOf(server.ctx, CID, 'master:ALIM'));
    expect(body.availableCents).toBe(await masterCached(server));
    const products = await json(await server.api(`/companies/${CID}/products`, { token: firma2.token }));
    expect(body.settings).toEqual(products.items.find((p: { code: string }) => p.code === 'ALIM').transfers);
    expect(body.fundingAccounts).toEqual([jasmine.objectContaining({ id: 'principal', accountNumberMasked: '0102********5678' })]);
    expect(Date.parse(body.asOf)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('funds the master account from the registered account with password and code, once per key', async () => {
    const key = randomUUID();
    const first = await fund(server, firma2, 250_000, { key, productCode: 'REGA' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual(jasmine.objectContaining({ kind: 'funding', status: 'COMPLETED', amountCents: 250_000, master: { beforeCents: 0, afterCents: 250_000 } }));
    // the same key again (the code is spent: a retry carries the old one) answers the first answer
    const again = await fund(server, firma2, 250_000, { key, productCode: 'REGA', otp: '000000' });
    expect(again.status).toBe(201);
    expect(again.replayed).toBeTrue();
    expect(again.body).toEqual(first.body);
    expect(await masterCached(server, 'REGA')).toBe(250_000);
    // another amount with the same key: refused, nothing moves
    const other = await fund(server, firma2, 1, { key, productCode: 'REGA', otp: '000000' });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // an unregistered funding account, a wrong code, a missing key
    const otp = await codeFor(server, firma2, 'funding');
    const post = (body: unknown, headers: Record<string, string> = { 'Idempotency-Key': randomUUID() }) =>
      server.api(`/companies/${CID}/master-accounts/REGA/fundings`, { method: 'POST', token: firma2.token, headers, json: body });
    expect((await post({ fundingAccountId: 'otra', amountCents: 100, password: firma2.password, otp })).status).toBe(404);
    expect((await post({ fundingAccountId: 'principal', amountCents: 100, password: firma2.password, otp: '123' })).status).toBe(403);
    const noKey = await post({ fundingAccountId: 'principal', amountCents: 100, password: firma2.password, otp }, {});
    expect(noKey.status).toBe(400);
    expect((await json(noKey)).error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect((await post({ fundingAccountId: 'principal', amountCents: -5, password: firma2.password, otp })).status).toBe(400);
    expect(await masterCached(server, 'REGA')).toBe(250_000);
    const audit = await auditEntries(server, { action: 'master.funding', userId: 'firma2' });
    expect(audit.length).toBe(1);
    expect(audit[0]).toEqual(jasmine.objectContaining({ outcome: 'ok', companyId: CID }));
  });

  it('previews balances before and after with the fee, and what would refuse it', async () => {
    const lines = [
      { cardId: demoCard(11), amountCents: 10_000 },
      { cardId: demoCard(12), amountCents: 20_000 },
    ];
    const p = await preview(server, firma2, { kind: 'credit', lines });
    expect(p.status).toBe(200);
    const before = await masterCached(server);
    expect(p.body.preview.master).toEqual({ beforeCents: before, afterCents: before - 30_000 - 100 });
    expect(p.body.preview.feeCents).toBe(100);
    expect(p.body.preview.cards.map((c: { afterCents: number }) => c.afterCents)).toEqual([10_000, 20_000]);
    expect(p.body.preview.cards[0].maskedPan).toMatch(/^627100\*{6}[0-9]{4}$/);
    expect(p.body.refusals).toEqual([]);
    const bad = await preview(server, firma2, {
      kind: 'debit',
      lines: [
        { cardId: demoCard(10), amountCents: 500 },
        { cardId: 'nope', amountCents: 500 },
        { cardId: demoCard(10), amountCents: 500 },
      ],
    });
    expect(bad.body.refusals.map((r: { code: string }) => r.code)).toEqual(['CARD_INSUFFICIENT_FUNDS', 'CARD_NOT_FOUND', 'CARD_REPEATED']);
    expect(await masterCached(server)).toBe(before);
  });

  it('credits three cards from the master account: fee once, cards and ledger agree', async () => {
    const before = await masterCached(server);
    const lines = [1, 2, 3].map((n) => ({ cardId: demoCard(n), amountCents: 15_000 * n }));
    lines.forEach((l) => touched.add(l.cardId));
    const res = await transfer(server, firma2, { kind: 'credit', lines });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('COMPLETED');
    expect(res.body.lines.map((l: { status: string; balanceAfterCents: number }) => [l.status, l.balanceAfterCents])).toEqual([
      ['DONE', 15_000],
      ['DONE', 30_000],
      ['DONE', 45_000],
    ]);
    expect(res.body.master).toEqual({ beforeCents: before, afterCents: before - 90_000 - 100 });
    expect(await masterCached(server)).toBe(before - 90_100);
    expect(await cardCached(server, demoCard(2))).toBe(30_000);
    const fee = await ledgerDb(server.ctx, CID).get(`entry:transfer:${res.body.id}:fee:fees`);
    expect(fee.amountCents).toBe(100);
    // the card's history says what happened, and no full card number is in the answer
    const card = await json(await server.api(`/companies/${CID}/cards/${demoCard(1)}`, { token: firma2.token }));
    expect(JSON.stringify(card)).toContain('transfer.credit');
    for (const l of res.body.lines) expect(l.maskedPan).toMatch(/^627100\*{6}[0-9]{4}$/);
    await expectBooksBalance(server, [...touched]);
  });

  it('debits cards back into the master account', async () => {
    touched.add(demoCard(9));
    expect((await transfer(server, firma2, { kind: 'credit', lines: [{ cardId: demoCard(9), amountCents: 45_000 }] })).status).toBe(201);
    const before = await masterCached(server);
    const res = await transfer(server, firma2, { kind: 'debit', lines: [{ cardId: demoCard(9), amountCents: 5_000 }] });
    expect(res.status).toBe(201);
    expect(res.body.lines[0]).toEqual(jasmine.objectContaining({ status: 'DONE', balanceAfterCents: 40_000 }));
    expect(res.body.master).toEqual({ beforeCents: before, afterCents: before - 100 + 5_000 });
    expect(await masterCached(server)).toBe(before + 4_900);
    // more than the card holds: refused before anything moves (and before the code is spent)
    const otp = await codeFor(server, firma2, 'transfer');
    const over = await transfer(server, firma2, { kind: 'debit', lines: [{ cardId: demoCard(9), amountCents: 40_001 }] }, { otp });
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('CARD_INSUFFICIENT_FUNDS');
    const ok = await transfer(server, firma2, { kind: 'debit', lines: [{ cardId: demoCard(9), amountCents: 40_000 }] }, { otp });
    expect(ok.status).toBe(201);
    expect(await cardCached(server, demoCard(9))).toBe(0);
    await expectBooksBalance(server, [...touched]);
  });

  it('the same key 5 times moves money once and replays the first answer; another body is refused', async () => {
    const key = randomUUID();
    const body = { kind: 'credit' as const, lines: [{ cardId: demoCard(4), amountCents: 12_345 }] };
    touched.add(demoCard(4));
    const before = await masterCached(server);
    const otp = await codeFor(server, firma2, 'transfer');
    const answers: Array<{ status: number; replayed: boolean; body: any }> = [];
    for (let i = 0; i < 5; i++) answers.push(await transfer(server, firma2, body, { key, otp }));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(answers.map((a) => a.replayed)).toEqual([false, true, true, true, true]);
    for (const a of answers) expect(a.body).toEqual(answers[0].body);
    expect(await masterCached(server)).toBe(before - 12_345 - 100);
    expect(await cardCached(server, demoCard(4))).toBe(12_345);
    // 5 at once with a fresh key: one transfer
    const key2 = randomUUID();
    const otp2 = await codeFor(server, firma2, 'transfer');
    const burst = await Promise.all(Array.from({ length: 5 }, () => transfer(server, firma2, body, { key: key2, otp: otp2 })));
    expect(burst.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(burst.map((a) => a.body.id)).size).toBe(1);
    expect(await cardCached(server, demoCard(4))).toBe(24_690);
    // same key, other amount / other card / other direction: 409, nothing moves
    for (const other of [
      { kind: 'credit' as const, lines: [{ cardId: demoCard(4), amountCents: 12_346 }] },
      { kind: 'credit' as const, lines: [{ cardId: demoCard(5), amountCents: 12_345 }] },
      { kind: 'debit' as const, lines: [{ cardId: demoCard(4), amountCents: 12_345 }] },
    ]) {
      const res = await transfer(server, firma2, other, { key, otp: '000000' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    }
    // another user with the same key: not the same request
    const firma1 = await callerOf(server, 'firma1');
    expect((await transfer(server, firma1, body, { key, otp: '000000' })).status).toBe(409);
    expect(await cardCached(server, demoCard(4))).toBe(24_690);
    const audits = await auditEntries(server, { action: 'transfer.execute', userId: 'firma2', outcome: 'ok' });
    expect(audits.filter((a) => (a.details as { transferId: string }).transferId === answers[0].body.id).length).toBe(1);
    await expectBooksBalance(server, [...touched]);
  });

  it('asks for the password and a code for this purpose; wrong ones move nothing', async () => {
    const before = await masterCached(server);
    const body = { kind: 'credit' as const, lines: [{ cardId: demoCard(6), amountCents: 1_000 }] };
    const wrongPassword = await transfer(server, firma2, body, { password: 'Nope#20260' });
    expect(wrongPassword.status).toBe(403);
    const fundingCode = await codeFor(server, firma2, 'funding');
    const wrongPurpose = await transfer(server, firma2, body, { otp: fundingCode });
    expect(wrongPurpose.status).toBe(403);
    expect(wrongPurpose.body.error.code).toBe('OTP_INVALID');
    expect(await masterCached(server)).toBe(before);
    expect(await cardCached(server, demoCard(6))).toBe(0);
  });

  it('refuses callers without transfers.execute, other companies and anonymous callers', async () => {
    const carga = await callerOf(server, 'carga');
    const body = { productCode: 'ALIM', kind: 'credit', lines: [{ cardId: demoCard(7), amountCents: 1_000 }], password: carga.password, otp: '123456' };
    const calls: Array<[string, string, unknown?]> = [
      ['GET', `/companies/${CID}/master-accounts/ALIM`],
      ['GET', `/companies/${CID}/master-accounts/ALIM/statement`],
      ['POST', `/companies/${CID}/master-accounts/ALIM/fundings`, { fundingAccountId: 'principal', amountCents: 100, password: carga.password, otp: '123456' }],
      ['POST', `/companies/${CID}/transfers/previews`, { productCode: 'ALIM', kind: 'credit', lines: body.lines }],
      ['POST', `/companies/${CID}/transfers`, body],
      ['GET', `/companies/${CID}/transfers?productCode=ALIM`],
    ];
    for (const [method, path, json] of calls) {
      const headers = { 'Idempotency-Key': randomUUID() };
      expect((await server.api(path, { method, token: carga.token, headers, json })).status).withContext(`carga ${method} ${path}`).toBe(403);
      expect((await server.api(path.replace(CID, 'cother00001'), { method, token: firma2.token, headers, json })).status).withContext(`other company ${path}`).toBe(404);
      expect((await server.api(path, { method, headers, json })).status).withContext(`anonymous ${path}`).toBe(401);
    }
    // carga may not even get a code to try
    expect((await server.api(`/companies/${CID}/one-time-codes`, { method: 'POST', token: carga.token, json: { purpose: 'transfer' } })).status).toBe(403);
    expect(await cardCached(server, demoCard(7))).toBe(0);
    // a company user may not set transfer settings (operator only)
    const admin = await callerOf(server, 'admin');
    const patch = await server.api(`/companies/${CID}/products/ALIM`, { method: 'PATCH', token: admin.token, json: { transfers: { feeCents: 0 } } });
    expect(patch.status).toBe(403);
  });

  it('refuses bad input with a clear Spanish error', async () => {
    const post = (json: unknown) =>
      server.api(`/companies/${CID}/transfers`, { method: 'POST', token: firma2.token, headers: { 'Idempotency-Key': randomUUID() }, json });
    const base = { productCode: 'ALIM', kind: 'credit', password: firma2.password, otp: '123456' };
    for (const bad of [
      { ...base, lines: [] },
      { ...base, lines: [{ cardId: demoCard(1), amountCents: 1.5 }] },
      { ...base, lines: [{ cardId: demoCard(1), amountCents: 0 }] },
      { ...base, lines: [{ cardId: demoCard(1), amountCents: '100' }] },
      { ...base, kind: 'steal', lines: [{ cardId: demoCard(1), amountCents: 100 }] },
      { ...base, lines: [{ cardId: demoCard(1), amountCents: 100 }], extra: true },
      { ...base, productCode: '../x', lines: [{ cardId: demoCard(1), amountCents: 100 }] },
    ]) {
      const res = await post(bad);
      expect(res.status).withContext(JSON.stringify(bad)).toBe(400);
      expect((await json(res)).error.message).toMatch(/[a-zá-ú]/i);
    }
    const unknownProduct = await post({ ...base, productCode: 'NOPE', lines: [{ cardId: demoCard(1), amountCents: 100 }] });
    expect(unknownProduct.status).toBe(404);
  });

  it('lists the statement: every entry of the master account, newest first, paged, with the balance after each', async () => {
    touched.add(demoCard(13));
    expect((await transfer(server, firma2, { kind: 'credit', lines: [{ cardId: demoCard(13), amountCents: 700 }] })).status).toBe(201);
    const first = await json(await server.api(`/companies/${CID}/master-accounts/ALIM/statement?limit=3`, { token: firma2.token }));
    expect(first.entries.length).toBe(3);
    expect(first.entries[0].balanceAfterCents).toBe(await masterCached(server));
    for (let i = 0; i + 1 < first.entries.length; i++) {
      expect(first.entries[i].balanceAfterCents - first.entries[i].amountCents).toBe(first.entries[i + 1].balanceAfterCents);
    }
    const all = [...first.entries];
    let next = first.next;
    while (next) {
      const page = await json(await server.api(`/companies/${CID}/master-accounts/ALIM/statement?limit=3&before=${next}`, { token: firma2.token }));
      all.push(...page.entries);
      next = page.next;
    }
    const last = all[all.length - 1];
    expect(last.description).toBe('Saldo inicial');
    expect(last.balanceAfterCents).toBe(10_000_000);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    expect(all.reduce((a, e) => a + e.amountCents, 0)).toBe(await masterCached(server));
    expect(all.some((e) => e.description === 'Comisión por transferencia')).toBeTrue();
    const bad = await server.api(`/companies/${CID}/master-accounts/ALIM/statement?before=xyz`, { token: firma2.token });
    expect(bad.status).toBe(404);
  });

  it('lists recent transfers and shows one', async () => {
    expect((await transfer(server, firma2, { kind: 'credit', lines: [{ cardId: demoCard(14), amountCents: 700 }] })).status).toBe(201);
    touched.add(demoCard(14));
    const list = await json(await server.api(`/companies/${CID}/transfers?productCode=ALIM`, { token: firma2.token }));
    expect(list.items.length).toBeGreaterThanOrEqual(1);
    expect(list.items[0].createdAt >= list.items[list.items.length - 1].createdAt).toBeTrue();
    const one = await server.api(`/companies/${CID}/transfers/${list.items[0].id}`, { token: firma2.token });
    expect(one.status).toBe(200);
    expect((await server.api(`/companies/${CID}/transfers/t${'0'.repeat(32)}`, { token: firma2.token })).status).toBe(404);
  });

  it('lists the product cards with their balances, and blocks and unblocks them with the password', async () => {
    const page = await json(await server.api(`/companies/${CID}/master-accounts/ALIM/cards?q=10000016`, { token: firma2.token }));
    expect(page.items.length).toBe(1);
    expect(page.items[0]).toEqual(jasmine.objectContaining({ cardId: demoCard(16), holderId: 'V10000016', status: 'ACTIVE', balanceCents: 0 }));
    expect(page.items[0].maskedPan).toMatch(/^627100\*{6}[0-9]{4}$/);
    const post = (action: string, key: string, password = firma2.password) =>
      server.api(`/companies/${CID}/master-accounts/ALIM/card-status`, {
        method: 'POST',
        token: firma2.token,
        headers: { 'Idempotency-Key': key },
        json: { cardIds: [demoCard(16)], action, password },
      });
    expect((await post('block', randomUUID(), 'Nope#20260')).status).toBe(403);
    const key = randomUUID();
    const blocked = await json(await post('block', key));
    expect(blocked.results).toEqual([jasmine.objectContaining({ cardId: demoCard(16), result: 'applied', status: 'BLOCKED' })]);
    expect((await json(await post('block', key))).results[0].result).toBe('applied'); // the same confirmation again
    expect((await json(await post('block', randomUUID()))).results[0].result).toBe('rejected'); // already blocked
    const unblocked = await json(await post('unblock', randomUUID()));
    expect(unblocked.results[0].status).toBe('ACTIVE');
    const audit = await auditEntries(server, { action: 'card.block', userId: 'firma2' });
    expect(audit.filter((a) => a.outcome === 'ok').length).toBeGreaterThanOrEqual(1);
  });
});
