// Seeding a company with many cards and ledger entries for benches, written as the product writes
// them: ledger transactions built as lot processing, order payment, fundings and master transfers
// build theirs (balanced legs, checked by the product's `checkTransaction`, turned into documents by
// the product's `entryDocs`, ids `entry:<cause>:<leg>`), and cards built by the product's
// `issuedCardDoc` (as EMI processing writes them, numbers from `issueCardNumber`), with cached balances and applied-entry keys
// that agree with the ledger. Written through nano `_bulk_docs` (10,000 per request) into the
// company's databases of a STOPPED server's embedded store, opened with the product's own store
// adapter (the same PouchDB Server the server runs).
//
// What is seeded, over months 2026-01 … 2026-11 (cards issued evenly across them):
//   · one EMI lot per month issuing that month's cards, paid by an order from the master account
//     (master −, fees +, tax +, clearing:<order> +), each card's initial load clearing → card;
//   · REC lots (recharges: clearing → card) paid by orders, each line a card issued by then;
//   · one CAR lot per month (card → master) for about 1 in 10 REC lines, only where the balance allows;
//   · one master transfer per month (master → card per line, plus a fee master → fees);
//   · one funding per month (external:funding → master) covering the month's orders.
// Lots of 10,000 lines, chunks of 1,000 lines sharing one `at` (processing posts a chunk at once).
import { createRequire } from 'node:module';
import path from 'node:path';
import { root } from '../lib.mjs';

const require = createRequire(import.meta.url);
const dist = (p) => require(path.join(root, 'dist/server', p));

export const MONTHS = 11; // 2026-01 … 2026-11
const LOT_LINES = 10_000;
const CHUNK = 1_000;
const BATCH = 10_000;

/** Opens a stopped server's embedded store (DATA_DIR) with the product's store adapter; `close()` when done. */
export async function openStoppedStore(dataDir) {
  dist('server/feature-list.js'); // every feature registers its databases and design documents
  const { loadConfig } = dist('server/config.js');
  const { createLogger } = dist('server/logger.js');
  const { openStore } = dist('server/store/store.js');
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  return openStore({ storeDir: config.storeDir, log: createLogger('silent') });
}

/** A small deterministic generator (the same data on every run). */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n, w) => String(n).padStart(w, '0');
/** An instant of month m (0-based, 2026), day d, second s, as the server's ctx.now() writes it (UTC). */
const instant = (m, d, s) => new Date(Date.UTC(2026, m, d, 13, 0, 0) + s * 1000).toISOString();
const lotId = (m, n) => `L2026${pad(m + 1, 2)}01120000${pad(n, 3)}ben`; // LOT_ID_PATTERN: L + 14 digits + 6
const orderId = (m, n) => `C2026${pad(m + 1, 2)}01120000${pad(n, 3)}ben-1`;

/**
 * Writes `cards` cards and about `entries` ledger entries (whole transactions: it stops at the first
 * transaction boundary at or past `entries`) for company `cid`, product `productCode`.
 * Answers counts and timings. `progress(line)` is called now and then.
 */
