import type { LotDoc, LotRecordResult, StoredLotRecord } from '../../src/domain/lots/lot.model';
import type { LotFieldName } from '../../src/domain/lots/layouts';
import type { BranchDoc, ProductDoc } from '../accounts/accounts.model';
import { masterAccountDocId, type MasterAccountDoc } from '../accounts/master-accounts.model';
import type { ServerContext } from '../context';
import { APPLIED_KEEP, entryDocId, ledgerAccount, type LedgerTransaction } from '../ledger/ledger.model';
import { applyToCachedBalance, postTransactions } from '../ledger/ledger.service';
import { companyDb } from '../store/databases';
import { bulkWrite, createOnce, updateDoc, type Stored } from '../store/documents';
import type nano from 'nano';
import { holderKeyOf } from '../../src/domain/cards/card-rules';
import { issueCardNumber } from './card-numbers';
import { issuedCardDoc } from './card-docs';
import { getMany } from '../store/documents';
import { applyCardDeltas, cardsDb, findCardsOf, pointPerson, pointersDb } from './cards-access';
import { personCardDocId, REJECT, type PersonCardDoc, type ProcessedCardDoc } from './processing.model';

/**
 * The effect of each record of one chunk, applied so that running it again (after a crash, or by a
 * second worker whose lease overlapped) changes nothing: every document has an id derived from the
 * record (`card:<lotId>-<line>`, `entry:lot:<lotId>:<line>:<leg>`, `person:…`, `branch:<code>`) and
 * every cached balance change is keyed by its entry id.
 */
export interface ChunkInput {
  lot: Stored<LotDoc>;
  chunk: number;
  product: ProductDoc;
  fieldNames: LotFieldName[];
  records: StoredLotRecord[];
}

const lotCause = (lotId: string, line: number) => `lot:${lotId}:${line}`;
const newCardId = (lotId: string, line: number) => `${lotId}-${line}`;

function fieldReader(names: LotFieldName[]) {
  const index = new Map(names.map((n, i) => [n, i]));
  return (r: StoredLotRecord, name: LotFieldName): string => {
    const i = index.get(name);
    return i === undefined ? '' : (r.fields[i] ?? '').trim();
  };
}

const done = (line: number, cardId?: string): LotRecordResult => ({ line, status: 'DONE', ...(cardId ? { cardId } : {}) });
const rejected = (line: number, reason: string, cardId?: string): LotRecordResult => ({ line, status: 'REJECTED', reason, ...(cardId ? { cardId } : {}) });

export async function applyChunk(ctx: ServerContext, cid: string, input: ChunkInput): Promise<LotRecordResult[]> {
  switch (input.lot.lotType) {
    case 'EMI':
      return issueCards(ctx, cid, input);
    case 'REC':
      return rechargeCards(ctx, cid, input);
    case 'CAR':
      return debitCards(ctx, cid, input);
    case 'REP':
      return replaceCards(ctx, cid, input);
    case 'SUC':
      return upsertBranches(ctx, cid, input);
  }
}

// ---- EMI: issue cards with their initial load -------------------------------------------------------

