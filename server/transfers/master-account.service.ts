import { fundingAccountDocId, type FundingAccountDoc } from '../accounts/master-accounts.model';
import { recordAudit } from '../audit/audit.service';
import { notFound } from '../common/domain-error';
import type { ServerContext } from '../context';
import { ledgerAccount } from '../ledger/ledger.model';
import { ledgerDb } from '../ledger/ledger.store';
import { accountBalance, accountSumBefore, reportDb } from '../reports/reports.store';
import { companyDb } from '../store/databases';
import { createOnce, getOrNull } from '../store/documents';
import { currentUsage, periodsOf } from '../../src/domain/transfers/transfer-rules';
import { transferSettingsOf } from '../../src/domain/transfers/transfer-settings';
import type { FundingBody, MasterAccountAnswer, StatementAnswer, StatementEntryAnswer } from '../../src/domain/transfers/transfer.model';
import { requestHashOf, transferDocId, transferIdOf, type TransferDoc } from './transfers.model';
import { answerOf, masterAccountOf, productOf, replayTransfer, runTransfer, transferStepUp, type Outcome, type TransferActor } from './transfers.service';
import { transfersDb } from './transfers.store';
import { searchCards } from '../cards/cards.store';
import { applyCardAction } from '../cards/card-actions.service';
import { assertStepUpPassword } from '../one-time-codes/step-up';

/**
 * The master account of a company's product: its balance recomputed from the ledger, the statement
 * (every ledger entry of `master:<product>`), and funding from the company's registered funding account.
 */

async function fundingAccounts(ctx: ServerContext, companyId: string) {
  const answer = await ctx.store.use<FundingAccountDoc>(companyDb(companyId, 'accounts')).find({ selector: { type: 'funding', status: 'active' }, limit: 100 });
  return answer.docs.map((f) => ({ id: f.id, bankName: f.bankName, accountNumberMasked: f.accountNumberMasked, holderName: f.holderName }));
}

export async function masterAccountView(ctx: ServerContext, companyId: string, productCode: string): Promise<MasterAccountAnswer> {
  const product = await productOf(ctx, companyId, productCode);
  const asOf = ctx.now().toISOString();
  const [account, balanceCents, funding] = await Promise.all([
    masterAccountOf(ctx, companyId, productCode),
    // every entry of the account through the reports view's reduce (whole months from the rollup on
    // the embedded store), not the balances view's reduce over each entry (master-balance.spec.ts)
    accountBalance(reportDb(ctx, companyId, 'ledger'), ledgerAccount.master(productCode)),
    fundingAccounts(ctx, companyId),
  ]);
  const usage = currentUsage(account.transferUsage, periodsOf(ctx.now()));
  return {
    productCode,
    balanceCents,
    availableCents: account.balanceCents,
    asOf,
    settings: transferSettingsOf(product),
    usage: { dayAmountCents: usage.dayAmountCents, dayCount: usage.dayCount, weekAmountCents: usage.weekAmountCents, weekCount: usage.weekCount },
    fundingAccounts: funding,
  };
}

/** What a ledger cause is, for people. */
export function describeCause(cause: string, amountCents: number): string {
  if (cause.startsWith('opening:')) return 'Saldo inicial';
  if (cause.startsWith('order:')) return 'Pago de orden de servicio';
  if (cause.startsWith('lotchunk:') || cause.startsWith('lot:')) return amountCents > 0 ? 'Débito de tarjetas por lote' : 'Movimiento por lote';
  if (cause.startsWith('transfer:')) {
    if (cause.endsWith(':fee')) return 'Comisión por transferencia';
    if (cause.endsWith(':funding')) return 'Fondeo desde cuenta registrada';
    return amountCents < 0 ? 'Transferencia a tarjeta' : 'Débito de tarjeta a la cuenta maestra';
  }
  return cause;
}

type ViewKey = [string, string, string];

/**
 * The statement, newest first, `limit` entries per page; `before` is the `next` of the previous page.
 * Each entry carries the balance after it (one reduce query per page, then walked back).
 */
