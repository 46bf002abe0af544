/**
 * The documents as the device keeps them. They are the server's documents (server/cards/cards.model.ts,
 * src/domain/lots, src/domain/orders, src/domain/requests) with two device-side differences:
 *  - `_rev` is RxDB's own revision on the device, so the server's revision is kept in `rev`
 *    (a request records the card `rev` the user saw: `seenCardRev`);
 *  - only the fields the device schema declares are kept (the pull modifier projects), so a field the
 *    server adds later never breaks a pull.
 */
import type { CardDoc } from '../../../../server/cards/cards.model';
import type { LotDoc } from '../../../domain/lots/lot.model';
import type { OrderDoc } from '../../../domain/orders/order.model';
import type { CardRequestKind, RequestOutcome } from '../../../domain/requests';
import type { RequestStatus } from '../../../domain/statuses';

/** The replicated kinds: one company database per kind on the server, one collection on the device. */
export { SYNC_KINDS as REPLICATED_KINDS, type SyncKind as ReplicatedKind } from '../../../domain/sync-kinds';

type ServerRev = { rev?: string };

/** The card plus where it came from (schema version 1): its lot and, once ordered, its service order. */
export type LocalCard = Omit<CardDoc, '_rev'> & ServerRev & { lotId?: string | null; orderId?: string | null };
/** `deleted` is an RxDocument property: the lot's deletion record is kept as `deletion`. */
export type LocalLot = Omit<LotDoc, '_rev' | 'deleted'> & ServerRev & { deletion?: LotDoc['deleted'] };
export type LocalOrder = Omit<OrderDoc, '_rev'> & ServerRev;

/** co_<cid>_branches / branch:<code> (server/accounts/accounts.model.ts BranchDoc). */
export interface LocalBranch extends ServerRev {
  _id: string;
  type: 'branch';
  code: string;
  name: string;
  city?: string;
  address?: string;
  createdAt?: string;
  updatedAt?: string;
}

/**
 * co_<cid>_accounts: `account:<product>` master accounts and `funding:<id>` funding accounts
 * (server/accounts/master-accounts.model.ts), in one flat shape.
 */
export interface LocalAccount extends ServerRev {
  _id: string;
  type: 'account' | 'funding';
  productCode?: string;
  balanceCents?: number;
  id?: string;
  bankName?: string;
  accountNumberMasked?: string;
  holderName?: string;
  holderTaxId?: string;
  status?: string;
  createdAt?: string;
  updatedAt?: string;
}

/** A request as the device stores it (CardRequestDoc of src/domain/requests, flattened for the schema). */
export interface LocalRequest {
  _id: string;
  type: 'request';
  kind: CardRequestKind;
  payload: Record<string, unknown>;
  userId: string;
  companyId: string;
  deviceId: string;
  createdAt: string;
  cardId: string;
  seenCardRev: string | null;
  status: RequestStatus;
  outcome?: RequestOutcome | null;
  appliedAt?: string | null;
  receivedAt?: string | null;
}

/** Device-only bookkeeping: `sync` (last complete sync) and `pulled:<kind>` (last pull of a kind). */
export interface LocalMeta {
  _id: string;
  at: string;
}