async function issueCards(ctx: ServerContext, cid: string, { lot, product, fieldNames, records }: ChunkInput): Promise<LotRecordResult[]> {
  const field = fieldReader(fieldNames);
  const at = ctx.now().toISOString();
  const pointers = pointersDb(ctx, cid);

  // 1. one live card per person and product: the pointer is created once (a racing lot loses)
  const wanted = records.map((r) => ({ r, cardId: newCardId(lot.id, r.line), key: r.personKey ?? `${field(r, 'idType')}${field(r, 'idNumber')}`.toUpperCase() }));
  const answers = await bulkWrite(
    pointers as unknown as nano.DocumentScope<object>,
    wanted.map(({ key, cardId }) => ({ _id: personCardDocId(lot.productCode, key), type: 'person-card', productCode: lot.productCode, personKey: key, cardId, updatedAt: at })),
  );
  const conflicts = wanted.filter((_, i) => answers[i].error === 'conflict');
  const failed = answers.find((a) => a.error && a.error !== 'conflict');
  if (failed) throw new Error(`person pointer ${failed.id}: ${failed.error}`);
  const refused = new Set<number>();
  if (conflicts.length > 0) {
    const existing = await getMany(pointers, conflicts.map((w) => personCardDocId(lot.productCode, w.key)));
    const theirCards = await getMany(cardsDb(ctx, cid), [
      ...[...existing.values()].map((p) => `card:${p.cardId}`),
      ...conflicts.map((w) => `card:${w.cardId}`),
    ]);
    for (const w of conflicts) {
      const pointer = existing.get(personCardDocId(lot.productCode, w.key))!;
      if (pointer.cardId === w.cardId) continue; // ours, from an earlier run of this chunk
      if (theirCards.has(`card:${w.cardId}`)) continue; // our card exists (since replaced, say): issued by an earlier run
      const theirs = theirCards.get(`card:${pointer.cardId}`);
      // a live card still held by this person (a reassigned card's old pointer does not count)
      if (theirs && theirs.status !== 'CANCELLED' && holderKeyOf(theirs.holder) === w.key) {
        refused.add(w.r.line);
        continue;
      }
      // the earlier card was cancelled (or never created): take the pointer under MVCC
      let ours = false;
      await updateDoc(pointers, pointer._id, (p: Stored<PersonCardDoc>) => {
        ours = p.cardId === w.cardId || p.cardId === pointer.cardId;
        if (p.cardId === w.cardId || !ours) return null;
        const { cancelled: _was, ...rest } = p; // the new card is live
        return { ...rest, cardId: w.cardId, updatedAt: at };
      });
      if (!ours) refused.add(w.r.line);
    }
  }
  const accepted = wanted.filter((w) => !refused.has(w.r.line));

  // 2. ledger: clearing → card for each initial load
  const txs: LedgerTransaction[] = accepted
    .filter((w) => (w.r.amountCents ?? 0) > 0)
    .map(({ r, cardId }) => ({
      cause: lotCause(lot.id, r.line),
      legs: [
        { leg: 'clearing', account: ledgerAccount.clearing(lot.orderId!), amountCents: -r.amountCents! },
        { leg: 'card', account: ledgerAccount.card(cardId), amountCents: r.amountCents! },
      ],
    }));
  await postTransactions(ctx, cid, txs);

  // 3. the cards, created once with the load already applied (the entry exists by now)
  const cards: ProcessedCardDoc[] = accepted.map(({ r, cardId }) => {
    const number = issueCardNumber(product.bin);
    const amount = r.amountCents ?? 0;
    const email = field(r, 'email');
    const phone = field(r, 'phone');
    return issuedCardDoc({
      companyId: cid,
      productCode: lot.productCode,
      cardId,
      holder: {
        idType: field(r, 'idType') as 'V' | 'E' | 'P',
        idNumber: field(r, 'idNumber'),
        firstName: field(r, 'firstName'),
        lastName: field(r, 'lastName'),
        ...(email ? { email } : {}),
        ...(phone ? { phone } : {}),
        ...(field(r, 'birthDate') ? { birthDate: field(r, 'birthDate') } : {}),
      },
      number,
      amountCents: amount,
      appliedEntry: amount > 0 ? entryDocId(lotCause(lot.id, r.line), 'card') : null,
      branchCode: field(r, 'branchCode'),
      at,
      lotId: lot.id,
      line: r.line,
      orderId: lot.orderId ?? null,
      emboss: { line1: lot.confirmation?.embossLine1 ?? null, line2: lot.confirmation?.embossLine2 ?? null },
    });
  });
  if (cards.length > 0) {
    const written = (await cardsDb(ctx, cid).bulk({ docs: cards })) as Array<{ id: string; error?: string }>;
    const bad = written.find((a) => a.error && a.error !== 'conflict');
    if (bad) throw new Error(`card ${bad.id}: ${bad.error}`);
  }
  return records.map((r) => (refused.has(r.line) ? rejected(r.line, REJECT.hasCard) : done(r.line, newCardId(lot.id, r.line))));
}

// ---- REC: credit the person's card -------------------------------------------------------------------

