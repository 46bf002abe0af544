/**
 * For bench/card-search.mjs: opens a STOPPED server's embedded store (DATA_DIR), adds `n` cards to
 * the demo company as lot processing would write them (holder, masked number, lot, order, statuses,
 * branch), prints JSON (sample values to query) and exits, so the store's files are free again.
 *   node card-bench-tool.js insert-cards <dataDir> <n>
 */
import { randomInt } from 'node:crypto';
import { loadConfig } from '../../config';
import { DEMO_COMPANY_ID as CID } from '../../demo/demo-data';
import '../../feature-list';
import { createLogger } from '../../logger';
import { companyDatabaseSpecs, companyDb } from '../../store/databases';
import { ensureDatabases } from '../../store/design';
import { warmDatabase } from '../../store/index-warmer';
import { openStore } from '../../store/store';
import { SEARCH_VIEW } from '../card-search.view';
import '../cards.store';

const FIRST = ['José', 'María', 'Luis', 'Ana', 'Carlos', 'Carmen', 'Jesús', 'Rosa', 'Pedro', 'Luisa', 'Miguel', 'Elena', 'Andrés', 'Sofía', 'Rafael', 'Daniela',
  'Jorge', 'Gabriela', 'Ramón', 'Valentina', 'Héctor', 'Isabel', 'Víctor', 'Patricia', 'Óscar', 'Mónica', 'Julián', 'Beatriz', 'Simón', 'Ximena'];
const LAST = ['González', 'Rodríguez', 'Pérez', 'Hernández', 'García', 'Martínez', 'López', 'Sánchez', 'Ramírez', 'Torres', 'Flores', 'Rivera', 'Gómez',
  'Díaz', 'Reyes', 'Morales', 'Cruz', 'Ortiz', 'Gutiérrez', 'Chávez', 'Ramos', 'Ruiz', 'Mendoza', 'Álvarez', 'Castillo', 'Jiménez', 'Moreno', 'Romero',
  'Herrera', 'Medina', 'Aguilar', 'Vargas', 'Castro', 'Guzmán', 'Fernández', 'Rojas', 'Núñez', 'Salazar', 'Zambrano', 'Quintero'];
const pick = <T>(list: readonly T[]) => list[randomInt(0, list.length)];

async function main() {
  const [cmd, dataDir, count] = process.argv.slice(2);
  if (cmd !== 'insert-cards') throw new Error('usage: insert-cards <dataDir> <n>');
  const n = Number(count);
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const store = await openStore({ storeDir: config.storeDir, log: createLogger('silent') });
  const db = store.use(companyDb(CID, 'cards'));
  const at = new Date().toISOString();
  let indexMs = 0;
  const catchUp = async () => {
    const t0 = performance.now();
    const specs = companyDatabaseSpecs(CID);
    await ensureDatabases(store, specs);
    // the card query's indexes (the server's index warmer would also build the other features' views)
    const cards = specs.find((s) => s.name === companyDb(CID, 'cards'))!;
    await warmDatabase(store.client, { ...cards, design: cards.design?.filter((d) => d._id === `_design/${SEARCH_VIEW.ddoc}`) }, createLogger('silent'));
    indexMs += performance.now() - t0;
  };
  const lots: string[] = [];
  const orders: string[] = [];
  const sample = { holderIds: [] as string[], last4: [] as string[], lots, orders, names: [] as string[] };
  for (let start = 0; start < n; start += 2000) {
    const docs = [];
    for (let i = start; i < Math.min(n, start + 2000); i++) {
      const lot = Math.floor(i / 1000);
      const lotId = `L20261101${String(lot).padStart(6, '0')}bench${lot % 10}`;
      const orderId = `C20261101${String(lot).padStart(6, '0')}bench${lot % 10}-1`;
      if (i % 1000 === 0) {
        lots.push(lotId);
        orders.push(orderId);
      }
      const last4 = String(randomInt(0, 10_000)).padStart(4, '0');
      const idNumber = String(60_000_000 + i);
      const firstName = `${pick(FIRST)}${i % 3 ? '' : ` ${pick(FIRST)}`}`;
      const lastName = `${pick(LAST)} ${pick(LAST)}`;
      const roll = i % 100;
      if (i % 997 === 0) sample.holderIds.push(idNumber), sample.last4.push(last4), sample.names.push(`${firstName.split(' ')[0]} ${lastName.split(' ')[0]}`);
      docs.push({
        _id: `card:bench-${String(i).padStart(6, '0')}`,
        type: 'card',
        cardId: `bench-${String(i).padStart(6, '0')}`,
        companyId: CID,
        productCode: 'ALIM',
        holder: { idType: 'V', idNumber, firstName, lastName },
        maskedPan: `627100******${last4}`,
        last4,
        status: roll < 3 ? 'BLOCKED' : roll < 4 ? 'CANCELLED' : 'ACTIVE',
        plasticStatus: roll < 10 ? 'AT_BANK' : roll < 15 ? 'SENT_TO_COMPANY' : roll < 20 ? 'RECEIVED_AT_COMPANY' : 'DELIVERED',
        balanceCents: randomInt(0, 500_000),
        appliedEntries: [],
        branchCode: i % 2 ? '002' : '001',
        issuedAt: at,
        deliveredAt: null,
        updatedAt: at,
        lotId,
        line: (i % 1000) + 2,
        orderId,
      });
    }
    await db.bulk({ docs });
    // keep the indexes up to date every 10,000 cards: one catch-up of 50,000 can outlast a request's timeout
    if ((start + 2000) % 10_000 === 0) await catchUp();
  }
  // bring the search index up to date here (the server's start creates Mango indexes with createIndex,
  // which waits for them; views are built by their first query): Mango by createIndex, the view by a query
  await catchUp();
  console.log(JSON.stringify({ ...sample, indexMs }));
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
