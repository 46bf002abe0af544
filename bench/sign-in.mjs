// Sign-in latency over N sign-ins (p50/p95) with production argon2id parameters (19 MiB, t=2, p=1),
// next to the baseline of the same run: argon2id verification alone, in this process, same parameters.
import argon2 from 'argon2';
import fs from 'node:fs';
import { machine, percentile, startServer, tempDir } from './lib.mjs';

const n = Number(process.env.SIGN_INS ?? 200);
const port = 18310;
const dataDir = tempDir('ce-bench-login-');
const server = await startServer({
  port,
  dataDir,
  env: { LOGIN_RATE_PER_IP_PER_MINUTE: '100000', LOGIN_RATE_PER_USER_PER_MINUTE: '100000', API_RATE_PER_MINUTE: '100000' },
});
try {
  const users = [['carga', 'Carga#2026'], ['firma1', 'Firma1#2026'], ['firma2', 'Firma2#2026'], ['admin', 'Admin#2026']];
  const login = async (i) => {
    const [userId, password] = users[i % users.length];
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, password, deviceId: 'bench-device' }),
    });
    if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
    await res.json();
    return performance.now() - t0;
  };
  for (let i = 0; i < 8; i++) await login(i); // warm-up
  const latencies = [];
  for (let i = 0; i < n; i++) latencies.push(await login(i));

  const hash = await argon2.hash('Carga#2026', { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const verify = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await argon2.verify(hash, 'Carga#2026');
    verify.push(performance.now() - t0);
  }
  const fmt = (v) => `p50 ${percentile(v, 50).toFixed(1)} ms, p95 ${percentile(v, 95).toFixed(1)} ms`;
  console.log(`# sign-in latency — ${new Date().toISOString()} — ${machine()} — ${n} sequential sign-ins`);
  console.log(`baseline (argon2id verify alone, 19 MiB, t=2, p=1): ${fmt(verify)}`);
  console.log(`POST /api/v1/auth/login end to end: ${fmt(latencies)} → p50 ${(percentile(latencies, 50) / percentile(verify, 50)).toFixed(2)}× baseline`);
} finally {
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
