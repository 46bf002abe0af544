import { type FieldSpec, type LayoutSpec, LOT_LAYOUTS } from '../../../domain/lots/layouts';
import type { LotType } from '../../../domain/statuses';
import type { MessageKey } from '../../core/i18n/es';

/** One row of a layout document: a field of the header or the detail line, from the one definition. */
export interface LayoutRow {
  position: number;
  name: string;
  label: string;
  description: string;
  required: boolean;
  length: string;
  kindKey: MessageKey;
  example: string;
}

// Template-literal keys: the compiler fails if the catalogue misses a field kind.
export const fieldKindKey = (kind: FieldSpec['kind']): MessageKey => `fieldKind.${kind}`;

/** "1", "5–15" or "0–60": the allowed length after trimming. */
export function lengthText(spec: FieldSpec): string {
  return spec.minLength === spec.maxLength ? String(spec.maxLength) : `${spec.minLength}–${spec.maxLength}`;
}

/**
 * The rows of a layout. Position 1 is the record type (H or D), so field positions match the `;`
 * separated columns of the file. `examples` overrides example values (the selected company's tax id).
 */
export function layoutRows(layout: LayoutSpec, examples: Partial<Record<string, string>> = {}): LayoutRow[] {
  return layout.fields.map((spec, index) => ({
    position: index + 2,
    name: spec.name,
    label: spec.label,
    description: spec.description,
    required: spec.required,
    length: lengthText(spec),
    kindKey: fieldKindKey(spec.kind),
    example: examples[spec.name] ?? spec.example,
  }));
}

export function detailRows(type: LotType): LayoutRow[] {
  return layoutRows(LOT_LAYOUTS[type].detail);
}
