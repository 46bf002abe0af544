import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES, loadConfig } from './config';

/**
 * README.md's "Configuration" table tells the truth: it names every variable the server reads and
 * none it does not, and the defaults it states are the ones loadConfig applies.
 */
const README = path.join(__dirname, '..', '..', '..', 'README.md');

function readmeTable(): Map<string, string> {
  const text = fs.readFileSync(README, 'utf8');
  const section = text.slice(text.indexOf('### Configuration'), text.indexOf('## Test it'));
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 4 || !cells[1].startsWith('`')) continue;
    for (const name of cells[1].matchAll(/`([A-Z0-9_]+)`/g)) rows.set(name[1], cells[cells.length - 2]);
  }
  return rows;
}

describe('README configuration table', () => {
  it('lists exactly the variables server/config.ts reads', () => {
    expect([...readmeTable().keys()].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it('states the defaults loadConfig applies', () => {
    const table = readmeTable();
    const c = loadConfig({});
    const defaults: Record<string, string> = {
      PORT: `\`${c.port}\``,
      HOST: `\`${c.host}\``,
      LOG_LEVEL: `\`${c.logLevel}\``,
      SEED: `\`${c.seed}\``,
      ACCESS_TOKEN_TTL_SECONDS: `\`${c.accessTokenTtlSeconds}\``,
      REFRESH_TOKEN_TTL_SECONDS: `\`${c.refreshTokenTtlSeconds}\` (12 h)`,
      LOGIN_RATE_PER_IP_PER_MINUTE: `\`${c.loginRatePerIpPerMinute}\` / \`${c.loginRatePerUserPerMinute}\``,
      API_RATE_PER_MINUTE: `\`${c.apiRatePerMinute}\``,
      API_KEY_RATE_PER_MINUTE: `\`${c.apiKeyRatePerMinute}\``,
      ARGON2_MEMORY_KIB: `\`${c.argon2.memoryCost}\` / \`${c.argon2.timeCost}\``,
      PROCESSING_SWEEP_SECONDS: `\`${c.processingSweepSeconds}\``,
      INDEX_WARMER: `\`${c.indexWarmer ? 'on' : 'off'}\``,
      HOLDER_SET_WARMUP: `\`${c.holderSetWarmup ? 'on' : 'off'}\``,
      REPORT_ROLLUP: `\`${c.reportRollup ? 'on' : 'off'}\``,
      DATA_DIR: '`./data`',
    };
    for (const [name, text] of Object.entries(defaults)) expect(table.get(name)).withContext(name).toBe(text);
    expect(path.relative(process.cwd(), c.dataDir)).toBe('data');
    expect(c.couchdbUrl).toBeUndefined(); // "embedded"
  });
});
