/**
 * Permissions a company user can hold, per company (PRODUCT.md "Who uses it").
 * The one definition the server checks and the client uses to show or hide actions.
 */
export const PERMISSIONS = [
  'lots.upload',
  'lots.sign',
  'lots.authorize',
  'lots.delete',
  'orders.view',
  'orders.create',
  'orders.cancel',
  'orders.pay',
  'transfers.execute',
  'cards.view',
  'cards.manage',
  'reports.view',
  'company.manage',
  'users.manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

/** Roles are not permissions: an operator works for the program administrator and sees every company. */
export type Role = 'operator' | 'company';

export function hasPermission(granted: readonly string[] | undefined, wanted: Permission): boolean {
  return !!granted && granted.includes(wanted);
}
