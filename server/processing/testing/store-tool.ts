/**
 * A tiny command-line tool for the crash spec: opens a stopped server's embedded store (DATA_DIR),
 * does one thing, prints JSON and exits (so the store's files are free for the next server).
 *   node store-tool.js insert-emi <dataDir> <records>
 *   node store-tool.js verify <dataDir> <lotId> <orderId>
 */
import path from 'node:path';
import type { LotResultsChunkDoc } from '../../../src/domain/lots/lot.model';
import type { ServerContext } from '../../context';
import { loadConfig } from '../../config';
import { DEMO_COMPANY_ID as CID } from '../../demo/demo-data';
import '../../feature-list';
import { allBalances } from '../../ledger/ledger.service';
import { createLogger } from '../../logger';
import { emiRecords, insertLot } from '../../orders/testing/lot-fixtures';
import { companyDb } from '../../store/databases';
import { openStore } from '../../store/store';
import type { ProcessedCardDoc } from '../processing.model';

/** The initial load of record i of the crash spec's lot, in cents. */
export const crashAmount = (i: number) => 10 + (i % 5) * 10;

async function main() {
  const [cmd, dataDir, ...args] = process.argv.slice(2);
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const log = createLogger('silent');
  const store = await openStore({ storeDir: config.storeDir, log });
  const ctx: ServerContext = { config, log, store, now: () => new Date() };
  let out: unknown;
  if (cmd === 'insert-emi') {
    const n = Number(args[0]);
    out = { lotId: await insertLot(ctx, { lotType: 'EMI', records: emiRecords(n, 50_000_000, crashAmount) }) };
  } else if (cmd === 'verify') {
    const [lotId, orderId] = args;
    const cards = (await store.use<ProcessedCardDoc>(companyDb(CID, 'cards')).list({ include_docs: true })).rows
      .map((r) => r.doc as unknown as ProcessedCardDoc)
      .filter((c) => c.type === 'card');
    const mine = cards.filter((c) => c.lotId === lotId);
    const { byAccount, total } = await allBalances(ctx, CID);
    const wrongBalance = mine.filter((c) => c.balanceCents !== crashAmount((c.line ?? 0) - 2)).length;
    const cacheMismatch = cards.filter((c) => c.balanceCents !== (byAccount.get(`card:${c.cardId}`) ?? 0)).length;
    const results = (await store.use<LotResultsChunkDoc>(companyDb(CID, 'lotrecords')).list({ include_docs: true, startkey: `results:${lotId}:`, endkey: `results:${lotId}:\ufff0` })).rows.map(
      (r) => r.doc as unknown as LotResultsChunkDoc,
    );
    const master = (await store.use<{ balanceCents: number }>(companyDb(CID, 'accounts')).get('account:ALIM')) as unknown as { balanceCents: number };
    const entries = (await store.use(companyDb(CID, 'ledger')).list({ startkey: `entry:lot:${lotId}:`, endkey: `entry:lot:${lotId}:\ufff0` })).rows.length;
    out = {
      cards: mine.length,
      distinctLines: new Set(mine.map((c) => c.line)).size,
      wrongBalance,
      cacheMismatch,
      ledgerTotal: total,
      masterCache: master.balanceCents,
      masterView: byAccount.get('master:ALIM') ?? 0,
      clearing: byAccount.get(`clearing:${orderId}`) ?? 0,
      lotEntries: entries,
      resultChunks: results.length,
      resultsDone: results.reduce((s, d) => s + d.results.filter((r) => r.status === 'DONE').length, 0),
      resultsTotal: results.reduce((s, d) => s + d.results.length, 0),
    };
  } else if (cmd === 'baseline') {
    // raw _bulk_docs of n card-like documents (1,000 per request) into a scratch database of the same store
    const n = Number(args[0]);
    const name = companyDb(CID, 'cards') + '_bench';
    await store.client.db.create(name).catch(() => undefined);
    const db = store.use(name);
    const at = new Date().toISOString();
    const started = performance.now();
    for (let i = 0; i < n; i += 1000) {
      const docs = [];
      for (let j = i; j < Math.min(n, i + 1000); j++) {
        docs.push({
          _id: `card:bench-${j}`, type: 'card', cardId: `bench-${j}`, companyId: CID, productCode: 'ALIM',
          holder: { idType: 'V', idNumber: String(50_000_000 + j), firstName: 'María José', lastName: 'Pérez Ñáñez' },
          maskedPan: '627100******1234', last4: '1234', panToken: 'tok_xxxxxxxxxxxxxxxxxxxxxxxx', status: 'ACTIVE',
          plasticStatus: 'AT_BANK', balanceCents: 100, branchCode: '001', issuedAt: at, deliveredAt: null, updatedAt: at,
        });
      }
      await db.bulk({ docs });
    }
    out = { ms: performance.now() - started };
    await store.client.db.destroy(name);
  } else {
    throw new Error(`unknown command ${cmd}`);
  }
  process.stdout.write(JSON.stringify(out) + '\n');
  await store.close();
  process.exit(0);
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(String(err?.stack ?? err) + '\n');
    process.exit(1);
  });
}
export const storeToolPath = path.join(__dirname, 'store-tool.js');