export async function statementOf(ctx: ServerContext, companyId: string, productCode: string, options: { before?: string; limit: number }): Promise<StatementAnswer> {
  await masterAccountOf(ctx, companyId, productCode);
  const account = ledgerAccount.master(productCode);
  const db = ledgerDb(ctx, companyId);
  let startkey: unknown = [account, {}];
  let skip = 0;
  if (options.before) {
    const key = decodeCursor(options.before);
    if (!key || key[0] !== account) throw notFound('Página no encontrada.', 'BAD_CURSOR');
    startkey = key;
    skip = 1;
  }
  const page = await db.view('statement', 'by_account_time', {
    descending: true,
    startkey,
    endkey: [account],
    reduce: false,
    skip,
    limit: options.limit + 1,
  });
  const rows = page.rows.slice(0, options.limit);
  const entries: StatementEntryAnswer[] = [];
  if (rows.length > 0) {
    let balance = await balanceThrough(ctx, companyId, rows[0].key as unknown as ViewKey);
    for (const row of rows) {
      const [, at, id] = row.key as unknown as ViewKey;
      const amountCents = row.value as number;
      const cause = id.replace(/^entry:/, '').replace(/:[^:]+$/, '');
      entries.push({ id, at, cause, description: describeCause(cause, amountCents), amountCents, balanceAfterCents: balance });
      balance -= amountCents;
    }
  }
  const hasMore = page.rows.length > options.limit;
  return { productCode, entries, next: hasMore ? encodeCursor(rows[rows.length - 1].key as unknown as ViewKey) : null };
}

/**
 * The account's balance after the statement row `[account, at, id]`: the entries before `at` from the
 * reports view's reduce (`accountSumBefore`, which the embedded store answers without reading every
 * entry of the account's past months), plus the entries at that very instant up to the row, in the
 * statement view's own order (a lot's chunk or a transfer posts many legs at one `at`). The same sum
 * as this view's reduce from the account's first entry to the row, which read every one of them
 * (52,859 master entries: 2.6 s, BENCHMARKS.md).
 */
async function balanceThrough(ctx: ServerContext, companyId: string, [account, at, id]: ViewKey): Promise<number> {
  const [before, sameInstant] = await Promise.all([
    accountSumBefore(reportDb(ctx, companyId, 'ledger'), account, at),
    ledgerDb(ctx, companyId).view('statement', 'by_account_time', { startkey: [account, at], endkey: [account, at, id], inclusive_end: true, reduce: true }),
  ]);
  return before + ((sameInstant.rows[0]?.value as number | undefined) ?? 0);
}

const encodeCursor = (key: ViewKey) => Buffer.from(JSON.stringify(key)).toString('base64url');
function decodeCursor(text: string): ViewKey | null {
  try {
    const key = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    return Array.isArray(key) && key.length === 3 && key.every((k) => typeof k === 'string') ? (key as ViewKey) : null;
  } catch {
    return null;
  }
}

/**
 * Funds the master account from a registered funding account (password + one-time code), once per
 * `Idempotency-Key` like a transfer: same key and body → the first answer; another body → 409.
 */
