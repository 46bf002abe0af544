import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkOpenFiles, OPEN_FILES_PER_COMPANY, openFilesLimit } from './open-files';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max processes             95000                95000                processes
Max open files            1024                 524288               files
Max locked memory         8388608              8388608              bytes`;

describe('open files the embedded store will need', () => {
  it('reads the soft limit of /proc/self/limits', () => {
    expect(openFilesLimit(LIMITS)).toBe(1024);
    expect(openFilesLimit(LIMITS.replace('1024 ', 'unlimited'))).toBe(Number.POSITIVE_INFINITY);
    expect(openFilesLimit('nothing of the kind')).toBeNull();
    expect(openFilesLimit(null)).toBeNull();
    if (process.platform === 'linux') expect(openFilesLimit()).toBeGreaterThan(0);
  });

  it('counts about sixty files a company: a 1024 limit holds a few companies, not thousands', () => {
    expect(OPEN_FILES_PER_COMPANY).toBe(60);
    expect(checkOpenFiles(5, 1024).enough).toBeTrue();
    expect(checkOpenFiles(20, 1024)).toEqual({ companies: 20, needed: 1700, limit: 1024, enough: false });
    expect(checkOpenFiles(5000, 524288).enough).toBeTrue();
    expect(checkOpenFiles(5000, null).enough).withContext('unknown limit: nothing to say').toBeTrue();
  });

  it('a server restarted under too low a limit says so in its log, and still serves', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ce-open-files-'));
    try {
      const seeding = await startUnderLimit(dataDir, null); // the demo company is created by this first start
      expect(seeding.lines.some((l) => /open files/.test(l.msg))).toBeFalse();
      await seeding.stop();

      const restart = await startUnderLimit(dataDir, 540);
      try {
        const warning = restart.lines.find((l) => /open files/.test(l.msg));
        expect(warning).withContext(JSON.stringify(restart.lines).slice(-2000)).toBeDefined();
        expect(warning!['level']).toBe(40);
        expect(warning).toEqual(jasmine.objectContaining({ companies: 1, needed: 560, limit: 540, enough: false }));
        expect((await fetch(`${restart.url}/api/v1/health`)).status).toBe(200);
      } finally {
        await restart.stop();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

type LogLine = Record<string, unknown> & { msg: string };

/** The built server in a process of its own whose open-files limit is `limit` (null: this one's), up to its "listening" line. */
async function startUnderLimit(dataDir: string, limit: number | null) {
  const main = path.join(__dirname, '..', 'main.js');
  // a fresh process as a service manager starts it: LevelDB opens its files without close-on-exec, so
  // this test process's embedded stores would otherwise be inherited and counted against the limit
  const closeInherited = 'for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done 2>/dev/null';
  const child = spawn('bash', ['-c', `${closeInherited}; ${limit === null ? '' : `ulimit -n ${limit} && `}exec "${process.execPath}" "${main}"`], {
    // only what this start needs: other specs of the suite may have set variables of their own in this process
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1', STATIC_DIR: path.join(dataDir, 'none') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let errors = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (errors += c));
  const lines = () => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);
  const started = Date.now();
  while (!lines().some((l) => l.msg === 'Conexión Empresas listening') && Date.now() - started < 60_000 && child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const listening = lines().find((l) => l.msg === 'Conexión Empresas listening');
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  };
  if (!listening) {
    await stop();
    throw new Error(`the server did not start (exit ${child.exitCode}): ${out.slice(-1500)} ${errors.slice(-1500)}`);
  }
  return { lines: lines(), url: String(listening['url']), stop };
}
