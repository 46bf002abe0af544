import { conflict, DomainError, notFound } from '../common/domain-error';
import type { LotStatus, OrderStatus } from '../../src/domain/statuses';
import { STATUS_LABEL } from './lot-transitions';

export const ORDER_STATUS_LABEL: Record<OrderStatus, string> = {
  PENDING_PAYMENT: 'pendiente de pago',
  PAID: 'pagada',
  VOIDED: 'anulada',
};

export const orderNotFound = () => notFound('Orden de servicio no encontrada.', 'ORDER_NOT_FOUND');
export const calculationNotFound = () => notFound('Cálculo no encontrado.', 'CALCULATION_NOT_FOUND');
export const lotNotFound = (lotId: string) => notFound(`Lote ${lotId} no encontrado.`, 'LOT_NOT_FOUND');
export const lotState = (lotId: string, status: LotStatus | null) =>
  conflict('LOT_STATE', status ? `El lote ${lotId} está ${STATUS_LABEL[status]}; solo se admiten lotes autorizados.` : `El lote ${lotId} ya no está disponible.`);
export const orderState = (status: OrderStatus) => conflict('ORDER_STATE', `La orden está ${ORDER_STATUS_LABEL[status]}.`);
export const calculationUsed = () => conflict('CALCULATION_USED', 'Este cálculo ya se usó o se descartó. Calcule de nuevo.');
export const calculationExpired = () => conflict('CALCULATION_EXPIRED', 'El cálculo venció (30 minutos). Calcule de nuevo.');
export const paymentInProgress = () => conflict('PAYMENT_IN_PROGRESS', 'Otro pago de esta orden está en curso.');
export const insufficientFunds = () => conflict('INSUFFICIENT_FUNDS', 'Saldo insuficiente en la cuenta maestra.');
export const alreadyInvoiced = () => conflict('ORDER_INVOICED', 'La orden ya está facturada.');
export const noMasterAccount = () => conflict('NO_MASTER_ACCOUNT', 'El producto no tiene cuenta maestra.');
export const mixedProducts = () =>
  new DomainError('invalid', 'MIXED_PRODUCTS', 'Una orden por lote o por tipo: los lotes de un mismo grupo deben ser del mismo producto.');
