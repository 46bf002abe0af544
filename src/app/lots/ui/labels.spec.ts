import { TestBed } from '@angular/core/testing';
import { LOT_STATUSES, LOT_TYPES, ORDER_STATUSES } from '../../../domain/statuses';
import { Translator } from '../../core/i18n/translator';
import { lotStatusKey, lotTypeKey, orderStatusKey } from './labels';

describe('status and type labels', () => {
  const t = (key: Parameters<Translator['t']>[0]) => TestBed.inject(Translator).t(key);
  const expectLabels = (values: readonly string[], label: (v: string) => string) => {
    const texts = values.map(label);
    expect(texts.filter((text) => text.startsWith('⟦') || !text.trim())).withContext('missing labels').toEqual([]);
    expect(new Set(texts).size).withContext('labels must differ').toBe(values.length);
  };

  it('has a Spanish label for every lot status', () => {
    expectLabels(LOT_STATUSES, (s) => t(lotStatusKey(s as (typeof LOT_STATUSES)[number])));
    expect(t(lotStatusKey('PENDING_AUTHORIZATION'))).toBe('Pendiente de autorización');
    expect(t(lotStatusKey('CANCELLED'))).toBe('Anulado');
  });

  it('has a Spanish label for every order status', () => {
    expectLabels(ORDER_STATUSES, (s) => t(orderStatusKey(s as (typeof ORDER_STATUSES)[number])));
    expect(t(orderStatusKey('PENDING_PAYMENT'))).toBe('Pendiente de pago');
    expect(t(orderStatusKey('PAID'))).toBe('Pagada');
    expect(t(orderStatusKey('VOIDED'))).toBe('Anulada');
  });

  it('has a Spanish name for every lot type', () => {
    expectLabels(LOT_TYPES, (s) => t(lotTypeKey(s as (typeof LOT_TYPES)[number])));
    expect(t(lotTypeKey('EMI'))).toBe('Emisión de tarjetas nominadas');
  });
});
