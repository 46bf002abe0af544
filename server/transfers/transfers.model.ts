import { createHash } from 'node:crypto';
import type { MasterAccountDoc } from '../accounts/master-accounts.model';
import type { CachedBalance } from '../ledger/ledger.model';
import type { TransferUsage, TransferRefusal } from '../../src/domain/transfers/transfer-rules';
import type { TransferAnswer, TransferDocKind, TransferStatus } from '../../src/domain/transfers/transfer.model';

/**
 * Master transfers and fundings, one document each in co_<cid>_transfers (server only).
 *
 * Exactly once (DESIGN.md 1): the document's id derives from the company and the client's
 * `Idempotency-Key`, so a second request with the same key cannot create a second transfer — it finds
 * the first and replays its answer (or is refused when its body differs). Every money step of the
 * transfer is keyed by the transfer id, so resuming it after a crash repeats nothing (DESIGN.md 3).
 *
 * Ledger causes (entry:<cause>:<leg>):
 *   transfer:<id>:<n>    line n: master ∓amount, card ±amount (legs `master`, `card`)
 *   transfer:<id>:fee    master −fee, fees:<product> +fee
 *   transfer:<id>:funding  external:funding −amount, master +amount
 */
export interface TransferLineDoc {
  cardId: string;
  maskedPan: string;
  holderName: string;
  amountCents: number;
  status: 'PENDING' | 'DONE' | 'REJECTED';
  reason?: string;
  balanceAfterCents?: number;
}

export interface TransferDoc {
  _id: string;
  _rev?: string;
  type: 'transfer';
  id: string;
  companyId: string;
  kind: TransferDocKind;
  productCode: string;
  /** SHA-256 of what was asked (user, kind, product, lines or funding account and amount) */
  requestHash: string;
  status: TransferStatus;
  /**
   * Where a debit transfer is: `lines` once every card has been debited or refused (their outcomes
   * are then fixed on this document before the master account is credited with their sum).
   */
  phase: 'start' | 'lines' | 'done';
  amountCents: number;
  feeCents: number;
  fundingAccountId?: string;
  lines: TransferLineDoc[];
  master: { beforeCents: number | null; afterCents: number | null };
  refusal?: TransferRefusal;
  createdBy: string;
  createdAt: string;
  /** the worker running it (the request, or the resume sweep after a crash); lease TRANSFER_LEASE_MS */
  claimedAt: string;
  completedAt: string | null;
  /** the answer a replay with the same key gets */
  answer?: TransferAnswer;
}

export const TRANSFER_LEASE_MS = 60_000;

/** The master account document with the fields transfers keep on it (same MVCC write as the balance). */
export interface MasterAccountState extends MasterAccountDoc, CachedBalance {
  /** transfer movements counted against the product's daily and weekly limits */
  transferUsage?: TransferUsage;
}

export const transferDocId = (id: string) => `transfer:${id}`;

/** `t` + 32 hex of SHA-256(company, key): the same key in the same company is the same transfer. */
export function transferIdOf(companyId: string, idempotencyKey: string): string {
  return 't' + createHash('sha256').update(`${companyId}\n${idempotencyKey}`).digest('hex').slice(0, 32);
}

export function requestHashOf(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

export const lineCause = (id: string, n: number) => `transfer:${id}:${n}`;
export const feeCause = (id: string) => `transfer:${id}:fee`;
export const fundingCause = (id: string) => `transfer:${id}:funding`;
/** keys on the master account document's `appliedEntries` */
export const masterKey = {
  start: (id: string) => `transfer:${id}`,
  debitReturn: (id: string) => `transfer:${id}:return`,
};