async function rechargeCards(ctx: ServerContext, cid: string, { lot, records }: ChunkInput): Promise<LotRecordResult[]> {
  const cards = await findCardsOf(ctx, cid, lot.productCode, records.map((r) => r.personKey ?? ''));
  const credited = records.filter((r) => cards.has(r.personKey ?? '') && (r.amountCents ?? 0) > 0);
  await postTransactions(
    ctx,
    cid,
    credited.map((r) => ({
      cause: lotCause(lot.id, r.line),
      legs: [
        { leg: 'clearing', account: ledgerAccount.clearing(lot.orderId!), amountCents: -r.amountCents! },
        { leg: 'card', account: ledgerAccount.card(cards.get(r.personKey!)!.cardId), amountCents: r.amountCents! },
      ],
    })),
  );
  await applyCardDeltas(
    ctx,
    cid,
    credited.map((r) => ({ cardId: cards.get(r.personKey!)!.cardId, key: entryDocId(lotCause(lot.id, r.line), 'card'), deltaCents: r.amountCents! })),
  );
  return records.map((r) => {
    const card = cards.get(r.personKey ?? '');
    if (!card) return rejected(r.line, REJECT.noCard);
    if (!((r.amountCents ?? 0) > 0)) return rejected(r.line, REJECT.noAmount, card.cardId);
    return done(r.line, card.cardId);
  });
}

// ---- CAR: debit the card back to the master account -------------------------------------------------

async function debitCards(ctx: ServerContext, cid: string, { lot, chunk, records }: ChunkInput): Promise<LotRecordResult[]> {
  const cards = await findCardsOf(ctx, cid, lot.productCode, records.map((r) => r.personKey ?? ''));
  const candidates = records.filter((r) => cards.has(r.personKey ?? '') && (r.amountCents ?? 0) > 0);
  // 1. the card first: the debit must not take it below zero (MVCC on the card, keyed by the entry id)
  const outcomes = await applyCardDeltas(
    ctx,
    cid,
    candidates.map((r) => ({ cardId: cards.get(r.personKey!)!.cardId, key: entryDocId(lotCause(lot.id, r.line), 'card'), deltaCents: -r.amountCents! })),
  );
  const debited = candidates.filter((r) => outcomes.get(entryDocId(lotCause(lot.id, r.line), 'card')) !== 'insufficient');
  // 2. the ledger legs
  await postTransactions(
    ctx,
    cid,
    debited.map((r) => ({
      cause: lotCause(lot.id, r.line),
      legs: [
        { leg: 'card', account: ledgerAccount.card(cards.get(r.personKey!)!.cardId), amountCents: -r.amountCents! },
        { leg: 'master', account: ledgerAccount.master(lot.productCode), amountCents: r.amountCents! },
      ],
    })),
  );
  // 3. the master account's cached balance, once per chunk
  const total = debited.reduce((s, r) => s + r.amountCents!, 0);
  if (total > 0) {
    await applyToCachedBalance(
      ctx,
      ctx.store.use<MasterAccountDoc & { appliedEntries?: string[] }>(companyDb(cid, 'accounts')),
      masterAccountDocId(lot.productCode),
      `lotchunk:${lot.id}:${chunk}:master`,
      total,
      APPLIED_KEEP.account,
    );
  }
  const ok = new Set(debited.map((r) => r.line));
  return records.map((r) => {
    const card = cards.get(r.personKey ?? '');
    if (!card) return rejected(r.line, REJECT.noCard);
    return ok.has(r.line) ? done(r.line, card.cardId) : rejected(r.line, REJECT.insufficient, card.cardId);
  });
}

// ---- REP: a new plastic replaces the card, with its balance -----------------------------------------

