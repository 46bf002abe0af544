/**
 * THE definition of the lot file layouts (LOT-FILES.md). The validator, the downloadable templates
 * and the layout documentation pages are all generated from this table, so a change here changes
 * all of them together.
 */
import { formatLotAmount, parseAmount } from '../money';
import { LOT_TYPES, LotType } from '../statuses';

/** Field separator of every lot line. */
export const FIELD_SEPARATOR = ';';

/** Limits of one file (LOT-FILES.md "The file"). */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
export const MAX_RECORDS = 1_000_000;

/** Age a cardholder must have on the header date (EMI). */
export const MIN_HOLDER_AGE = 16;
export const MAX_HOLDER_AGE = 100;

/** Every field name a layout uses, exactly as LOT-FILES.md spells them. */
export type LotFieldName =
  | 'taxId' | 'productCode' | 'lotType' | 'date' | 'recordCount' | 'controlTotal'
  | 'idType' | 'idNumber' | 'firstName' | 'lastName' | 'birthDate' | 'email' | 'phone'
  | 'branchCode' | 'amount' | 'reason'
  | 'code' | 'name' | 'address' | 'city' | 'state' | 'contact';

/**
 * What shape a field's value has; each kind has one checker in field-checks.ts.
 * - `alnum`: ASCII letters and digits.          - `upperCode`: A-Z and 0-9 (product, branch codes).
 * - `list`: one of `values`.                    - `date`: YYYYMMDD, a real calendar date.
 * - `count`: a whole number (digits only).      - `amount`: 1–10 digits, a dot, 2 digits.
 * - `idNumber`: 5–10 digits (V/E) or 5–15 letters/digits (P), depends on idType.
 * - `personName`: letters (accents, ñ, ü), spaces, ' and -.
 * - `email`: an e-mail address.                 - `phone`: `+` then 7–15 digits, or 7–15 digits.
 * - `text`: any printable text.
 */
export type FieldKind =
  | 'alnum' | 'upperCode' | 'list' | 'date' | 'count' | 'amount'
  | 'idNumber' | 'personName' | 'email' | 'phone' | 'text';

export interface ListValue {
  readonly value: string;
  readonly label: string;
}

export interface FieldSpec {
  readonly name: LotFieldName;
  /** Short Spanish label (column header, template). */
  readonly label: string;
  /** Spanish description of the rule, for the layout documentation. */
  readonly description: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  /** Characters, after trimming. For `idNumber` and `phone` see `description` (they depend on the value). */
  readonly minLength: number;
  readonly maxLength: number;
  /** Allowed values of a `list` field. */
  readonly values?: readonly ListValue[];
  /** `amount` fields: whether 0.00 is allowed. */
  readonly allowZero?: boolean;
  /** An example value (used by the example files). */
  readonly example: string;
}

export interface LayoutSpec {
  /** `H` for the header, the lot type for a detail layout. */
  readonly type: 'H' | LotType;
  readonly recordType: 'H' | 'D';
  readonly title: string;
  readonly description: string;
  /** Fields after the record type, in file order. */
  readonly fields: readonly FieldSpec[];
}

/** Fields per line, counting the record type (`H`/`D`) too. */
export function fieldCountOf(layout: LayoutSpec): number {
  return layout.fields.length + 1;
}

export const LOT_TYPE_LABELS: Readonly<Record<LotType, string>> = {
  EMI: 'Emisión de tarjetas nominadas',
  REC: 'Recarga de tarjetas',
  CAR: 'Cargo (débito) a la cuenta maestra',
  REP: 'Reposición de tarjetas',
  SUC: 'Sucursales',
};

export const ID_TYPES: readonly ListValue[] = [
  { value: 'V', label: 'Venezolano' },
  { value: 'E', label: 'Extranjero residente' },
  { value: 'P', label: 'Pasaporte' },
];

export const REPLACEMENT_REASONS: readonly ListValue[] = [
  { value: 'P', label: 'Pérdida' },
  { value: 'R', label: 'Robo' },
  { value: 'D', label: 'Deterioro' },
  { value: 'N', label: 'No recibida' },
];

// ---- Field definitions, reused by several layouts -------------------------------------------

const idType: FieldSpec = {
  name: 'idType', label: 'Tipo de documento', kind: 'list', required: true, minLength: 1, maxLength: 1,
  values: ID_TYPES, example: 'V',
  description: 'V (venezolano), E (extranjero residente) o P (pasaporte).',
};

