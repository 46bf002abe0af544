import fs from 'node:fs';
import path from 'node:path';

/** Mail the e2e server wrote to DATA_DIR/outbox (no SMTP in tests). */
export interface OutboxMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  sentAt: string;
  file: string;
}

const outboxDir = () => path.join(process.env.E2E_DATA_DIR ?? '.e2e-data', 'outbox');

export function readOutbox(): OutboxMail[] {
  const dir = outboxDir();
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ ...JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')), file: f }));
}

/** Waits for a mail that arrived after `since` (a count from `readOutbox().length`) and matches. */
export async function waitForMail(since: number, match: (m: OutboxMail) => boolean, timeoutMs = 10_000): Promise<OutboxMail> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const found = readOutbox().slice(since).find(match);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no matching mail arrived in the outbox');
}
