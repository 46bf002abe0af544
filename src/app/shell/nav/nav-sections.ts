import type { Permission, Role } from '../../../domain/permissions';
import { canAccess } from '../../core/access/access-rules';
import { FEATURES, type Feature } from '../../core/access/features';
import type { MessageKey } from '../../core/i18n/es';

export interface NavSection {
  labelKey: MessageKey;
  features: readonly Feature[];
}

/** The user manual's main menu, in its order. Perfil is always shown, apart from these. */
export const NAV_SECTIONS: readonly NavSection[] = [
  {
    labelKey: 'nav.operations',
    features: [FEATURES.lotUpload, FEATURES.lotTray, FEATURES.lotAuthorization, FEATURES.serviceOrderCreate, FEATURES.masterAccount],
  },
  { labelKey: 'nav.queries', features: [FEATURES.serviceOrders, FEATURES.lots] },
  { labelKey: 'nav.services', features: [FEATURES.masterTransfer, FEATURES.cards, FEATURES.pendingRequests] },
  { labelKey: 'nav.reports', features: [FEATURES.reports] },
  {
    labelKey: 'nav.configuration',
    features: [FEATURES.companyInfo, FEATURES.users, FEATURES.branches, FEATURES.downloads, FEATURES.apiKeys],
  },
  { labelKey: 'nav.operator', features: [FEATURES.operatorConsole] },
];

/** The sections and items the user may open in the selected company; empty sections disappear. */
export function visibleSections(
  granted: readonly Permission[],
  role: Role | null,
  sections: readonly NavSection[] = NAV_SECTIONS,
): NavSection[] {
  return sections
    .map((section) => ({
      ...section,
      features: section.features.filter(
        (feature) => (!feature.role || feature.role === role) && canAccess(granted, feature.anyOf),
      ),
    }))
    .filter((section) => section.features.length > 0);
}