export async function seedCardsAndLedger(store, { cid, productCode = 'ALIM', bin = '627100', cards, entries, progress = () => {} }) {
  const { checkTransaction, entryDocs } = dist('server/ledger/ledger.service.js');
  const { entryDocId, ledgerAccount, APPLIED_KEEP } = dist('server/ledger/ledger.model.js');
  const { issueCardNumber } = dist('server/processing/card-numbers.js');
  const { issuedCardDoc } = dist('server/processing/card-docs.js');
  const { companyDb } = dist('server/store/databases.js');
  const { updateDoc } = dist('server/store/documents.js');
  const ledger = store.use(companyDb(cid, 'ledger'));
  const cardsDb = store.use(companyDb(cid, 'cards'));
  const random = rng(20261126);
  const started = performance.now();

  // ---- the ledger, written as it is generated ----
  let pending = [];
  let written = 0;
  const flush = async (force) => {
    while (pending.length >= BATCH || (force && pending.length > 0)) {
      const docs = pending.splice(0, BATCH);
      const answers = await ledger.bulk({ docs });
      const bad = answers.find((a) => a.error);
      if (bad) throw new Error(`ledger: ${bad.id} ${bad.error} ${bad.reason}`);
      written += docs.length;
      if (written % 100_000 < BATCH) progress(`  ledger ${written.toLocaleString('en')} entries, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
  };
  const post = async (txs, at) => {
    pending.push(...entryDocs(cid, txs.map(checkTransaction), at));
    await flush(false);
  };

  // card i: issued in month issuedMonth(i), by that month's EMI lot at line (index in month + 2)
  const perMonth = Math.ceil(cards / MONTHS);
  const card = [];
  const balance = new Int32Array(cards);
  const applied = Array.from({ length: cards }, () => []);
  const apply = (i, key, delta) => {
    balance[i] += delta;
    const keys = applied[i];
    keys.push(key);
    if (keys.length > APPLIED_KEEP.card) keys.shift();
  };
  const master = ledgerAccount.master(productCode);
  let masterDelta = 0;
  const fee = (cents) => Math.round(cents / 100); // 1 % commission
  const tax = (cents) => Math.round((cents * 16) / 100); // 16 % VAT on the fees
  const orderTx = (oid, rechargeCents, issuanceFeesCents) => {
    const commission = fee(rechargeCents);
    const t = tax(commission + issuanceFeesCents);
    const total = rechargeCents + commission + issuanceFeesCents + t;
    masterDelta -= total;
    return {
      cause: `order:${oid}`,
      legs: [
        { leg: 'master', account: master, amountCents: -total },
        { leg: 'fees', account: ledgerAccount.fees(productCode), amountCents: commission + issuanceFeesCents },
        { leg: 'tax', account: ledgerAccount.tax(productCode), amountCents: t },
        { leg: 'clearing', account: ledgerAccount.clearing(oid), amountCents: rechargeCents },
      ],
    };
  };
  const amount = () => 1_000 * (1 + Math.floor(random() * 50)); // 10.00 … 500.00
  const countEntries = () => written + pending.length;

  // budget: EMI loads (2 per card) + per month: funding 2, EMI order 4, transfer, REC lots, CAR lot
  const emiEntries = 2 * cards + MONTHS * (2 + 4);
  const recPerMonth = Math.max(0, Math.floor((entries - emiEntries) / MONTHS / 2.45)); // 2 per REC line + ≈0.2 CAR + ≈0.1 transfer + order legs
  for (let m = 0; m < MONTHS; m++) {
    const monthTarget = Math.round((entries * (m + 1)) / MONTHS);
    // funding first (day 1), sized after the month's orders: written at the month's end with day 1's time
    const fundingAt = instant(m, 1, 0);
    const fundingFrom = masterDelta;

    // EMI lot of the month (day 3)
    const first = m * perMonth;
    const last = Math.min(cards, first + perMonth);
    if (last > first) {
      const lid = lotId(m, 0);
      const oid = orderId(m, 0);
      const loads = [];
      for (let i = first; i < last; i++) {
        const line = i - first + 2;
        card[i] = { cardId: `${lid}-${line}`, lotId: lid, line, orderId: oid, month: m, issuedAt: null };
        loads.push(amount());
      }
      const sum = loads.reduce((a, b) => a + b, 0);
      await post([orderTx(oid, sum, 500 * loads.length)], instant(m, 2, 0));
      for (let c = 0; c < loads.length; c += CHUNK) {
        const at = instant(m, 3, c / CHUNK);
        const txs = [];
        for (let k = c; k < Math.min(loads.length, c + CHUNK); k++) {
          const i = first + k;
          const cause = `lot:${lid}:${card[i].line}`;
          txs.push({ cause, legs: [{ leg: 'clearing', account: ledgerAccount.clearing(oid), amountCents: -loads[k] }, { leg: 'card', account: ledgerAccount.card(card[i].cardId), amountCents: loads[k] }] });
          card[i].issuedAt = at;
          apply(i, entryDocId(cause, 'card'), loads[k]);
        }
        await post(txs, at);
      }
    }
    const issued = last; // cards 0 … issued-1 exist by now

    // REC lots (days 5 … 25), until the month's share of entries is reached
    let rec = 0;
    const recLines = [];
    for (let n = 1; countEntries() < monthTarget - 600 && rec < recPerMonth * 2; n++) {
      const lid = lotId(m, n);
      const oid = orderId(m, n);
      const lines = Math.min(LOT_LINES, Math.max(1, Math.ceil((monthTarget - countEntries() - 2 * (MONTHS - m)) / 2.45)));
      const picks = [];
      for (let k = 0; k < lines; k++) picks.push([Math.floor(random() * issued), amount()]);
      const day = 5 + ((n * 3) % 21);
      await post([orderTx(oid, picks.reduce((a, [, c]) => a + c, 0), 0)], instant(m, day, 0));
      for (let c = 0; c < picks.length; c += CHUNK) {
        const at = instant(m, day, 3600 + c / CHUNK);
        const txs = [];
        for (let k = c; k < Math.min(picks.length, c + CHUNK); k++) {
          const [i, cents] = picks[k];
          const cause = `lot:${lid}:${k + 2}`;
          txs.push({ cause, legs: [{ leg: 'clearing', account: ledgerAccount.clearing(oid), amountCents: -cents }, { leg: 'card', account: ledgerAccount.card(card[i].cardId), amountCents: cents }] });
          apply(i, entryDocId(cause, 'card'), cents);
          recLines.push(i);
        }
        await post(txs, at);
      }
      rec += lines;
    }

    // CAR lot (day 26): 1 in 10 REC lines' cards debited back to the master account, where the balance allows
    {
      const lid = lotId(m, 900);
      const txs = [];
      let line = 2;
      for (let k = 0; k < recLines.length; k += 10) {
        const i = recLines[k];
        const cents = Math.min(balance[i], 500 * (1 + Math.floor(random() * 20)));
        line++;
        if (cents <= 0) continue;
        const cause = `lot:${lid}:${line}`;
        txs.push({ cause, legs: [{ leg: 'card', account: ledgerAccount.card(card[i].cardId), amountCents: -cents }, { leg: 'master', account: master, amountCents: cents }] });
        apply(i, entryDocId(cause, 'card'), -cents);
        masterDelta += cents;
      }
      for (let c = 0; c < txs.length; c += CHUNK) await post(txs.slice(c, c + CHUNK), instant(m, 26, c / CHUNK));
    }

    // a master transfer (day 27): 1 in 20 REC lines' cards credited from the master account, plus its fee
    {
      const tid = `tbench${pad(m, 2)}`;
      const txs = [];
      let total = 0;
      for (let k = 0, n = 0; k < recLines.length; k += 20, n++) {
        const i = recLines[k];
        const cents = 2_000;
        total += cents;
        txs.push({ cause: `transfer:${tid}:${n}`, legs: [{ leg: 'master', account: master, amountCents: -cents }, { leg: 'card', account: ledgerAccount.card(card[i].cardId), amountCents: cents }] });
        apply(i, entryDocId(`transfer:${tid}:${n}`, 'card'), cents);
      }
      if (txs.length > 0) {
        const feeCents = 100 + fee(total);
        txs.push({ cause: `transfer:${tid}:fee`, legs: [{ leg: 'master', account: master, amountCents: -feeCents }, { leg: 'fees', account: ledgerAccount.fees(productCode), amountCents: feeCents }] });
        masterDelta -= total + feeCents;
        for (let c = 0; c < txs.length; c += CHUNK) await post(txs.slice(c, c + CHUNK), instant(m, 27, c / CHUNK));
      }
    }

    // the month's funding covers what the month took from the master account
    const funding = Math.max(1, fundingFrom - masterDelta);
    masterDelta += funding;
    await post([{ cause: `transfer:fbench${pad(m, 2)}:funding`, legs: [{ leg: 'external', account: ledgerAccount.externalFunding, amountCents: -funding }, { leg: 'master', account: master, amountCents: funding }] }], fundingAt);
  }
  await flush(true);
  const ledgerMs = performance.now() - started;
  progress(`  ledger: ${written.toLocaleString('en')} entries in ${(ledgerMs / 1000).toFixed(1)} s`);

  // ---- the cards, created once with their loads applied (as processing does: ledger first) ----
  const t2 = performance.now();
  const reasons = ['P', 'R', 'D', 'N'];
  const plastic = ['AT_BANK', 'SENT_TO_COMPANY', 'RECEIVED_AT_COMPANY', 'DELIVERED'];
  let docs = [];
  for (let i = 0; i < cards; i++) {
    const c = card[i];
    const status = i % 50 === 0 ? 'BLOCKED' : i % 97 === 0 ? 'CANCELLED' : 'ACTIVE';
    // as EMI processing writes it (the product's builder), then what later operations changed
    docs.push({
      ...issuedCardDoc({
        companyId: cid,
        productCode,
        cardId: c.cardId,
        holder: { idType: 'V', idNumber: String(70_000_000 + i), firstName: 'Banco', lastName: `Prueba ${i}`, email: `t${i}@example.com` },
        number: issueCardNumber(bin),
        amountCents: 0,
        appliedEntry: null,
        branchCode: pad(1 + (i % 5), 3),
        at: c.issuedAt,
        lotId: c.lotId,
        line: c.line,
        orderId: c.orderId,
        emboss: { line1: null, line2: null },
      }),
      status,
      plasticStatus: plastic[i % 4],
      balanceCents: balance[i], // every load, recharge, debit and transfer line below, as the ledger has them
      appliedEntries: applied[i],
      deliveredAt: i % 4 === 3 ? instant(c.month, 20, 0) : null,
      ...(status === 'BLOCKED' ? { blockedAt: instant(c.month, 22, 0) } : {}),
      ...(status === 'CANCELLED' ? { cancelledAt: instant(c.month, 22, 0) } : {}),
      ...(i % 20 === 0 ? { replacement: { reason: reasons[(i / 20) % 4], branchCode: '001', requestedAt: instant(c.month, 24, 0), requestedBy: 'firma1', effectId: `req:bench-${i}` } } : {}),
    });
    if (docs.length === BATCH || i === cards - 1) {
      const answers = await cardsDb.bulk({ docs });
      const bad = answers.find((a) => a.error);
      if (bad) throw new Error(`cards: ${bad.id} ${bad.error} ${bad.reason}`);
      docs = [];
    }
  }
  const cardsMs = performance.now() - t2;
  progress(`  cards: ${cards.toLocaleString('en')} in ${(cardsMs / 1000).toFixed(1)} s`);

  // ---- the master account's cached balance follows its ledger entries ----
  const accounts = store.use(companyDb(cid, 'accounts'));
  await updateDoc(accounts, `account:${productCode}`, (doc) => ({ ...doc, balanceCents: doc.balanceCents + masterDelta, updatedAt: new Date().toISOString() }));
  return { entries: written, cards, ledgerMs, cardsMs, masterDeltaCents: masterDelta };
}
