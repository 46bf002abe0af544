import path from 'node:path';
import type { LoginAnswer } from '../../src/domain/session';
import { readOutbox, type OutboxMessage } from '../mail/mailer';
import type { TestServer } from './test-server';

/** Signs in and returns the answer; fails the test with the server's body otherwise. */
export async function signIn(server: TestServer, userId: string, password: string, extra: Record<string, unknown> = {}): Promise<LoginAnswer> {
  const res = await server.api('/auth/login', { method: 'POST', json: { userId, password, ...extra } });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`sign-in of ${userId} answered ${res.status}: ${JSON.stringify(body)}`);
  return body as LoginAnswer;
}

export function outboxOf(server: TestServer): OutboxMessage[] {
  return readOutbox(path.join(server.dataDir, 'outbox'));
}

/** Waits until the outbox holds a message for `to` beyond the first `skip` ones (mail is sent after answering). */
export async function waitForMail(server: TestServer, to: string, skip = 0, timeoutMs = 5000): Promise<OutboxMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mine = outboxOf(server).filter((m) => m.to === to);
    if (mine.length > skip) return mine[mine.length - 1];
    if (Date.now() > deadline) throw new Error(`no mail for ${to} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function auditEntries(server: TestServer, selector: Record<string, unknown>) {
  const answer = await server.ctx.store.use('ce_audit').find({ selector: { type: 'audit', ...selector }, limit: 10_000 });
  return (answer.docs as unknown as Array<Record<string, unknown>>).sort((a, b) => String(a._id).localeCompare(String(b._id)));
}

/**
 * Every document of every database of ours (id → revision), the audit log apart: what "nothing was
 * stored" is compared against. The audit log is counted separately, because a refused sign-in is
 * itself an event it must record.
 */
export async function storeSnapshot(server: TestServer): Promise<{ docs: Record<string, string>; auditCount: number }> {
  const docs: Record<string, string> = {};
  const names = (await server.ctx.store.client.db.list()).filter((n) => /^(ce|co)_/.test(n) && n !== 'ce_audit');
  for (const name of names) {
    const rows = (await server.ctx.store.use(name).list()).rows;
    for (const row of rows) docs[`${name}/${row.id}`] = row.value.rev;
  }
  const auditCount = (await server.ctx.store.use('ce_audit').info()).doc_count;
  return { docs, auditCount };
}

/** The variant and cost an argon2 PHC string records ($argon2id$v=19$m=…,t=…,p=…$salt$hash, in any order). */
export function argon2Parameters(hash: string): { type: string; m: number; t: number; p: number } {
  const [, type, , params] = hash.split('$');
  const values = Object.fromEntries(params.split(',').map((kv) => kv.split('=')).map(([k, v]) => [k, Number(v)]));
  return { type, m: values.m, t: values.t, p: values.p };
}