const idNumber: FieldSpec = {
  name: 'idNumber', label: 'Número de documento', kind: 'idNumber', required: true, minLength: 5, maxLength: 15,
  example: '12345678',
  description: 'Para V y E: de 5 a 10 dígitos. Para P: de 5 a 15 letras o dígitos. Sin puntos ni guiones.',
};

const phone: FieldSpec = {
  name: 'phone', label: 'Teléfono', kind: 'phone', required: false, minLength: 7, maxLength: 16,
  example: '04141234567',
  description: 'Opcional. De 7 a 15 dígitos, opcionalmente precedidos de "+". Sin espacios ni guiones.',
};

const branchCode: FieldSpec = {
  name: 'branchCode', label: 'Código de sucursal', kind: 'upperCode', required: true, minLength: 1, maxLength: 10,
  example: '001',
  description: 'Código de una sucursal existente de la empresa (1 a 10 caracteres A-Z y 0-9).',
};

function amount(allowZero: boolean, description: string): FieldSpec {
  return {
    name: 'amount', label: 'Monto', kind: 'amount', required: true, minLength: 4, maxLength: 13,
    allowZero, example: '1000.00', description,
  };
}

const AMOUNT_FORMAT = 'De 1 a 10 dígitos, punto y 2 decimales (ej. 1500.00), sin signo ni separador de miles.';

// ---- The layouts -------------------------------------------------------------------------------

export const HEADER_LAYOUT: LayoutSpec = {
  type: 'H',
  recordType: 'H',
  title: 'Encabezado',
  description: 'Primera línea no vacía del archivo, igual para todos los tipos de lote.',
  fields: [
    {
      name: 'taxId', label: 'RIF de la empresa', kind: 'alnum', required: true, minLength: 5, maxLength: 15,
      example: 'J000000001',
      description: 'Identificación fiscal de la empresa seleccionada: de 5 a 15 letras o dígitos.',
    },
    {
      name: 'productCode', label: 'Código de producto', kind: 'upperCode', required: true, minLength: 2, maxLength: 10,
      example: 'ALIM',
      description: 'Producto de la empresa (2 a 10 caracteres A-Z y 0-9).',
    },
    {
      name: 'lotType', label: 'Tipo de lote', kind: 'list', required: true, minLength: 3, maxLength: 3,
      values: LOT_TYPES.map((value) => ({ value, label: LOT_TYPE_LABELS[value] })),
      example: 'EMI',
      description: 'EMI, REC, CAR, REP o SUC; debe ser el tipo elegido al cargar el archivo.',
    },
    {
      name: 'date', label: 'Fecha', kind: 'date', required: true, minLength: 8, maxLength: 8,
      example: '20261125',
      description: 'Fecha del lote en formato AAAAMMDD (una fecha real del calendario).',
    },
    {
      name: 'recordCount', label: 'Cantidad de registros', kind: 'count', required: true, minLength: 1, maxLength: 7,
      example: '2',
      description: 'Número entero: cantidad de registros de detalle del archivo.',
    },
    {
      name: 'controlTotal', label: 'Total de control', kind: 'amount', required: true, minLength: 4, maxLength: 13,
      allowZero: true, example: '1500.00',
      description: `Suma de los montos del detalle; 0.00 para REP y SUC. ${AMOUNT_FORMAT}`,
    },
  ],
};

