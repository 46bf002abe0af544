import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { signIn } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';

const run = promisify(execFile);
const CLI = path.join(__dirname, 'reset-cli.js');

/** `npm run demo:reset` as README says: it re-creates the demo on a stopped server's DATA_DIR, and refuses (changing nothing) while a server holds it. */
/** argon2 costs lowered as in every server spec (server/testing/test-server.ts) */
const CHEAP_ENV = { ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' };
const DEMO_USER_LINES = ['operador   Operador#2026', 'carga      Carga#2026', 'firma1     Firma1#2026', 'firma2     Firma2#2026', 'admin      Admin#2026'];
const withoutStoreUrl = (env: NodeJS.ProcessEnv) => Object.fromEntries(Object.entries(env).filter(([k]) => k !== 'COUCHDB_URL'));

async function resetCli(dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI], {
      env: { ...withoutStoreUrl(process.env), ...CHEAP_ENV, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run demo:reset (server/demo/reset-cli.ts)', () => {
  const dirs: string[] = [];
  const servers: TestServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  });

  /** A server on a folder of our own (closing a test server removes only the folder it made itself). */
  async function serverWithChangedUser(): Promise<{ dataDir: string; server: TestServer }> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ce-reset-cli-'));
    dirs.push(dataDir);
    const server = await startTestServer({ DATA_DIR: dataDir });
    servers.push(server);
    const users = server.ctx.store.use<{ name: string }>('ce_users');
    await users.insert({ ...(await users.get('user:carga')), name: 'Cambiado' });
    return { dataDir, server };
  }
  const cargaName = async (server: TestServer) => (await server.ctx.store.use<{ name: string }>('ce_users').get('user:carga')).name;

  it('while a server runs on the DATA_DIR: exits 1 with a Spanish message and changes nothing', async () => {
    const { dataDir, server } = await serverWithChangedUser();
    const answer = await resetCli(dataDir);
    expect(answer.code).toBe(1);
    expect(answer.stderr).toContain('No se pudo reiniciar la demostración: el almacén de datos');
    expect(answer.stderr).toContain('ya está abierto por otro proceso');
    expect(answer.stderr).not.toMatch(/IO error|LOCK/);
    // the running server still has its data, the change included
    expect(await cargaName(server)).toBe('Cambiado');
    await signIn(server, 'carga', 'Carga#2026');
  }, 180_000);

  it('a server started on an empty DATA_DIR (its own process) prints the demo users; after it stopped the reset re-creates the demo, prints them, and the next start serves it', async () => {
    // the server in a process of its own, as `npm start` runs it (a test server's store stays open in this process)
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ce-reset-cli-'));
    dirs.push(dataDir);
    const child = spawn(process.execPath, [path.join(__dirname, '..', 'main.js')], {
      env: { ...withoutStoreUrl(process.env), ...CHEAP_ENV, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', STATIC_DIR: path.join(dataDir, 'none') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let printed = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        printed += String(chunk);
        const line = printed.split('\n').find((l) => l.includes('Conexión Empresas listening'));
        if (line) resolve(JSON.parse(line).url);
      });
      child.once('exit', (code) => reject(new Error(`server exited ${code}: ${printed}`)));
    });
    // the fresh store got the demo, and the start printed its users (API.md "Demo data")
    for (const line of DEMO_USER_LINES) expect(printed).toContain(line);
    const login = (userId: string, password: string) =>
      fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, password }) });
    const session = await (await login('carga', 'Carga#2026')).json();
    const changed = await fetch(`${url}/api/v1/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.accessToken}` },
      body: JSON.stringify({ currentPassword: 'Carga#2026', newPassword: 'Otra-Clave-2026' }),
    });
    expect(changed.status).toBe(200);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;

    const answer = await resetCli(dataDir);
    expect(answer.code).withContext(answer.stderr).toBe(0);
    for (const line of DEMO_USER_LINES) expect(answer.stdout).toContain(line);

    const next = await startTestServer({ DATA_DIR: dataDir });
    servers.push(next);
    await signIn(next, 'carga', 'Carga#2026'); // the demo password again
    expect((await next.api('/auth/login', { method: 'POST', json: { userId: 'carga', password: 'Otra-Clave-2026' } })).status).toBe(401);
  }, 180_000);
});
