import type { Permission, Role } from '../../../domain/permissions';
import type { MessageKey } from '../i18n/es';
import { ACCESS } from './access-rules';

/** URL sections (Spanish, as users see them). */
export const SECTIONS = {
  operations: 'operaciones',
  queries: 'consultas',
  services: 'servicios',
  reports: 'reportes',
  configuration: 'configuracion',
  profile: 'perfil',
  operator: 'operador',
} as const;

export interface Feature {
  section: (typeof SECTIONS)[keyof typeof SECTIONS];
  /** '' when the feature is the whole section. */
  segment: string;
  labelKey: MessageKey;
  descriptionKey: MessageKey;
  icon: string;
  anyOf: readonly Permission[];
  role?: Role;
}

/** Every screen of the main navigation (user manual's menu). The menu and the routes are built from it. */
export const FEATURES = {
  lotUpload: f('operaciones', 'carga-de-lotes', 'lotUpload', 'upload_file', ACCESS.lotUpload),
  lotTray: f('operaciones', 'bandeja', 'lotTray', 'inbox', ACCESS.lotTray),
  lotAuthorization: f('operaciones', 'autorizacion', 'lotAuthorization', 'task_alt', ACCESS.lotAuthorization),
  serviceOrderCreate: f('operaciones', 'orden-de-servicio', 'serviceOrderCreate', 'request_quote', ACCESS.serviceOrderCreate),
  masterAccount: f('operaciones', 'cuenta-maestra', 'masterAccount', 'account_balance', ACCESS.masterAccount),
  serviceOrders: f('consultas', 'ordenes-de-servicio', 'serviceOrders', 'receipt_long', ACCESS.serviceOrders),
  lots: f('consultas', 'lotes', 'lots', 'list_alt', ACCESS.lots),
  masterTransfer: f('servicios', 'transferencia-maestra', 'masterTransfer', 'swap_horiz', ACCESS.masterTransfer),
  cards: f('servicios', 'tarjetas', 'cards', 'credit_card', ACCESS.cards),
  pendingRequests: f('servicios', 'pendientes', 'pendingRequests', 'pending_actions', ACCESS.pendingRequests),
  reports: f('reportes', '', 'reports', 'bar_chart', ACCESS.reports),
  companyInfo: f('configuracion', 'informacion-general', 'companyInfo', 'business', ACCESS.companyInfo),
  users: f('configuracion', 'usuarios', 'users', 'group', ACCESS.users),
  branches: f('configuracion', 'sucursales', 'branches', 'store', ACCESS.branches),
  downloads: f('configuracion', 'descargas', 'downloads', 'download', ACCESS.downloads),
  apiKeys: f('configuracion', 'claves-de-api', 'apiKeys', 'vpn_key', ACCESS.apiKeys),
  operatorConsole: { ...f('operador', '', 'operatorConsole', 'admin_panel_settings', []), role: 'operator' },
  operatorPlastics: { ...f('operador', 'plasticos', 'operatorPlastics', 'local_shipping', []), role: 'operator' },
} satisfies Record<string, Feature>;

export function featureLink(feature: Feature): string {
  return feature.segment ? `/${feature.section}/${feature.segment}` : `/${feature.section}`;
}

type KeysAfter<P extends string> = MessageKey extends infer K ? (K extends `${P}${infer N}` ? N : never) : never;
/** A feature name needs both a menu label and a placeholder description in the catalogue. */
type FeatureName = KeysAfter<'nav.'> & KeysAfter<'placeholder.'>;

function f(
  section: Feature['section'],
  segment: string,
  name: FeatureName,
  icon: string,
  anyOf: readonly Permission[],
): Feature {
  return {
    section,
    segment,
    labelKey: `nav.${name}`,
    descriptionKey: `placeholder.${name}`,
    icon,
    anyOf,
  };
}
