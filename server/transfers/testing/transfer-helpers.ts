import { randomUUID } from 'node:crypto';
import { createUser } from '../../accounts/accounts.service';
import { allBalances, balanceOf } from '../../ledger/ledger.service';
import { CID, demoUser, json, waitFor } from '../../orders/testing/order-helpers';
import { outboxOf, signIn } from '../../testing/helpers';
import type { TestServer } from '../../testing/test-server';
import { companyDb } from '../../store/databases';

/** Helpers the transfer specs share: users that may transfer, codes from the outbox, calls. */
export interface Caller {
  userId: string;
  password: string;
  email: string;
  token: string;
}

export async function callerOf(server: TestServer, userId: string): Promise<Caller> {
  const u = demoUser(userId);
  const token = (await signIn(server, u.userId, u.password)).accessToken;
  return { userId, password: u.password, email: u.email, token };
}

/** A fresh company user with `transfers.execute` in the demo company, signed in. */
export async function newTransferUser(server: TestServer, userId: string): Promise<Caller> {
  const password = 'Transfer#2026x';
  const email = `${userId}@alimentos-demo.example`;
  await createUser(server.ctx, {
    userId,
    role: 'company',
    name: `Usuario ${userId}`,
    email,
    password,
    mustChangePassword: false,
    memberships: [{ companyId: CID, permissions: ['transfers.execute', 'cards.view'] }],
  } as never);
  const token = (await signIn(server, userId, password)).accessToken;
  return { userId, password, email, token };
}

/** Asks for a code for `purpose` and reads it from the outbox. */
export async function codeFor(server: TestServer, caller: Caller, purpose: 'transfer' | 'funding'): Promise<string> {
  const key = (m: { sentAt: string; text: string }) => m.sentAt + m.text;
  const before = new Set(outboxOf(server).filter((m) => m.to === caller.email).map(key));
  const res = await server.api(`/companies/${CID}/one-time-codes`, { method: 'POST', token: caller.token, json: { purpose } });
  if (res.status !== 202) throw new Error(`otp ${purpose}: ${res.status} ${await res.text()}`);
  const mail = await waitFor('one-time code mail', async () => outboxOf(server).find((m) => m.to === caller.email && !before.has(key(m))));
  return /: ([0-9]{6})\n/.exec(mail.text)![1];
}

export interface Line {
  cardId: string;
  amountCents: number;
}

export async function transfer(
  server: TestServer,
  caller: Caller,
  body: { productCode?: string; kind: 'credit' | 'debit'; lines: Line[] },
  options: { key?: string; otp?: string; password?: string } = {},
) {
  const otp = options.otp ?? (await codeFor(server, caller, 'transfer'));
  const res = await server.api(`/companies/${CID}/transfers`, {
    method: 'POST',
    token: caller.token,
    headers: { 'Idempotency-Key': options.key ?? randomUUID() },
    json: { productCode: 'ALIM', ...body, password: options.password ?? caller.password, otp },
  });
  return { status: res.status, replayed: res.headers.get('idempotent-replayed') === 'true', body: await json(res) };
}

export async function fund(server: TestServer, caller: Caller, amountCents: number, options: { key?: string; otp?: string; productCode?: string } = {}) {
  const otp = options.otp ?? (await codeFor(server, caller, 'funding'));
  const res = await server.api(`/companies/${CID}/master-accounts/${options.productCode ?? 'ALIM'}/fundings`, {
    method: 'POST',
    token: caller.token,
    headers: { 'Idempotency-Key': options.key ?? randomUUID() },
    json: { fundingAccountId: 'principal', amountCents, password: caller.password, otp },
  });
  return { status: res.status, replayed: res.headers.get('idempotent-replayed') === 'true', body: await json(res) };
}

export async function preview(server: TestServer, caller: Caller, body: { productCode?: string; kind: 'credit' | 'debit'; lines: Line[] }) {
  const res = await server.api(`/companies/${CID}/transfers/previews`, { method: 'POST', token: caller.token, json: { productCode: 'ALIM', ...body } });
  return { status: res.status, body: await json(res) };
}

/** The operator sets a product's transfer settings through the products PATCH. */
export async function setTransferSettings(server: TestServer, settings: Record<string, unknown>, productCode = 'ALIM') {
  const operator = await callerOf(server, 'operador');
  const res = await server.api(`/companies/${CID}/products/${productCode}`, { method: 'PATCH', token: operator.token, json: { transfers: settings } });
  if (res.status !== 200) throw new Error(`settings: ${res.status} ${await res.text()}`);
  return json(res);
}

export const NO_LIMITS = {
  feeCents: 0,
  minAmountCents: 1,
  maxAmountCents: null,
  dailyAmountCents: null,
  dailyCount: null,
  weeklyAmountCents: null,
  weeklyCount: null,
};

export const masterCached = async (server: TestServer, productCode = 'ALIM') =>
  ((await server.ctx.store.use(companyDb(CID, 'accounts')).get(`account:${productCode}`)) as unknown as { balanceCents: number }).balanceCents;

export const cardCached = async (server: TestServer, cardId: string) =>
  ((await server.ctx.store.use(companyDb(CID, 'cards')).get(`card:${cardId}`)) as unknown as { balanceCents: number }).balanceCents;

/**
 * The books: the sum of every entry is zero, and every cached balance (master accounts, the given
 * cards) equals the sum of its account's entries.
 */
export async function expectBooksBalance(server: TestServer, cardIds: string[], products = ['ALIM', 'REGA']) {
  const { total, byAccount } = await allBalances(server.ctx, CID);
  expect(total).withContext('sum of all ledger entries').toBe(0);
  for (const p of products) {
    expect(await masterCached(server, p)).withContext(`master ${p}: cached = entries`).toBe(byAccount.get(`master:${p}`) ?? 0);
  }
  for (const id of cardIds) {
    expect(await cardCached(server, id)).withContext(`card ${id}: cached = entries`).toBe(await balanceOf(server.ctx, CID, `card:${id}`));
  }
}

export const demoCard = (n: number) => `demo-${String(n).padStart(4, '0')}`;
export { CID };
