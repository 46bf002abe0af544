import { type Permission, hasPermission } from './permissions';

/**
 * The company databases a device replicates — one collection each on the device (docs/architecture.md
 * "Sync"). `lotrecords` and `ledger` are server-only: no sync kind at all.
 */
export const SYNC_KINDS = ['cards', 'lots', 'orders', 'branches', 'accounts', 'requests'] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];

/** Only requests are pushed by devices; everything else is pull-only (the server owns it). */
export const PUSH_KINDS: readonly SyncKind[] = ['requests'];

/**
 * Which permissions let a user replicate each kind: any one of them; none listed, every member of the
 * company. The sync endpoint grants a whole database or nothing, and the device asks only for these.
 */
export const SYNC_KIND_ACCESS: Record<SyncKind, readonly Permission[]> = {
  cards: ['cards.view'],
  requests: [],
  lots: ['lots.upload', 'lots.sign', 'lots.authorize', 'lots.delete', 'orders.view'],
  orders: ['orders.view'],
  branches: [],
  accounts: ['transfers.execute', 'orders.pay'],
};

export function mayReplicate(kind: SyncKind, granted: readonly Permission[]): boolean {
  const anyOf = SYNC_KIND_ACCESS[kind];
  return anyOf.length === 0 || anyOf.some((permission) => hasPermission(granted, permission));
}

/** The kinds a user with these permissions replicates, in SYNC_KINDS order. */
export function replicatedKinds(granted: readonly Permission[]): SyncKind[] {
  return SYNC_KINDS.filter((kind) => mayReplicate(kind, granted));
}
