// Seeds cardholders into a STOPPED server's store the way EMI processing leaves them: per person one
// ACTIVE card (server/processing/card-docs.ts issuedCardDoc, a Luhn-valid number kept only as token +
// masked form by card-numbers.ts issueCardNumber) and its holder pointer (cards-access.ts pointerFor,
// `person:<product>:<key>` in co_<cid>_holders) — the product's own builders from dist/, written
// through nano `_bulk_docs` in batches of BATCH, cards and pointers in parallel, no ledger entries
// and no initial load (balance 0: the REC lot validation reads only the pointers). The store is
// opened in this process (embedded PouchDB Server over DATA_DIR/store, as the server opens it), so
// the server must be stopped. Card views are not built (the next start's index warmer, or
// INDEX_WARMER=off, decides).
//
// The store's LevelDB files stay locked by the process that opened them (the embedded store's close
// frees its HTTP side only), so each call runs in a child process of its own.
//
//   await seedHolders({ dataDir, count, firstIdNumber })      → ms
//   await dropHolderSnapshot(dataDir)                          (the holder set's stored snapshot)
//   node bench/lib/seed-holders.mjs seed <dataDir> <count> <firstIdNumber>
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { root } from '../lib.mjs';

const require = createRequire(import.meta.url);
const dist = (p) => require(path.join(root, 'dist/server/server', p));
const BATCH = 10_000;

const self = new URL(import.meta.url).pathname;

export async function seedHolders({ dataDir, count, firstIdNumber }) {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [self, 'seed', dataDir, String(count), String(firstIdNumber)], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`seed-holders seed exited with ${run.status}`);
  return performance.now() - t0;
}

export async function dropHolderSnapshot(dataDir) {
  const run = spawnSync(process.execPath, [self, 'drop-snapshot', dataDir], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`seed-holders drop-snapshot exited with ${run.status}`);
}

async function seedInProcess({ dataDir, count, firstIdNumber, companyId = 'cdemo000001', productCode = 'ALIM', bin = '627100', log = console.log }) {
  const { loadConfig } = dist('config.js');
  const { createLogger } = dist('logger.js');
  const { openStore } = dist('store/store.js');
  const { companyDb } = dist('store/databases.js');
  const { issuedCardDoc } = dist('processing/card-docs.js');
  const { pointerFor } = dist('processing/cards-access.js');
  const { issueCardNumber } = dist('processing/card-numbers.js');
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const store = await openStore({ storeDir: config.storeDir, log: createLogger('silent') });
  const cards = store.use(companyDb(companyId, 'cards'));
  const pointers = store.use(companyDb(companyId, 'holders'));
  const at = new Date().toISOString();
  const lotId = 'seed';
  const t0 = performance.now();
  try {
    for (let i = 0; i < count; i += BATCH) {
      const cardDocs = [];
      for (let j = i; j < Math.min(count, i + BATCH); j++) {
        cardDocs.push(
          issuedCardDoc({
            companyId,
            productCode,
            cardId: `${lotId}-${j + 2}`,
            holder: { idType: 'V', idNumber: String(firstIdNumber + j), firstName: 'María José', lastName: 'Pérez Ñáñez' },
            number: issueCardNumber(bin),
            amountCents: 0,
            appliedEntry: null,
            branchCode: '001',
            at,
            lotId,
            line: j + 2,
            orderId: null,
            emboss: { line1: null, line2: null },
          }),
        );
      }
      const pointerDocs = cardDocs.map((c) => pointerFor(c, at));
      const [a, b] = await Promise.all([cards.bulk({ docs: cardDocs }), pointers.bulk({ docs: pointerDocs })]);
      const bad = [...a, ...b].find((r) => r.error);
      if (bad) throw new Error(`seed ${bad.id}: ${bad.error}`);
      if ((i / BATCH) % 10 === 9) log(`  seeded ${(i + BATCH).toLocaleString('en')} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
  } finally {
    await store.close();
  }
  return performance.now() - t0;
}

/** Removes a holder-set snapshot (server/processing/holder-set.ts: a head and its parts, `_local` documents) from a company's holders database. */
export async function dropSnapshot(db) {
  const head = await db.get('_local/holder-set').catch(() => null);
  if (!head) return;
  for (let i = 0; i < head.parts; i++) {
    const part = await db.get(`_local/holder-set:${head.gen}:${i}`).catch(() => null);
    if (part) await db.destroy(part._id, part._rev);
  }
  await db.destroy(head._id, head._rev);
}

/** Removes the company's stored holder-set snapshot (server/processing/holder-set.ts) from a stopped server's store. */
async function dropInProcess(dataDir, companyId = 'cdemo000001') {
  const { loadConfig } = dist('config.js');
  const { createLogger } = dist('logger.js');
  const { openStore } = dist('store/store.js');
  const { companyDb } = dist('store/databases.js');
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const store = await openStore({ storeDir: config.storeDir, log: createLogger('silent') });
  try {
    await dropSnapshot(store.use(companyDb(companyId, 'holders')));
  } finally {
    await store.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [cmd, dataDir, count, first] = process.argv.slice(2);
  if (cmd === 'seed') await seedInProcess({ dataDir, count: Number(count), firstIdNumber: Number(first) });
  else if (cmd === 'drop-snapshot') await dropInProcess(dataDir);
  else throw new Error(`unknown command ${cmd}`);
  process.exit(0);
}
