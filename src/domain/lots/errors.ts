/**
 * Error codes of lot validation (LOT-FILES.md "Error codes") and their Spanish messages.
 * Outside tests and clients rely on every code here: never rename one.
 */
import { formatLotAmount } from '../money';
import { FieldSpec, LotFieldName, fieldLabel } from './layouts';

export const LOT_ERROR_CODES = [
  'E_EMPTY_FILE',
  'E_TOO_LARGE',
  'E_HEADER_MISSING',
  'E_HEADER_DUPLICATE',
  'E_RECORD_TYPE',
  'E_FIELD_COUNT',
  'E_REQUIRED',
  'E_LENGTH',
  'E_FORMAT',
  'E_DATE',
  'E_AMOUNT',
  'E_AMOUNT_LIMIT',
  'E_DUPLICATE',
  'E_TAX_ID_MISMATCH',
  'E_PRODUCT',
  'E_LOT_TYPE_MISMATCH',
  'E_COUNT_MISMATCH',
  'E_TOTAL_MISMATCH',
  'E_BRANCH_UNKNOWN',
  'E_CARD_EXISTS',
  'E_NO_CARD',
  'E_AGE',
] as const;

export type LotErrorCode = (typeof LOT_ERROR_CODES)[number];

/**
 * One validation error. `line` is the physical line number (from 1, blank lines counted);
 * 0 means the file as a whole (E_EMPTY_FILE, E_TOO_LARGE by size). `field` is the layout's field
 * name, or null when the error is about the whole line.
 */
export interface LotError {
  line: number;
  field: LotFieldName | null;
  code: LotErrorCode;
  message: string;
}

/** Facts that make a message specific. Every property is optional; each code uses a few. */
export interface LotErrorDetail {
  /** The offending value (shown shortened and with control characters masked). */
  value?: string;
  min?: number;
  max?: number;
  /** The actual length or count found. */
  found?: number;
  /** What was expected, already as text (a tax id, a lot type, a count...). */
  expected?: string;
  /** Another line the error refers to (the first occurrence of a duplicate, the header). */
  otherLine?: number;
  /** Amounts in cents. */
  cents?: number;
  limitCents?: number;
  /** Free text completing the message (a format rule, which limit, the reason). */
  note?: string;
  productCode?: string;
  personKey?: string;
}

/** How each field is named inside a sentence ("el monto debe..."). */
const SUBJECTS: Readonly<Record<LotFieldName, string>> = {
  taxId: 'el RIF',
  productCode: 'el código de producto',
  lotType: 'el tipo de lote',
  date: 'la fecha del lote',
  recordCount: 'la cantidad de registros',
  controlTotal: 'el total de control',
  idType: 'el tipo de documento',
  idNumber: 'el número de documento',
  firstName: 'el nombre',
  lastName: 'el apellido',
  birthDate: 'la fecha de nacimiento',
  email: 'el correo electrónico',
  phone: 'el teléfono',
  branchCode: 'el código de sucursal',
  amount: 'el monto',
  reason: 'el motivo',
  code: 'el código de sucursal',
  name: 'el nombre de la sucursal',
  address: 'la dirección',
  city: 'la ciudad',
  state: 'el estado',
  contact: 'la persona de contacto',
};

const MAX_SHOWN = 30;

/** A value safe to put in a message: short, no control characters, in «». */
export function showValue(value: string | undefined): string {
  if (value === undefined) return '«»';
  let shown = value.length > MAX_SHOWN ? value.slice(0, MAX_SHOWN) : value;
  // Control characters (NUL, binary junk) would corrupt a report or a terminal: mask them.
  shown = shown.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return `«${shown}${value.length > MAX_SHOWN ? '…' : ''}»`;
}

function amountText(cents: number | undefined): string {
  return cents === undefined || !Number.isSafeInteger(cents) || cents < 0 ? '?' : formatLotAmount(cents);
}

function place(line: number, field: LotFieldName | null): string {
  const where = line > 0 ? `Línea ${line}` : 'Archivo';
  return field ? `${where}, campo ${field}` : where;
}

function lengthRule(d: LotErrorDetail): string {
  const { min, max } = d;
  if (min !== undefined && max !== undefined) {
    return min === max ? `exactamente ${min}` : `entre ${min} y ${max}`;
  }
  if (max !== undefined) return `como máximo ${max}`;
  return `al menos ${min ?? 1}`;
}