export const DETAIL_LAYOUTS: Readonly<Record<LotType, LayoutSpec>> = {
  EMI: {
    type: 'EMI',
    recordType: 'D',
    title: LOT_TYPE_LABELS.EMI,
    description: 'Una línea por tarjetahabiente a quien se emite una tarjeta nominada del producto.',
    fields: [
      idType,
      idNumber,
      {
        name: 'firstName', label: 'Nombres', kind: 'personName', required: true, minLength: 1, maxLength: 30,
        example: 'María José',
        description: 'De 1 a 30 caracteres: letras (con acentos, ñ y ü), espacios, apóstrofo (\') y guion (-).',
      },
      {
        name: 'lastName', label: 'Apellidos', kind: 'personName', required: true, minLength: 1, maxLength: 30,
        example: 'Pérez Ñáñez',
        description: 'De 1 a 30 caracteres: letras (con acentos, ñ y ü), espacios, apóstrofo (\') y guion (-).',
      },
      {
        name: 'birthDate', label: 'Fecha de nacimiento', kind: 'date', required: true, minLength: 8, maxLength: 8,
        example: '19900214',
        description: 'AAAAMMDD. El titular debe tener entre 16 y 100 años en la fecha del encabezado.',
      },
      {
        name: 'email', label: 'Correo electrónico', kind: 'email', required: false, minLength: 0, maxLength: 60,
        example: 'mj.perez@example.com',
        description: 'Opcional. Una dirección de correo válida de hasta 60 caracteres.',
      },
      phone,
      branchCode,
      amount(true, `Carga inicial; puede ser 0.00 y no mayor que la carga máxima por tarjeta del producto. ${AMOUNT_FORMAT}`),
    ],
  },
  REC: {
    type: 'REC',
    recordType: 'D',
    title: LOT_TYPE_LABELS.REC,
    description: 'Una línea por tarjetahabiente (con tarjeta vigente del producto) a recargar.',
    fields: [
      idType,
      idNumber,
      amount(false, `Mayor que 0.00 y no mayor que la recarga máxima del producto. ${AMOUNT_FORMAT}`),
    ],
  },
  CAR: {
    type: 'CAR',
    recordType: 'D',
    title: LOT_TYPE_LABELS.CAR,
    description:
      'Una línea por tarjetahabiente (con tarjeta vigente del producto) cuyo saldo se debita hacia la cuenta maestra. ' +
      'Un monto mayor que el saldo de la tarjeta rechaza ese registro al procesar el lote.',
    fields: [
      idType,
      idNumber,
      amount(false, `Mayor que 0.00 y no mayor que la recarga máxima del producto. ${AMOUNT_FORMAT}`),
    ],
  },
  REP: {
    type: 'REP',
    recordType: 'D',
    title: LOT_TYPE_LABELS.REP,
    description: 'Una línea por tarjetahabiente (con tarjeta vigente del producto) cuya tarjeta se repone.',
    fields: [
      idType,
      idNumber,
      {
        name: 'reason', label: 'Motivo', kind: 'list', required: true, minLength: 1, maxLength: 1,
        values: REPLACEMENT_REASONS, example: 'P',
        description: 'P (pérdida), R (robo), D (deterioro) o N (no recibida).',
      },
      { ...branchCode, description: 'Sucursal existente donde se entregará la nueva tarjeta (1 a 10 caracteres A-Z y 0-9).' },
    ],
  },
  SUC: {
    type: 'SUC',
    recordType: 'D',
    title: LOT_TYPE_LABELS.SUC,
    description: 'Una línea por sucursal. Un código que ya existe se actualiza; uno nuevo se crea.',
    fields: [
      {
        name: 'code', label: 'Código', kind: 'upperCode', required: true, minLength: 1, maxLength: 10,
        example: '003', description: 'Código de la sucursal: de 1 a 10 caracteres A-Z y 0-9.',
      },
      {
        name: 'name', label: 'Nombre', kind: 'text', required: true, minLength: 1, maxLength: 60,
        example: 'Maracaibo Norte', description: 'De 1 a 60 caracteres.',
      },
      {
        name: 'address', label: 'Dirección', kind: 'text', required: true, minLength: 1, maxLength: 120,
        example: 'Av. 5 de Julio, Edif. Lago, PB', description: 'De 1 a 120 caracteres.',
      },
      {
        name: 'city', label: 'Ciudad', kind: 'text', required: true, minLength: 1, maxLength: 40,
        example: 'Maracaibo', description: 'De 1 a 40 caracteres.',
      },
      {
        name: 'state', label: 'Estado', kind: 'text', required: true, minLength: 1, maxLength: 40,
        example: 'Zulia', description: 'De 1 a 40 caracteres.',
      },
      { ...phone, example: '02617654321' },
      {
        name: 'contact', label: 'Persona de contacto', kind: 'text', required: false, minLength: 0, maxLength: 60,
        example: 'Ana Rodríguez', description: 'Opcional. Hasta 60 caracteres.',
      },
    ],
  },
};

/** Header and detail layouts of one lot type, as used by the validator and the documents. */
export interface LotLayout {
  readonly type: LotType;
  readonly header: LayoutSpec;
  readonly detail: LayoutSpec;
}

