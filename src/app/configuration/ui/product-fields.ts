import type { MessageKey } from '../../core/i18n/es';
import type { Translator } from '../../core/i18n/translator';
import { formatLotAmount, parseTypedCents } from '../../../domain/money';
import { money } from '../../lots/ui/format';
import type { Product } from '../data/config-api';

/**
 * A product's number groups (fees, limits, and whatever a later issue adds to the product schema),
 * read generically from the server's answer so a new field shows up without a screen change. The unit
 * follows the field's name: `…Cents` money, `…BasisPoints` a percentage, anything else a count.
 */
export type FieldUnit = 'money' | 'percent' | 'count';
export interface ProductField {
  group: string;
  name: string;
  unit: FieldUnit;
  value: number | null;
}
export interface ProductGroup {
  name: string;
  fields: ProductField[];
}

export function unitOf(name: string): FieldUnit {
  if (/Cents$/.test(name)) return 'money';
  if (/BasisPoints$/.test(name)) return 'percent';
  return 'count';
}

const isNumberGroup = (value: unknown): value is Record<string, number | null> =>
  !!value && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => v === null || typeof v === 'number');

export function productGroups(product: Product): ProductGroup[] {
  return Object.entries(product)
    .filter(([, value]) => isNumberGroup(value))
    .map(([group, value]) => ({
      name: group,
      fields: Object.entries(value as Record<string, number | null>).map(([name, v]) => ({ group, name, unit: unitOf(name), value: v })),
    }));
}

/** "Comisión de emisión por tarjeta", or the field's own name when the catalogue does not know it yet. */
export function fieldLabel(translator: Translator, name: string): string {
  const text = translator.t(`productField.${name}` as MessageKey);
  return text.startsWith('⟦') ? name : text;
}

/** 150 → "1,50 %", 250 cents → "2,50", null → "—" (no limit). */
export function fieldText(field: ProductField): string {
  if (field.value === null) return '—';
  if (field.unit === 'money') return money(field.value);
  if (field.unit === 'percent') return `${money(field.value)} %`;
  return field.value.toLocaleString('es-VE');
}

/** The value as typed in a form: "1500.00", "1.50", "1000". */
export function fieldInput(field: ProductField): string {
  if (field.value === null) return '';
  if (field.unit === 'count') return String(field.value);
  return formatLotAmount(field.value);
}

/**
 * Reads what the operator typed: "" → null (no limit; the server says when a field needs a value),
 * "1500", "1500.5", "1500,50" → cents or basis points; counts are whole numbers. NaN when unreadable.
 */
export function parseFieldInput(unit: FieldUnit, text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  if (unit === 'count') return /^[0-9]{1,12}$/.test(t) ? Number(t) : NaN;
  return parseTypedCents(t) ?? NaN; // cents, or basis points (hundredths of a percent): the same reading
}
