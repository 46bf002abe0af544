import { hasPermission, type Permission } from '../../../domain/permissions';
import { SYNC_KIND_ACCESS } from '../../../domain/sync-kinds';

/**
 * Which permissions open each feature (any one of them is enough; an empty list means every member of
 * the company). The menu and the route guards read this one table so they cannot disagree.
 */
export const ACCESS = {
  lotUpload: ['lots.upload'],
  lotTray: ['lots.upload', 'lots.delete'],
  lotAuthorization: ['lots.sign', 'lots.authorize'],
  serviceOrderCreate: ['orders.create'],
  serviceOrders: ['orders.view'],
  // the lots page shows the lots the device replicates: whoever may replicate them may open it
  lots: SYNC_KIND_ACCESS.lots,
  masterTransfer: ['transfers.execute'],
  masterAccount: ['transfers.execute'],
  cards: ['cards.view'],
  pendingRequests: ['cards.view', 'cards.manage'],
  reports: ['reports.view'],
  companyInfo: [],
  users: ['users.manage'],
  branches: [],
  downloads: [],
  apiKeys: ['company.manage'],
  profile: [],
} as const satisfies Record<string, readonly Permission[]>;

export function canAccess(granted: readonly Permission[], anyOf: readonly Permission[] | undefined): boolean {
  return !anyOf || anyOf.length === 0 || anyOf.some((permission) => hasPermission(granted, permission));
}