async function replaceCards(ctx: ServerContext, cid: string, { lot, product, fieldNames, records }: ChunkInput): Promise<LotRecordResult[]> {
  const field = fieldReader(fieldNames);
  const cards = await findCardsOf(ctx, cid, lot.productCode, records.map((r) => r.personKey ?? ''));
  const db = cardsDb(ctx, cid);
  // a re-run after a crash between cancelling the old card (1) and moving the pointer (4): the
  // pointer still points at the old card, cancelled as replaced by this very record — finish it
  const unfound = records.filter((r) => r.personKey && !cards.has(r.personKey));
  if (unfound.length > 0) {
    const pointers = await getMany(pointersDb(ctx, cid), unfound.map((r) => personCardDocId(lot.productCode, r.personKey!)));
    const olds = await getMany(db, [...pointers.values()].map((p) => `card:${p.cardId}`));
    for (const r of unfound) {
      const pointer = pointers.get(personCardDocId(lot.productCode, r.personKey!));
      const old = pointer ? olds.get(`card:${pointer.cardId}`) : undefined;
      if (old && old.replacedBy === newCardId(lot.id, r.line)) cards.set(r.personKey!, old);
    }
  }
  const results: LotRecordResult[] = [];
  for (const r of records) {
    const cardId = newCardId(lot.id, r.line);
    const current = cards.get(r.personKey ?? '');
    if (current?.cardId === cardId) {
      // replaced in an earlier run (found through the view if that run stopped before step 4)
      await pointPerson(ctx, cid, lot.productCode, r.personKey ?? '', cardId);
      results.push(done(r.line, cardId));
      continue;
    }
    if (!current) {
      results.push(rejected(r.line, REJECT.noCard));
      continue;
    }
    const cause = lotCause(lot.id, r.line);
    const at = ctx.now().toISOString();
    // 1. the old card: cancelled as replaced, its balance taken out (keyed, so once)
    let moved = 0;
    let refused = false;
    const old = (await updateDoc(db, `card:${current.cardId}`, (c) => {
      refused = false;
      if (c.replacedBy === cardId) {
        moved = c.replacedByLot?.balanceMovedCents ?? 0;
        return null;
      }
      if (c.status === 'CANCELLED') {
        refused = true;
        return null;
      }
      moved = c.balanceCents;
      return {
        ...c,
        status: 'CANCELLED' as const,
        cancelReason: 'REPLACED',
        replacedBy: cardId,
        replacedByLot: { reason: field(r, 'reason'), balanceMovedCents: moved, at },
        balanceCents: 0,
        appliedEntries: [...(c.appliedEntries ?? []), entryDocId(cause, 'old')].slice(-APPLIED_KEEP.card),
        updatedAt: at,
      };
    }))!;
    if (refused) {
      results.push(rejected(r.line, REJECT.cardCancelled, current.cardId));
      continue;
    }
    // 2. the ledger: old card → new card
    await postTransactions(ctx, cid, [
      {
        cause,
        legs: [
          { leg: 'old', account: ledgerAccount.card(old.cardId), amountCents: -moved },
          { leg: 'new', account: ledgerAccount.card(cardId), amountCents: moved },
        ],
      },
    ]);
    // 3. the new plastic, at the bank, with the balance
    const number = issueCardNumber(product.bin);
    await createOnce(db, {
      _id: `card:${cardId}`,
      type: 'card',
      cardId,
      companyId: cid,
      productCode: lot.productCode,
      holder: old.holder,
      maskedPan: number.maskedPan,
      last4: number.last4,
      panToken: number.panToken,
      status: 'ACTIVE',
      plasticStatus: 'AT_BANK',
      balanceCents: moved,
      appliedEntries: moved > 0 ? [entryDocId(cause, 'new')] : [],
      branchCode: field(r, 'branchCode') || old.branchCode,
      issuedAt: at,
      deliveredAt: null,
      updatedAt: at,
      lotId: lot.id,
      line: r.line,
      orderId: lot.orderId,
      replaces: old.cardId,
    });
    // 4. the person's pointer follows the new card
    await pointPerson(ctx, cid, lot.productCode, r.personKey ?? '', cardId);
    results.push(done(r.line, cardId));
  }
  return results;
}

// ---- SUC: branches upserted ---------------------------------------------------------------------------

async function upsertBranches(ctx: ServerContext, cid: string, { fieldNames, records }: ChunkInput): Promise<LotRecordResult[]> {
  const field = fieldReader(fieldNames);
  const db = ctx.store.use<BranchDoc & Record<string, unknown>>(companyDb(cid, 'branches'));
  for (const r of records) {
    const code = field(r, 'code');
    const at = ctx.now().toISOString();
    const data = {
      code,
      name: field(r, 'name'),
      address: field(r, 'address'),
      city: field(r, 'city'),
      state: field(r, 'state'),
      ...(field(r, 'phone') ? { phone: field(r, 'phone') } : {}),
      ...(field(r, 'contact') ? { contact: field(r, 'contact') } : {}),
    };
    const created = await createOnce(db, { _id: `branch:${code}`, type: 'branch', ...data, createdAt: at, updatedAt: at });
    if (created === 'exists') {
      await updateDoc(db, `branch:${code}`, (b) => {
        const same = Object.entries(data).every(([k, v]) => (b as Record<string, unknown>)[k] === v);
        return same ? null : { ...b, ...data, updatedAt: at };
      });
    }
  }
  return records.map((r) => done(r.line));
}
