import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DEMO_COMPANY_ID as CID, DEMO_USERS } from '../demo/demo-data';
import { readOutbox } from '../mail/mailer';
import { storeToolPath } from './testing/store-tool';

/**
 * The real server as a child process, killed with SIGKILL in the middle of processing a paid
 * 20,000-card EMI lot, then restarted on the same DATA_DIR: every record is applied exactly once.
 */
const MAIN = path.join(__dirname, '..', 'main.js');
const RECORDS = 20_000;
const password = (u: string) => DEMO_USERS.find((d) => d.userId === u)!.password;
const email = (u: string) => DEMO_USERS.find((d) => d.userId === u)!.email;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

interface Child {
  proc: ChildProcess;
  url: string;
  exited: Promise<void>;
}

async function startChild(dataDir: string): Promise<Child> {
  const port = await freePort();
  const proc = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_ITERATIONS: '1',
      LOGIN_RATE_PER_IP_PER_MINUTE: '10000',
      LOGIN_RATE_PER_USER_PER_MINUTE: '10000',
      STATIC_DIR: path.join(dataDir, 'no-static'),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
    try {
      if ((await fetch(`${url}/api/v1/health`)).status === 200) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  return { proc, url, exited };
}

async function stopChild(child: Child, signal: NodeJS.Signals = 'SIGTERM') {
  if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill(signal);
  await child.exited;
}

function tool(...args: string[]): any {
  const r = spawnSync(process.execPath, [storeToolPath, ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`store-tool ${args[0]}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

describe('processing survives a crash (real server, SIGKILL)', () => {
  let dataDir: string;
  let child: Child | null = null;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ce-crash-'));
  });
  afterAll(async () => {
    if (child) await stopChild(child, 'SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a paid 20,000-card EMI lot killed mid-processing is finished after restart, every record applied exactly once', async () => {
    // 1. first start seeds the demo; stop; write an AUTHORIZED lot into the stopped store
    child = await startChild(dataDir);
    await stopChild(child);
    const { lotId } = tool('insert-emi', dataDir, String(RECORDS));

    // 2. start, generate and pay through the API
    child = await startChild(dataDir);
    const api = async (p: string, init: { method?: string; token?: string; json?: unknown } = {}) => {
      const res = await fetch(`${child!.url}/api/v1${p}`, {
        method: init.method ?? 'GET',
        headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    };
    const login = async (u: string) => (await api('/auth/login', { method: 'POST', json: { userId: u, password: password(u) } })).body.accessToken as string;
    const otp = async (token: string, u: string, purpose: string) => {
      const seen = new Set(readOutbox(path.join(dataDir, 'outbox')).map((m) => m.sentAt + m.text));
      expect((await api(`/companies/${CID}/one-time-codes`, { method: 'POST', token, json: { purpose } })).status).toBe(202);
      const mail = readOutbox(path.join(dataDir, 'outbox')).find((m) => m.to === email(u) && !seen.has(m.sentAt + m.text))!;
      return /: ([0-9]{6})\n/.exec(mail.text)![1];
    };
    const token = await login('firma1');
    const calc = await api(`/companies/${CID}/orders/calculations`, { method: 'POST', token, json: { lotIds: [lotId], grouping: 'per-lot' } });
    expect(calc.status).toBe(201);
    const gen = await api(`/companies/${CID}/orders`, { method: 'POST', token, json: { calculationId: calc.body.id, password: password('firma1'), otp: await otp(token, 'firma1', 'order.generate') } });
    expect(gen.status).toBe(201);
    const orderId = gen.body.orders[0].id as string;
    const paid = await api(`/companies/${CID}/orders/${orderId}/payment`, { method: 'POST', token, json: { password: password('firma1'), otp: await otp(token, 'firma1', 'order.pay') } });
    expect(paid.status).toBe(200);

    // 3. SIGKILL once some but not all chunks are done
    const chunks = RECORDS / 1000;
    let killedAt = -1;
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
      const lot = await api(`/companies/${CID}/lots/${lotId}`, { token });
      const next = lot.body?.processing?.nextChunk ?? 0;
      if (next > 0 && next < chunks - 2) {
        child.proc.kill('SIGKILL');
        await child.exited;
        killedAt = next;
        break;
      }
      expect(lot.body.status).not.toBe('PROCESSED');
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(killedAt).toBeGreaterThan(0);
    const atKill = tool('verify', dataDir, lotId, orderId);
    expect(atKill.resultChunks).toBeGreaterThan(0);
    expect(atKill.resultChunks).toBeLessThan(chunks);

    // 4. restart on the same DATA_DIR: the claim's lease runs out (60 s), the lot is finished
    child = await startChild(dataDir);
    const token2 = (await api('/auth/login', { method: 'POST', json: { userId: 'firma1', password: password('firma1') } })).body.accessToken as string;
    let finished: any = null;
    for (const deadline = Date.now() + 240_000; Date.now() < deadline && !finished; ) {
      const lot = await api(`/companies/${CID}/lots/${lotId}`, { token: token2 });
      if (lot.body?.status === 'PROCESSED') finished = lot.body;
      else await new Promise((r) => setTimeout(r, 250));
    }
    expect(finished).withContext('PROCESSED after restart').not.toBeNull();
    expect(finished.processing.done).toBe(RECORDS);
    expect(finished.processing.rejected).toBe(0);
    const order = await api(`/companies/${CID}/orders/${orderId}`, { token: token2 });
    await stopChild(child);
    child = null;
    expect(order.body.processing.done).toBe(RECORDS);

    // 5. exactly once, checked in the store
    const v = tool('verify', dataDir, lotId, orderId);
    expect(v.cards).toBe(RECORDS);
    expect(v.distinctLines).toBe(RECORDS);
    expect(v.wrongBalance).toBe(0);
    expect(v.resultChunks).toBe(chunks);
    expect(v.resultsTotal).toBe(RECORDS);
    expect(v.resultsDone).toBe(RECORDS);
    expect(v.lotEntries).toBe(2 * RECORDS);
    expect(v.ledgerTotal).toBe(0);
    expect(v.cacheMismatch).toBe(0);
    expect(v.masterCache).toBe(v.masterView);
    expect(v.clearing).toBe(0);
  }, 600_000);
});