function body(code: LotErrorCode, field: LotFieldName | null, d: LotErrorDetail): string {
  const subject = field ? SUBJECTS[field] : 'la línea';
  switch (code) {
    case 'E_EMPTY_FILE':
      return 'el archivo está vacío: no tiene ninguna línea con datos.';
    case 'E_TOO_LARGE':
      return d.note ?? 'el archivo supera el tamaño o la cantidad de registros permitidos.';
    case 'E_HEADER_MISSING':
      return 'la primera línea con datos debe ser el encabezado (un registro que comienza con H).';
    case 'E_HEADER_DUPLICATE':
      return `el archivo ya tiene un encabezado en la línea ${d.otherLine ?? 1}; solo puede haber un registro H.`;
    case 'E_RECORD_TYPE':
      return `tipo de registro ${showValue(d.value)} no válido: cada línea debe comenzar con H (encabezado) o D (detalle).`;
    case 'E_FIELD_COUNT':
      return `se esperaban ${d.expected ?? '?'} campos separados por ";"${d.note ? ` (${d.note})` : ''} y la línea tiene ${d.found ?? '?'}.`;
    case 'E_REQUIRED':
      return `${subject} es obligatorio y está vacío.`;
    case 'E_LENGTH':
      if (!field) return `la línea es demasiado larga (más de ${d.max ?? '?'} caracteres).`;
      return `${subject} debe tener ${lengthRule(d)} ${d.note ?? 'caracteres'} y tiene ${d.found ?? '?'}.`;
    case 'E_FORMAT':
      return `valor ${showValue(d.value)} no válido para ${subject}: ${d.note ?? 'contiene caracteres no permitidos'}.`;
    case 'E_DATE':
      return `${subject} ${showValue(d.value)} no es una fecha válida: use el formato AAAAMMDD con una fecha real del calendario.`;
    case 'E_AMOUNT':
      if (d.note === 'zero') return `${subject} debe ser mayor que 0.00.`;
      return `${subject} debe tener el formato 1500.00 (punto y dos decimales), sin signo ni separador de miles; se recibió ${showValue(d.value)}.`;
    case 'E_AMOUNT_LIMIT':
      return `${subject} ${amountText(d.cents)} supera el máximo de ${amountText(d.limitCents)} ${d.note ?? ''} del producto ${d.productCode ?? ''}.`.replace(/ {2,}/g, ' ');
    case 'E_DUPLICATE':
      return d.personKey !== undefined
        ? `la persona ${showValue(d.personKey)} ya aparece en la línea ${d.otherLine ?? '?'} del archivo.`
        : `${subject} ${showValue(d.value)} ya aparece en la línea ${d.otherLine ?? '?'} del archivo.`;
    case 'E_TAX_ID_MISMATCH':
      return `el RIF ${showValue(d.value)} no corresponde a la empresa seleccionada (${d.expected ?? '?'}).`;
    case 'E_PRODUCT':
      return d.expected
        ? `el producto ${showValue(d.value)} no corresponde al producto seleccionado (${d.expected}).`
        : `el producto ${showValue(d.value)} no es un producto de la empresa seleccionada.`;
    case 'E_LOT_TYPE_MISMATCH':
      return `el tipo de lote ${showValue(d.value)} no corresponde al tipo elegido al cargar el archivo (${d.expected ?? '?'}).`;
    case 'E_COUNT_MISMATCH':
      return `el encabezado indica ${d.expected ?? '?'} registros de detalle y el archivo tiene ${d.found ?? '?'}.`;
    case 'E_TOTAL_MISMATCH':
      return d.note
        ? `${d.note}`
        : `el total de control ${amountText(d.limitCents)} no coincide con la suma de los montos del detalle (${amountText(d.cents)}).`;
    case 'E_BRANCH_UNKNOWN':
      return `la sucursal ${showValue(d.value)} no existe en la empresa.`;
    case 'E_CARD_EXISTS':
      return `la persona ${showValue(d.personKey)} ya tiene una tarjeta vigente del producto ${d.productCode ?? ''}.`;
    case 'E_NO_CARD':
      return `la persona ${showValue(d.personKey)} no tiene una tarjeta vigente del producto ${d.productCode ?? ''}.`;
    case 'E_AGE':
      return `el titular debe tener entre ${d.min ?? '?'} y ${d.max ?? '?'} años en la fecha del lote y tendría ${d.found ?? '?'}.`;
  }
}

/** The Spanish message of an error: "Línea 3, campo amount: el monto debe tener el formato 1500.00 ...". */
export function lotErrorMessage(
  code: LotErrorCode,
  line: number,
  field: LotFieldName | null,
  detail: LotErrorDetail = {},
): string {
  return `${place(line, field)}: ${body(code, field, detail)}`;
}

export function lotError(
  code: LotErrorCode,
  line: number,
  field: LotFieldName | null,
  detail: LotErrorDetail = {},
): LotError {
  return { line, field, code, message: lotErrorMessage(code, line, field, detail) };
}

/** The label of the field of an error, for report columns ("Monto"); empty for line errors. */
export function errorFieldLabel(error: LotError): string {
  return error.field ? fieldLabel(error.field) : '';
}

/** Spanish hint of a field's shape, used in E_FORMAT messages. */
export function formatHint(spec: FieldSpec): string {
  switch (spec.kind) {
    case 'alnum':
      return 'solo se permiten letras y dígitos';
    case 'upperCode':
      return 'solo se permiten letras mayúsculas A-Z y dígitos 0-9';
    case 'list':
      return `valores permitidos: ${(spec.values ?? []).map((v) => `${v.value} (${v.label})`).join(', ')}`;
    case 'count':
      return 'debe ser un número entero (solo dígitos)';
    case 'personName':
      return "solo se permiten letras (con acentos, ñ y ü), espacios, apóstrofo (') y guion (-)";
    case 'email':
      return 'no es una dirección de correo válida (ej. nombre@empresa.com)';
    case 'phone':
      return 'debe tener de 7 a 15 dígitos, opcionalmente precedidos de "+", sin espacios ni guiones';
    case 'idNumber':
      return 'para V y E solo dígitos; para P solo letras y dígitos';
    case 'text':
      return 'contiene caracteres de control no permitidos';
    case 'date':
      return 'use el formato AAAAMMDD';
    case 'amount':
      return 'use el formato 1500.00';
  }
}
