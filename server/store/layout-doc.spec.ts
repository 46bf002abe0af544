import fs from 'node:fs';
import path from 'node:path';
import { PUSH_KINDS, SYNC_KINDS } from '../../src/domain/sync-kinds';
import '../feature-list'; // every feature's database declarations
import { DEMO_COMPANY_ID } from '../demo/demo-data';
import { startTestServer, type TestServer } from '../testing/test-server';
import { COMPANY_DB_KINDS, companyDb, globalDatabaseSpecs } from './databases';

/**
 * docs/architecture.md "Database layout" is the written-down design of issue 2: its diagram must name
 * exactly the databases the code declares and a server creates, and put each company database in the
 * group (replicated, pushed, server only) the sync endpoint treats it as.
 */
const DOC = path.join(__dirname, '..', '..', '..', '..', 'docs', 'architecture.md');

function diagram() {
  const text = fs.readFileSync(DOC, 'utf8');
  const section = text.slice(text.indexOf('## Database layout'));
  const block = section.slice(section.indexOf('```') + 3, section.indexOf('```', section.indexOf('```') + 3));
  const global = [...block.matchAll(/\b(ce_[a-z_]+)\b/g)].map((m) => m[1]);
  // company databases by group: the groups are separated by ├──┤ rows in the company box
  const groups: string[][] = [[]];
  for (const line of block.split('\n')) {
    if (/├─+┤/.test(line)) groups.push([]);
    const kind = /co_…_([a-z]+)/.exec(line)?.[1];
    if (kind) groups[groups.length - 1].push(kind);
  }
  return { global, replicated: groups[0], pushed: groups[1] ?? [], serverOnly: groups[2] ?? [] };
}

describe('docs/architecture.md database layout', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('names every global database the code declares, once, and no other', () => {
    const { global } = diagram();
    expect([...global].sort()).toEqual(globalDatabaseSpecs().map((s) => s.name).sort());
  });

  it("names every company database kind in the group the sync endpoint treats it as", () => {
    const d = diagram();
    expect([...d.replicated, ...d.pushed, ...d.serverOnly].sort()).toEqual([...COMPANY_DB_KINDS].sort());
    expect(d.replicated.sort()).toEqual(SYNC_KINDS.filter((k) => !PUSH_KINDS.includes(k)).sort());
    expect(d.pushed.sort()).toEqual([...PUSH_KINDS].sort());
    expect(d.serverOnly.sort()).toEqual(COMPANY_DB_KINDS.filter((k) => !(SYNC_KINDS as readonly string[]).includes(k)).sort());
  });

  it('is what a started server has created: the global databases and one set per company', async () => {
    const { global, replicated, pushed, serverOnly } = diagram();
    const expected = [...global, ...[...replicated, ...pushed, ...serverOnly].map((k) => companyDb(DEMO_COMPANY_ID, k as never))];
    expect((await server.ctx.store.client.db.list()).sort()).toEqual(expected.sort());
  });
});