export const LOT_LAYOUTS: Readonly<Record<LotType, LotLayout>> = {
  EMI: { type: 'EMI', header: HEADER_LAYOUT, detail: DETAIL_LAYOUTS.EMI },
  REC: { type: 'REC', header: HEADER_LAYOUT, detail: DETAIL_LAYOUTS.REC },
  CAR: { type: 'CAR', header: HEADER_LAYOUT, detail: DETAIL_LAYOUTS.CAR },
  REP: { type: 'REP', header: HEADER_LAYOUT, detail: DETAIL_LAYOUTS.REP },
  SUC: { type: 'SUC', header: HEADER_LAYOUT, detail: DETAIL_LAYOUTS.SUC },
};

export function isLotType(value: string): value is LotType {
  return (LOT_TYPES as readonly string[]).includes(value);
}

/** The field spec of a name, in the header or the detail layout of a type; undefined if not there. */
export function fieldSpec(type: LotType, name: string): FieldSpec | undefined {
  return (
    HEADER_LAYOUT.fields.find((f) => f.name === name) ?? DETAIL_LAYOUTS[type].fields.find((f) => f.name === name)
  );
}

/** The Spanish label of a field name, whichever layout holds it (falls back to the name). */
export function fieldLabel(name: string): string {
  if (HEADER_LAYOUT.fields.some((f) => f.name === name)) {
    return HEADER_LAYOUT.fields.find((f) => f.name === name)!.label;
  }
  for (const type of LOT_TYPES) {
    const spec = DETAIL_LAYOUTS[type].fields.find((f) => f.name === name);
    if (spec) return spec.label;
  }
  return name;
}

function layoutLine(layout: LayoutSpec, value: (field: FieldSpec) => string): string {
  return [layout.recordType, ...layout.fields.map(value)].join(FIELD_SEPARATOR);
}

/**
 * A downloadable template: the header and one detail line with each field's name in angle brackets,
 * the lot type already filled in (e.g. `H;<taxId>;<productCode>;EMI;<date>;...`).
 */
export function templateFor(type: LotType): string {
  const header = layoutLine(HEADER_LAYOUT, (f) => (f.name === 'lotType' ? type : `<${f.name}>`));
  const detail = layoutLine(DETAIL_LAYOUTS[type], (f) => `<${f.name}>`);
  return `${header}\r\n${detail}\r\n`;
}

/** Example detail rows per type: they must stay valid for the example header date 20261125. */
const EXAMPLE_DETAILS: Readonly<Record<LotType, readonly (readonly string[])[]>> = {
  EMI: [
    ['V', '12345678', 'María José', 'Pérez Ñáñez', '19900214', 'mj.perez@example.com', '04141234567', '001', '1000.00'],
    ['P', 'AB123456', 'John', "O'Neil", '19851130', '', '', '002', '500.00'],
  ],
  REC: [
    ['V', '10000001', '1500.00'],
    ['V', '10000002', '250.50'],
  ],
  CAR: [
    ['V', '10000001', '100.00'],
    ['V', '10000002', '20.25'],
  ],
  REP: [
    ['V', '10000001', 'P', '001'],
    ['V', '10000002', 'D', '002'],
  ],
  SUC: [
    ['001', 'Caracas Centro', 'Av. Urdaneta, Torre Norte, PB', 'Caracas', 'Distrito Capital', '02125551234', 'Luis Gómez'],
    ['003', 'Maracaibo Norte', 'Av. 5 de Julio, Edif. Lago, PB', 'Maracaibo', 'Zulia', '', ''],
  ],
};

export const EXAMPLE_DATE = '20261125';

/**
 * A complete, valid example file of a type for a company and product (header control figures
 * computed from the rows). Lines end with CRLF, as Notepad writes them.
 */
export function exampleFileFor(type: LotType, taxId: string, productCode: string): string {
  const rows = EXAMPLE_DETAILS[type];
  const amountIndex = DETAIL_LAYOUTS[type].fields.findIndex((f) => f.kind === 'amount');
  let totalCents = 0;
  if (amountIndex >= 0) {
    for (const row of rows) totalCents += parseAmount(row[amountIndex]) ?? 0;
  }
  const header = ['H', taxId, productCode, type, EXAMPLE_DATE, String(rows.length), formatLotAmount(totalCents)].join(FIELD_SEPARATOR);
  return [header, ...rows.map((row) => ['D', ...row].join(FIELD_SEPARATOR))].join('\r\n') + '\r\n';
}
