import { type Permission, hasPermission } from '../../../domain/permissions';
import type { ReplicatedKind } from '../db/doc-types';

/**
 * Which permissions let a user replicate each company database — the same table as the server's
 * server/sync/sync-access.ts `mayRead` (the sync endpoint grants a whole database or nothing).
 * An empty list: every member of the company. The server decides; a 403 stops that kind on the
 * device and the others go on.
 */
export const KIND_ACCESS: Record<ReplicatedKind, readonly Permission[]> = {
  cards: ['cards.view'],
  requests: [],
  lots: ['lots.upload', 'lots.sign', 'lots.authorize', 'lots.delete', 'orders.view'],
  orders: ['orders.view'],
  branches: [],
  accounts: ['transfers.execute', 'orders.pay'],
};

export function kindsFor(permissions: readonly Permission[]): ReplicatedKind[] {
  return (Object.keys(KIND_ACCESS) as ReplicatedKind[]).filter((kind) => {
    const anyOf = KIND_ACCESS[kind];
    return anyOf.length === 0 || anyOf.some((permission) => hasPermission(permissions, permission));
  });
}
