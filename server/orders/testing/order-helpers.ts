import type { TestServer } from '../../testing/test-server';
import { outboxOf, signIn } from '../../testing/helpers';
import { DEMO_COMPANY_ID, DEMO_USERS } from '../../demo/demo-data';
import type { OneTimeCodePurpose } from '../../../src/domain/orders/order.model';

/** Helpers the order/processing specs share: sign-in by demo user id, one-time codes from the outbox. */
export const CID = DEMO_COMPANY_ID;
export const demoUser = (userId: string) => DEMO_USERS.find((u) => u.userId === userId)!;

export async function tokenOf(server: TestServer, userId: string): Promise<string> {
  return (await signIn(server, userId, demoUser(userId).password)).accessToken;
}

/** Asks for a code and reads it from the outbox. */
export async function otpFor(server: TestServer, token: string, userId: string, purpose: OneTimeCodePurpose): Promise<string> {
  const to = demoUser(userId).email;
  const key = (m: { sentAt: string; text: string }) => m.sentAt + m.text;
  const before = new Set(outboxOf(server).filter((m) => m.to === to).map(key));
  const res = await server.api(`/companies/${CID}/one-time-codes`, { method: 'POST', token, json: { purpose } });
  if (res.status !== 202) throw new Error(`otp ${purpose}: ${res.status} ${await res.text()}`);
  // the new message (file names sort by the server clock, which a spec may have moved)
  const mail = await waitFor('one-time code mail', async () => outboxOf(server).find((m) => m.to === to && !before.has(key(m))));
  return /: ([0-9]{6})\n/.exec(mail.text)![1];
}

export async function json(res: Response): Promise<any> {
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

export async function calculate(server: TestServer, token: string, lotIds: string[], grouping: 'per-lot' | 'per-type' = 'per-lot') {
  const res = await server.api(`/companies/${CID}/orders/calculations`, { method: 'POST', token, json: { lotIds, grouping } });
  return { status: res.status, body: await json(res) };
}

/** Calculation + code + generation by `userId`; answers the generated orders (fails the test otherwise). */
export async function generate(server: TestServer, userId: string, lotIds: string[], grouping: 'per-lot' | 'per-type' = 'per-lot') {
  const token = await tokenOf(server, userId);
  const calc = await calculate(server, token, lotIds, grouping);
  if (calc.status !== 201) throw new Error(`calc: ${calc.status} ${JSON.stringify(calc.body)}`);
  const otp = await otpFor(server, token, userId, 'order.generate');
  const res = await server.api(`/companies/${CID}/orders`, {
    method: 'POST',
    token,
    json: { calculationId: calc.body.id, password: demoUser(userId).password, otp },
  });
  const body = await json(res);
  if (res.status !== 201) throw new Error(`generate: ${res.status} ${JSON.stringify(body)}`);
  return body.orders as any[];
}

export async function pay(server: TestServer, userId: string, orderId: string) {
  const token = await tokenOf(server, userId);
  const otp = await otpFor(server, token, userId, 'order.pay');
  const res = await server.api(`/companies/${CID}/orders/${orderId}/payment`, {
    method: 'POST',
    token,
    json: { password: demoUser(userId).password, otp },
  });
  return { status: res.status, body: await json(res) };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
