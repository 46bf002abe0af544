import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startServer } from '../bootstrap';
import { createLogger } from '../logger';
import { companyDb } from '../store/databases';
import { DEMO_COMPANY_ID, DEMO_USERS } from './demo-data';

/**
 * Issue 2 point 4, through the real commands: `npm start`'s server process (dist/server/server/main.js)
 * seeds an empty store and PRINTS the demo; `npm run demo:reset`'s script (demo/reset-cli.js) drops
 * what was changed and re-creates the demo, printing it too. Child processes, real DATA_DIR.
 */
describe('demo through the start and demo:reset commands', () => {
  const serverDir = path.join(__dirname, '..');
  let dataDir: string;
  const children: ChildProcessWithoutNullStreams[] = [];
  const env = () => ({
    ...process.env,
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_ITERATIONS: '1',
    STATIC_DIR: path.join(dataDir, 'no-static'),
    SEED: 'demo',
    COUCHDB_URL: '',
    SMTP_URL: '',
  });
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ce-demo-cmd-'));
  });
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const freePort = () =>
    new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });

  /** Runs a script of dist/server/server until `until` shows in its stdout (or it exits). */
  function run(script: string, extraEnv: Record<string, string>, until: RegExp | null) {
    const env0 = { ...env(), ...extraEnv } as NodeJS.ProcessEnv;
    for (const key of ['COUCHDB_URL', 'SMTP_URL']) if (!env0[key]) delete env0[key];
    const child = spawn(process.execPath, [path.join(serverDir, script)], { env: env0 });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const done = new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script} timed out:\n${stdout}\n${stderr}`)), 90_000);
      const check = () => {
        if (until && until.test(stdout)) {
          clearTimeout(timer);
          resolve({ stdout, stderr, code: null });
        }
      };
      child.stdout.on('data', check);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ stdout, stderr, code });
      });
    });
    return { child, done };
  }

  /** SIGTERM once the server answers (main.js installs its handler right after listening): a clean stop, exit 0. */
  async function stop(child: ChildProcessWithoutNullStreams, port: number): Promise<number | null> {
    for (let i = 0; i < 200; i++) {
      const health = await fetch(`http://127.0.0.1:${port}/api/v1/health`).catch(() => null);
      if (health?.status === 200) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 200));
    return new Promise<number | null>((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  }

  function expectDemoTable(stdout: string, port: number | null) {
    expect(stdout).toContain('=== Conexión Empresas — datos de demostración ===');
    if (port !== null) expect(stdout).toContain(`URL:      http://localhost:${port}`);
    expect(stdout).toContain('Alimentos Demo C.A. (RIF J000000001)');
    expect(stdout).toContain('200 tarjetas ALIM activas');
    for (const u of DEMO_USERS) {
      const line = stdout.split('\n').find((l) => l.trim().startsWith(u.userId + ' '));
      expect(line).withContext(u.userId).toBeDefined();
      expect(line).withContext(u.userId).toContain(u.password);
      for (const p of u.permissions) expect(line).withContext(u.userId).toContain(p);
    }
  }

  it('start on an empty store seeds the demo and prints it; demo:reset undoes changes, re-creates and prints it', async () => {
    const port = await freePort();
    const started = run('main.js', { PORT: String(port) }, /Conexión Empresas listening/);
    const first = await started.done;
    expect(first.code).withContext(first.stderr).toBeNull(); // still running
    expectDemoTable(first.stdout, port);
    expect(first.stdout).toContain('"msg":"store seeded"');

    // the demo answers; then a change the reset must undo: a third branch
    const base = `http://127.0.0.1:${port}/api/v1`;
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'admin', password: 'Admin#2026' }),
    });
    expect(login.status).toBe(200);
    const { accessToken, mustChangePassword } = await login.json();
    expect(mustChangePassword).toBeFalse();
    const branch = await fetch(`${base}/companies/${DEMO_COMPANY_ID}/branches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ code: '003', name: 'Maracaibo' }),
    });
    expect(branch.status).toBe(201);
    expect(await stop(started.child, port)).toBe(0);

    // a second start over the same store seeds nothing (not empty) but still prints the demo
    const port2 = await freePort();
    const again = run('main.js', { PORT: String(port2) }, /Conexión Empresas listening/);
    const second = await again.done;
    expectDemoTable(second.stdout, port2);
    expect(second.stdout).not.toContain('"msg":"store seeded"');
    expect(await stop(again.child, port2)).toBe(0);

    const reset = await run('demo/reset-cli.js', {}, null).done;
    expect(reset.code).withContext(reset.stderr).toBe(0);
    expectDemoTable(reset.stdout, null);

    // what the store holds now: the demo of API.md, without the branch added above
    const server = await startServer({
      env: { ...env(), PORT: '0', LOG_LEVEL: 'silent', COUCHDB_URL: undefined, SMTP_URL: undefined },
      log: createLogger('silent'),
    });
    try {
      const ids = async (db: string) =>
        (await server.ctx.store.use(db).list()).rows.map((r) => r.id).filter((id) => !id.startsWith('_design/'));
      expect(await ids(companyDb(DEMO_COMPANY_ID, 'branches'))).toEqual(['branch:001', 'branch:002']);
      expect((await ids('ce_users')).sort()).toEqual(DEMO_USERS.map((u) => `user:${u.userId}`).sort());
      expect((await ids(companyDb(DEMO_COMPANY_ID, 'cards'))).length).toBe(200);
      // the old session died with the reset
      const me = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } });
      expect(me.status).toBe(401);
    } finally {
      await server.close();
    }
  }, 240_000);
});