export async function fundMasterAccount(
  ctx: ServerContext,
  actor: TransferActor,
  companyId: string,
  productCode: string,
  idempotencyKey: string,
  body: FundingBody,
): Promise<Outcome> {
  const id = transferIdOf(companyId, idempotencyKey);
  const docId = transferDocId(id);
  const requestHash = requestHashOf({ by: actor.user.userId, kind: 'funding', productCode, fundingAccountId: body.fundingAccountId, amountCents: body.amountCents });
  const known = await replayTransfer(ctx, companyId, docId, requestHash);
  if (known) return known;
  await productOf(ctx, companyId, productCode);
  await masterAccountOf(ctx, companyId, productCode);
  const source = await getOrNull(ctx.store.use<FundingAccountDoc>(companyDb(companyId, 'accounts')), fundingAccountDocId(body.fundingAccountId));
  if (!source || source.type !== 'funding' || source.status !== 'active') throw notFound('Cuenta de fondeo no registrada.', 'FUNDING_ACCOUNT_NOT_FOUND');
  const twin = await transferStepUp(ctx, actor, companyId, 'funding', body, docId, requestHash);
  if (twin) return twin;
  const now = ctx.now().toISOString();
  const doc: TransferDoc = {
    _id: docId,
    type: 'transfer',
    id,
    companyId,
    kind: 'funding',
    productCode,
    requestHash,
    status: 'PENDING',
    phase: 'start',
    amountCents: body.amountCents,
    feeCents: 0,
    fundingAccountId: body.fundingAccountId,
    lines: [],
    master: { beforeCents: null, afterCents: null },
    createdBy: actor.user.userId,
    createdAt: now,
    claimedAt: now,
    completedAt: null,
  };
  if ((await createOnce(transfersDb(ctx, companyId), doc)) === 'exists') {
    const again = await replayTransfer(ctx, companyId, docId, requestHash);
    if (again) return again;
  }
  const done = await runTransfer(ctx, companyId, doc);
  await recordAudit(ctx, {
    userId: actor.user.userId,
    companyId,
    action: 'master.funding',
    outcome: 'ok',
    details: { transferId: id, productCode, fundingAccountId: body.fundingAccountId, amountCents: body.amountCents },
    ...actor.meta,
  });
  return { replayed: false, transfer: done.answer ?? answerOf(done) };
}

// ---- the cards of a transfer ---------------------------------------------------------------------

export interface TransferCardRow {
  cardId: string;
  maskedPan: string;
  holderName: string;
  holderId: string;
  status: string;
  balanceCents: number;
}

/** Cards of the product to pick for a transfer, with their balances (search as the card query does). */
export async function transferCards(
  ctx: ServerContext,
  companyId: string,
  productCode: string,
  query: { q?: string; limit: number; after?: string },
): Promise<{ items: TransferCardRow[]; next: string | null }> {
  await productOf(ctx, companyId, productCode);
  const page = await searchCards(ctx, companyId, { q: query.q, limit: query.limit, after: query.after });
  return {
    items: page.cards
      .filter((c) => c.productCode === productCode)
      .map((c) => ({
        cardId: c.cardId,
        maskedPan: c.maskedPan,
        holderName: `${c.holder.firstName} ${c.holder.lastName}`.trim(),
        holderId: `${c.holder.idType}${c.holder.idNumber}`,
        status: c.status,
        balanceCents: c.balanceCents,
      })),
    next: page.next,
  };
}

/**
 * Block or unblock cards from the master transfer screen (password), through the card actions of
 * server/cards: one MVCC write per card, each effect keyed by the confirmation's key and the card.
 */
export async function setCardsBlocked(
  ctx: ServerContext,
  actor: TransferActor,
  companyId: string,
  input: { cardIds: string[]; action: 'block' | 'unblock'; password: string },
  idempotencyKey: string,
): Promise<Array<{ cardId: string; result: 'applied' | 'rejected'; message?: string; status?: string }>> {
  await assertStepUpPassword(ctx, actor.user, input.password, { ...actor.meta, companyId, action: `card.${input.action}` });
  const results = [];
  for (const cardId of input.cardIds) {
    const outcome = await applyCardAction(ctx, {
      companyId,
      cardId,
      action: { kind: input.action === 'block' ? 'card.block' : 'card.unblock', payload: {} } as never,
      effectId: `mt:${transferIdOf(companyId, idempotencyKey)}:${cardId}`,
      actor: { userId: actor.user.userId },
      origin: actor.meta.origin === 'api' ? 'api' : 'web',
    });
    results.push(
      outcome.result === 'applied'
        ? { cardId, result: 'applied' as const, status: outcome.card.status }
        : { cardId, result: 'rejected' as const, message: outcome.message },
    );
    await recordAudit(ctx, {
      userId: actor.user.userId,
      companyId,
      action: `card.${input.action}`,
      outcome: outcome.result === 'applied' ? 'ok' : 'refused',
      ...(outcome.result === 'rejected' ? { reason: outcome.code } : {}),
      details: { cardId, via: 'master-transfer' },
      ...actor.meta,
    });
  }
  return results;
}
