import type { LotStatus, LotType, OrderStatus } from '../../../domain/statuses';
import type { MessageKey } from '../../core/i18n/es';

// Template-literal keys: the compiler fails here if the catalogue misses a status or a type.
export const lotStatusKey = (status: LotStatus): MessageKey => `lotStatus.${status}`;
export const lotTypeKey = (type: LotType): MessageKey => `lotType.${type}`;
export const orderStatusKey = (status: OrderStatus): MessageKey => `orderStatus.${status}`;
