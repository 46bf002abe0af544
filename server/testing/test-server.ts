import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../bootstrap';
import { createLogger, type Logger } from '../logger';

/**
 * A real server on the real embedded store, in a fresh DATA_DIR, on a free port.
 * Tests talk to it over HTTP like any client would. argon2 costs are lowered only here.
 */
export interface TestServer extends RunningServer {
  dataDir: string;
  clock: { offsetMs: number };
  api(pathname: string, init?: RequestInit & { json?: unknown; token?: string }): Promise<Response>;
}

export async function startTestServer(env: Record<string, string> = {}, options: { log?: Logger } = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ce-test-'));
  const clock = { offsetMs: 0 };
  const server = await startServer({
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_ITERATIONS: '1',
      STATIC_DIR: path.join(dataDir, 'no-static'),
      // many sign-ins from 127.0.0.1 within a minute; the rate-limit spec sets its own low values
      LOGIN_RATE_PER_IP_PER_MINUTE: '10000',
      LOGIN_RATE_PER_USER_PER_MINUTE: '10000',
      ...env,
    },
    log: options.log ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    now: () => new Date(Date.now() + clock.offsetMs),
  });
  return {
    ...server,
    dataDir,
    clock,
    api: (pathname, init = {}) => {
      const headers = new Headers(init.headers);
      if (init.json !== undefined) headers.set('content-type', 'application/json');
      if (init.token) headers.set('authorization', `Bearer ${init.token}`);
      return fetch(server.url + '/api/v1' + pathname, {
        ...init,
        headers,
        body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
      });
    },
    close: async () => {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
