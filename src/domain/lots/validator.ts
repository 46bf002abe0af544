/**
 * THE lot file validator (LOT-FILES.md), shared by the browser (before upload, offline too, in a
 * Worker) and the server (the authority). Incremental: lines go in one at a time (or decoded text
 * chunks), so a 1,000,000-record file is validated with memory bounded by the per-file sets needed
 * for duplicate detection, never by the file.
 *
 *   const v = createLotValidator({ onError, onRecord }, context);
 *   v.pushText(chunk) ... (or v.pushLine(line) ...)
 *   const result = v.finish();
 *
 * Company data comes in as synchronous lookups in `context`; a lookup left undefined (the browser
 * without card data, say) skips the checks that need it.
 */
import { parseAmount } from '../money';
import { LotType } from '../statuses';
import { LotError, LotErrorCode, LotErrorDetail, formatHint, lotError } from './errors';
import { FieldProblem, ageOn, checkIdNumber, checkShape, parseDate } from './field-checks';
import { LineSplitter, MAX_LINE_CHARS } from './decode';
import { NumberLineMap } from './number-line-map';
import {
  DETAIL_LAYOUTS,
  FIELD_SEPARATOR,
  FieldSpec,
  HEADER_LAYOUT,
  LayoutSpec,
  LotFieldName,
  MAX_FILE_BYTES,
  MAX_HOLDER_AGE,
  MAX_RECORDS,
  MIN_HOLDER_AGE,
  isLotType,
} from './layouts';

/** A product of the company as far as lot validation cares; limits left undefined are not checked. */
export interface LotProduct {
  code: string;
  /** EMI: maximum initial load per card. */
  maxLoadCents?: number;
  /** REC and CAR: maximum amount per record. */
  maxRechargeCents?: number;
  /** At most this many detail records per file (never more than MAX_RECORDS). */
  maxRecordsPerFile?: number;
}

export interface LotValidationContext {
  /** The selected company's tax id (compared ignoring letter case). */
  taxId: string;
  /** The lot type chosen at upload; the header must match it. */
  lotTypeChosen?: LotType;
  /** The product chosen at upload, when the upload names one; the header must match it. */
  productCodeChosen?: string;
  /** The company's products. */
  products: readonly LotProduct[];
  /** Does the company have this branch? Undefined: not checked (E_BRANCH_UNKNOWN never raised). */
  branchExists?: (code: string) => boolean;
  /** Does this person (see personKey) hold a non-cancelled card of the product? Undefined: not checked. */
  personHasCard?: (productCode: string, personKey: string) => boolean;
}

/** One detail record as read, handed to `onRecord` (e.g. for the server to store it). */
export interface LotRecord {
  line: number;
  /** The layout the line was read as; null when no lot type is known (none chosen, none valid in the header). */
  type: LotType | null;
  /**
   * Trimmed values by field name; empty when the line's structure was unreadable (E_FIELD_COUNT,
   * E_RECORD_TYPE, a line over MAX_LINE_CHARS, no layout known).
   */
  fields: Partial<Record<LotFieldName, string>>;
  amountCents: number | null;
  /** idType+idNumber for EMI/REC/CAR/REP when both are valid. */
  personKey: string | null;
  /** No error on this line (file-level errors such as E_COUNT_MISMATCH come at the end). */
  valid: boolean;
}

export interface LotValidatorOptions {
  /** How many errors `finish().errors` keeps (the first ones); the rest are only counted. Default 1000. */
  maxErrorsKept?: number;
  /** Called with every error, in the order found (e.g. to stream them all to storage). */
  onError?: (error: LotError) => void;
  /** Called with every detail record. Not calling it saves work. */
  onRecord?: (record: LotRecord) => void;
  /** Size of the file in bytes, when known: above MAX_FILE_BYTES the file is E_TOO_LARGE. */
  fileBytes?: number;
}

export interface LotHeader {
  line: number;
  taxId: string;
  productCode: string;
  /** Null when the header's lot type is not valid. */
  lotType: LotType | null;
  /** yyyymmdd as written, when a valid date; else null. */
  date: string | null;
  recordCount: number | null;
  controlTotalCents: number | null;
}

export interface LotValidationResult {
  valid: boolean;
  header: LotHeader | null;
  /** The lot type the details were read as: the header's, else the one chosen. */
  lotType: LotType | null;
  /** Detail records: every non-blank line other than the header. */
  recordCount: number;
  validRecordCount: number;
  /** Sum of the detail amounts that could be read, in cents. */
  totalCents: number;
  errorCount: number;
  /** The first `maxErrorsKept` errors. */
  errors: LotError[];
  errorsTruncated: boolean;
  /** E_TOO_LARGE was raised: records beyond the limit were counted, not checked. */
  tooLarge: boolean;
  /** Physical lines seen. */
  lineCount: number;
}

export interface LotValidator {
  /** The next physical line (without line end). `overlong`: cut by the splitter at MAX_LINE_CHARS. */
  pushLine(line: string, overlong?: boolean): void;
  /** The next piece of decoded text; lines may span pieces. */
  pushText(text: string): void;
  finish(): LotValidationResult;
  readonly errorCount: number;
  readonly lineCount: number;
  /** True once E_TOO_LARGE was raised: a reader may stop feeding the file. */
  readonly tooLarge: boolean;
}

/** The identity of a person across files and cards: idType + idNumber, letters upper-cased. */
export function personKey(idType: string, idNumber: string): string {
  return (idType + idNumber).toUpperCase();
}

/**
 * The person key a detail line of this type would be checked under, without checking anything
 * (null when the line has no such fields): lets a reader fetch, ahead of the validator, the
 * company data `personHasCard` answers from. A bad line only costs a lookup the validator never asks.
 */
export function candidatePersonKey(line: string, type: LotType): string | null {
  const layout = COMPILED_DETAILS[type];
  if (layout.idNumber <= 0) return null;
  const fields = line.split(FIELD_SEPARATOR, layout.idNumber + 1);
  if (fields.length <= layout.idNumber || fields[0].trim() === 'H') return null;
  const idType = fields[layout.idType].trim();
  const idNumber = fields[layout.idNumber].trim();
  return idType === '' || idNumber === '' || idNumber.length > 15 ? null : personKey(idType, idNumber);
}

const DEFAULT_MAX_ERRORS_KEPT = 1000;

/** A layout with the positions the rules need, computed once. Indexes count the record type as 0. */
interface CompiledLayout {
  spec: LayoutSpec;
  type: LotType | null;
  fieldCount: number;
  fields: readonly FieldSpec[];
  hints: readonly string[];
  idType: number;
  idNumber: number;
  amount: number;
  birthDate: number;
  branchCode: number;
  code: number;
}

function compile(spec: LayoutSpec): CompiledLayout {
  const index = (name: LotFieldName) => {
    const i = spec.fields.findIndex((f) => f.name === name);
    return i < 0 ? -1 : i + 1;
  };
  return {
    spec,
    type: spec.type === 'H' ? null : spec.type,
    fieldCount: spec.fields.length + 1,
    fields: spec.fields,
    hints: spec.fields.map(formatHint),
    idType: index('idType'),
    idNumber: index('idNumber'),
    amount: index('amount'),
    birthDate: index('birthDate'),
    branchCode: index('branchCode'),
    code: index('code'),
  };
}

const COMPILED_HEADER = compile(HEADER_LAYOUT);
const COMPILED_DETAILS: Readonly<Record<LotType, CompiledLayout>> = {
  EMI: compile(DETAIL_LAYOUTS.EMI),
  REC: compile(DETAIL_LAYOUTS.REC),
  CAR: compile(DETAIL_LAYOUTS.CAR),
  REP: compile(DETAIL_LAYOUTS.REP),
  SUC: compile(DETAIL_LAYOUTS.SUC),
};
const H_TAX_ID = 1;
const H_PRODUCT = 2;
const H_LOT_TYPE = 3;
const H_DATE = 4;
const H_COUNT = 5;
const H_TOTAL = 6;

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function formatInteger(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

const CHAR_D = 68;
const CHAR_SEMICOLON = 59;

/**
 * Number key of a V/E person for the duplicate map: cheaper than a string in a 1,000,000-entry map.
 * Type and digit count are part of the key so that "V" + "012345" and "V" + "12345" stay different
 * people, exactly as personKey() says.
 */
function numericPersonKey(idType: string, idNumber: string): number {
  return ((idType === 'E' ? 16 : 0) + idNumber.length) * 1e10 + Number(idNumber);
}

class LotValidatorImpl implements LotValidator {
  private readonly context: LotValidationContext;
  private readonly maxErrorsKept: number;
  private readonly onError?: (error: LotError) => void;
  private readonly onRecord?: (record: LotRecord) => void;
  private readonly splitter: LineSplitter;

  private lines = 0;
  private sawData = false;
  /** The first non-blank line has been seen (it was, or should have been, the header). */
  private headerSlotUsed = false;
  private header: LotHeader | null = null;
  private headerDate: number | null = null;
  private product: LotProduct | null = null;
  private layout: CompiledLayout | null = null;
  private recordLimit = MAX_RECORDS;

  private records = 0;
  private validRecords = 0;
  private total = 0;
  /** False once a detail's amount could not be read: the control total cannot then be compared. */
  private totalReliable = true;
  private tooLargeRaised = false;
  private finished = false;

  private errorsFound = 0;
  private readonly kept: LotError[] = [];
  /** First line of each person seen in the file: V/E people by number, P people and branch codes by text. */
  private readonly seenNumbers = new NumberLineMap();
  private readonly seenTexts = new Map<string, number>();

  // Scratch values of the line being checked, so checking allocates nothing when all is well.
  private scratchAmount: number | null = null;
  private scratchDate: number | null = null;

  constructor(options: LotValidatorOptions, context: LotValidationContext) {
    this.context = context;
    this.maxErrorsKept = Math.max(0, options.maxErrorsKept ?? DEFAULT_MAX_ERRORS_KEPT);
    this.onError = options.onError;
    this.onRecord = options.onRecord;
    this.splitter = new LineSplitter((line, overlong) => this.pushLine(line, overlong));
    if (context.lotTypeChosen) this.layout = COMPILED_DETAILS[context.lotTypeChosen];
    if (options.fileBytes !== undefined && options.fileBytes > MAX_FILE_BYTES) {
      this.tooLargeRaised = true;
      this.report('E_TOO_LARGE', 0, null, {
        note: `el archivo pesa ${formatInteger(options.fileBytes)} bytes y el máximo es ${formatInteger(MAX_FILE_BYTES)} (100 MB).`,
      });
    }
  }

  get errorCount(): number {
    return this.errorsFound;
  }

  get lineCount(): number {
    return this.lines;
  }

  get tooLarge(): boolean {
    return this.tooLargeRaised;
  }

  pushText(text: string): void {
    this.assertOpen();
    this.splitter.push(text);
  }

  pushLine(text: string, overlong = false): void {
    this.assertOpen();
    const line = ++this.lines;
    if (text.length > MAX_LINE_CHARS) {
      text = text.slice(0, MAX_LINE_CHARS);
      overlong = true;
    }
    if (!overlong && isBlank(text)) return;
    this.sawData = true;
    if (this.tooLargeRaised) {
      // Past the limit the upload is refused anyway: count, do not check.
      this.records++;
      return;
    }
    if (overlong) {
      this.report('E_LENGTH', line, null, { max: MAX_LINE_CHARS });
      if (this.headerSlotUsed && this.countDetail(line)) this.unreadableRecord(line);
      this.headerSlotUsed = true;
      this.totalReliable = false;
      return;
    }
    // Fast path for the usual detail line: "D;" needs no trimming of the record type.
    if (this.headerSlotUsed && text.charCodeAt(0) === CHAR_D && text.charCodeAt(1) === CHAR_SEMICOLON) {
      this.detail(line, text.split(FIELD_SEPARATOR));
      return;
    }
    const fields = text.split(FIELD_SEPARATOR);
    const recordType = fields[0].trim();
    if (recordType === 'H') {
      if (this.header) {
        this.report('E_HEADER_DUPLICATE', line, null, { otherLine: this.header.line });
      } else {
        this.headerSlotUsed = true;
        this.headerLine(line, fields);
      }
      return;
    }
    const first = !this.headerSlotUsed;
    this.headerSlotUsed = true;
    if (first) this.report('E_HEADER_MISSING', line, null);
    if (recordType !== 'D') {
      if (!first) this.report('E_RECORD_TYPE', line, null, { value: recordType });
      if (this.countDetail(line)) {
        this.totalReliable = false;
        this.unreadableRecord(line);
      }
      return;
    }
    this.detail(line, fields);
  }

  finish(): LotValidationResult {
    this.assertOpen();
    this.splitter.finish();
    this.finished = true;
    if (!this.sawData) {
      this.report('E_EMPTY_FILE', 0, null);
    } else if (this.header && !this.tooLargeRaised) {
      const header = this.header;
      if (header.recordCount !== null && header.recordCount !== this.records) {
        this.report('E_COUNT_MISMATCH', header.line, 'recordCount', {
          expected: String(header.recordCount),
          found: this.records,
        });
      }
      if (
        this.layout &&
        this.layout.amount > 0 &&
        header.controlTotalCents !== null &&
        this.totalReliable &&
        header.controlTotalCents !== this.total
      ) {
        this.report('E_TOTAL_MISMATCH', header.line, 'controlTotal', {
          limitCents: header.controlTotalCents,
          cents: this.total,
        });
      }
    }
    return {
      valid: this.errorsFound === 0,
      header: this.header,
      lotType: this.layout?.type ?? null,
      recordCount: this.records,
      validRecordCount: this.validRecords,
      totalCents: this.total,
      errorCount: this.errorsFound,
      errors: this.kept,
      errorsTruncated: this.errorsFound > this.kept.length,
      tooLarge: this.tooLargeRaised,
      lineCount: this.lines,
    };
  }

  // ---- header -------------------------------------------------------------------------------

  private headerLine(line: number, fields: string[]): void {
    const header: LotHeader = {
      line, taxId: '', productCode: '', lotType: null, date: null, recordCount: null, controlTotalCents: null,
    };
    this.header = header;
    if (fields.length !== COMPILED_HEADER.fieldCount) {
      this.report('E_FIELD_COUNT', line, null, {
        expected: String(COMPILED_HEADER.fieldCount), found: fields.length, note: 'encabezado',
      });
      return;
    }
    const ok = this.checkFields(COMPILED_HEADER, fields, line);
    const context = this.context;
    header.taxId = fields[H_TAX_ID];
    header.productCode = fields[H_PRODUCT];

    if (ok & (1 << H_TAX_ID) && fields[H_TAX_ID].toUpperCase() !== context.taxId.toUpperCase()) {
      this.report('E_TAX_ID_MISMATCH', line, 'taxId', { value: fields[H_TAX_ID], expected: context.taxId });
    }
    if (ok & (1 << H_PRODUCT)) {
      const code = fields[H_PRODUCT];
      const product = context.products.find((p) => p.code === code) ?? null;
      const chosen = context.productCodeChosen;
      if (!product || (chosen !== undefined && chosen !== code)) {
        this.report('E_PRODUCT', line, 'productCode', { value: code, expected: product ? chosen : undefined });
      } else {
        this.product = product;
        if (product.maxRecordsPerFile !== undefined) {
          this.recordLimit = Math.min(MAX_RECORDS, product.maxRecordsPerFile);
        }
      }
    }
    if (ok & (1 << H_LOT_TYPE)) {
      const type = fields[H_LOT_TYPE];
      if (isLotType(type)) {
        header.lotType = type;
        const chosen = context.lotTypeChosen;
        if (chosen !== undefined && chosen !== type) {
          this.report('E_LOT_TYPE_MISMATCH', line, 'lotType', { value: type, expected: chosen });
        }
        // The details are read as the file says they are, to avoid an error on every line when the
        // wrong type was chosen (the mismatch above already makes the lot invalid). Only possible
        // while no detail was read yet (a header after details keeps the layout already used).
        if (this.records === 0) this.layout = COMPILED_DETAILS[type];
      }
    }
    if (ok & (1 << H_DATE)) {
      this.headerDate = parseDate(fields[H_DATE]);
      header.date = fields[H_DATE];
    }
    if (ok & (1 << H_COUNT)) {
      header.recordCount = Number(fields[H_COUNT]);
      const people = this.layout?.idNumber ?? 0;
      if (people > 0) this.seenNumbers.reserve(Math.min(header.recordCount, this.recordLimit));
    }
    if (ok & (1 << H_TOTAL)) {
      const total = parseAmount(fields[H_TOTAL]);
      header.controlTotalCents = total;
      const type = this.layout?.type;
      if (total !== null && total !== 0 && (type === 'REP' || type === 'SUC')) {
        this.report('E_TOTAL_MISMATCH', line, 'controlTotal', {
          note: `para lotes ${type} el total de control debe ser 0.00 (estos lotes no tienen montos).`,
        });
      }
    }
  }

  // ---- details ------------------------------------------------------------------------------

  /** Counts a detail record; false (and E_TOO_LARGE, once) when it is beyond the limit. */
  private countDetail(line: number): boolean {
    this.records++;
    if (this.records <= this.recordLimit) return true;
    this.tooLargeRaised = true;
    const product = this.product;
    this.report('E_TOO_LARGE', line, null, {
      note:
        product && this.recordLimit < MAX_RECORDS
          ? `el archivo supera el máximo de ${formatInteger(this.recordLimit)} registros por archivo del producto ${product.code}.`
          : `el archivo supera el máximo de ${formatInteger(MAX_RECORDS)} registros de detalle por archivo.`,
    });
    return false;
  }

  private detail(line: number, fields: string[]): void {
    if (!this.countDetail(line)) return;
    const layout = this.layout;
    if (!layout || !layout.type) {
      // No lot type known (none chosen, none valid in the header): the fields cannot be checked.
      this.totalReliable = false;
      this.unreadableRecord(line);
      return;
    }
    const errorsBefore = this.errorsFound;
    if (fields.length !== layout.fieldCount) {
      this.report('E_FIELD_COUNT', line, null, {
        expected: String(layout.fieldCount),
        found: fields.length,
        note: `detalle ${layout.type}`,
      });
      if (layout.amount > 0) this.totalReliable = false;
      this.emitRecord(layout, line, null, null, null, false);
      return;
    }
    const ok = this.checkFields(layout, fields, line);
    const amount = this.scratchAmount;
    if (layout.amount > 0) {
      if (amount === null) this.totalReliable = false;
      else this.addToTotal(amount);
    }
    const product = this.product;
    const type = layout.type;

    // Product limit on amounts.
    if (amount !== null && ok & (1 << layout.amount) && product) {
      const limit = type === 'EMI' ? product.maxLoadCents : product.maxRechargeCents;
      if (limit !== undefined && amount > limit) {
        this.report('E_AMOUNT_LIMIT', line, 'amount', {
          cents: amount,
          limitCents: limit,
          productCode: product.code,
          note: type === 'EMI' ? 'de carga por tarjeta' : 'por recarga',
        });
      }
    }

    // The person: duplicates in the file, then cards.
    let key: string | null = null;
    if (layout.idNumber > 0 && ok & (1 << layout.idType) && ok & (1 << layout.idNumber)) {
      const idType = fields[layout.idType];
      const idNumber = fields[layout.idNumber];
      let firstLine: number;
      if (idType === 'P') {
        key = personKey(idType, idNumber);
        firstLine = this.seenTexts.get(key) ?? 0;
        if (firstLine === 0) this.seenTexts.set(key, line);
      } else {
        // V/E numbers are digits: the key needs no case folding.
        const numeric = numericPersonKey(idType, idNumber);
        firstLine = this.seenNumbers.getOrSet(numeric, line);
        key = idType + idNumber;
      }
      const lookup = this.context.personHasCard;
      if (firstLine !== 0) {
        this.report('E_DUPLICATE', line, 'idNumber', { personKey: key, otherLine: firstLine });
      } else if (lookup && product) {
        // An unknown product (E_PRODUCT) says nothing about cards: skip rather than flag every line.
        const hasCard = lookup(product.code, key);
        if (type === 'EMI' && hasCard) {
          this.report('E_CARD_EXISTS', line, 'idNumber', { personKey: key, productCode: product.code });
        } else if (type !== 'EMI' && !hasCard) {
          this.report('E_NO_CARD', line, 'idNumber', { personKey: key, productCode: product.code });
        }
      }
    }

    // The branch of delivery (EMI, REP).
    const branchExists = this.context.branchExists;
    if (layout.branchCode > 0 && branchExists && ok & (1 << layout.branchCode)) {
      const code = fields[layout.branchCode];
      if (!branchExists(code)) this.report('E_BRANCH_UNKNOWN', line, 'branchCode', { value: code });
    }

    // Holder's age on the header date (EMI).
    const birth = this.scratchDate;
    if (layout.birthDate > 0 && birth !== null && this.headerDate !== null) {
      const age = ageOn(birth, this.headerDate);
      if (age < MIN_HOLDER_AGE || age > MAX_HOLDER_AGE) {
        this.report('E_AGE', line, 'birthDate', { min: MIN_HOLDER_AGE, max: MAX_HOLDER_AGE, found: age });
      }
    }

    // Branch codes repeated in a SUC file.
    if (layout.code > 0 && ok & (1 << layout.code)) {
      const code = fields[layout.code];
      const firstLine = this.seenTexts.get(code);
      if (firstLine !== undefined) this.report('E_DUPLICATE', line, 'code', { value: code, otherLine: firstLine });
      else this.seenTexts.set(code, line);
    }

    const valid = this.errorsFound === errorsBefore;
    if (valid) this.validRecords++;
    this.emitRecord(layout, line, fields, amount, key, valid);
  }

  private addToTotal(amount: number): void {
    // Each amount is at most MAX_LOT_AMOUNT_CENTS; a million of them could pass 2^53. Anything above
    // the largest header total cannot match it anyway, so the sum saturates instead of losing cents.
    const sum = this.total + amount;
    this.total = sum > Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : sum;
  }

  /**
   * Every counted detail line ends with its record, even when nothing in it could be read: a
   * reader that stores records next to their errors then holds every line (storedRecords =
   * recordCount), and the errors of the line were reported just before.
   */
  private unreadableRecord(line: number): void {
    this.onRecord?.({ line, type: this.layout?.type ?? null, fields: {}, amountCents: null, personKey: null, valid: false });
  }

  private emitRecord(
    layout: CompiledLayout,
    line: number,
    fields: string[] | null,
    amountCents: number | null,
    key: string | null,
    valid: boolean,
  ): void {
    const onRecord = this.onRecord;
    if (!onRecord || !layout.type) return;
    const named: Partial<Record<LotFieldName, string>> = {};
    if (fields) {
      for (let i = 0; i < layout.fields.length; i++) named[layout.fields[i].name] = fields[i + 1];
    }
    onRecord({ line, type: layout.type, fields: named, amountCents, personKey: key, valid });
  }

  /**
   * Trims (in place) and checks every field of a line against its layout. Returns a bit mask of
   * the fields that passed (bit i = fields[i]); leaves the amount and date read in the scratch values.
   */
  private checkFields(layout: CompiledLayout, fields: string[], line: number): number {
    let ok = 0;
    this.scratchAmount = null;
    this.scratchDate = null;
    const specs = layout.fields;
    for (let i = 1; i < fields.length; i++) {
      const spec = specs[i - 1];
      const value = fields[i].trim();
      fields[i] = value;
      if (value.length === 0) {
        if (spec.required) this.report('E_REQUIRED', line, spec.name);
        else ok |= 1 << i;
        continue;
      }
      let problem: FieldProblem | null = null;
      switch (spec.kind) {
        case 'amount': {
          const cents = parseAmount(value);
          if (cents === null) problem = { code: 'E_AMOUNT', detail: { value } };
          else {
            this.scratchAmount = cents;
            if (cents === 0 && !spec.allowZero) problem = { code: 'E_AMOUNT', detail: { value, note: 'zero' } };
          }
          break;
        }
        case 'date': {
          const date = parseDate(value);
          if (date === null) problem = { code: 'E_DATE', detail: { value } };
          else this.scratchDate = date;
          break;
        }
        case 'idNumber':
          problem = checkIdNumber(spec, value, ok & (1 << layout.idType) ? fields[layout.idType] : null);
          break;
        default:
          problem = checkShape(spec, value, layout.hints[i - 1]);
      }
      if (problem) this.report(problem.code, line, spec.name, problem.detail);
      else ok |= 1 << i;
    }
    return ok;
  }

  private report(code: LotErrorCode, line: number, field: LotFieldName | null, detail?: LotErrorDetail): void {
    this.errorsFound++;
    const keep = this.kept.length < this.maxErrorsKept;
    // Building the message is the costly part: skip it when nobody will read this error.
    if (!keep && !this.onError) return;
    const error = lotError(code, line, field, detail);
    if (keep) this.kept.push(error);
    this.onError?.(error);
  }

  private assertOpen(): void {
    if (this.finished) throw new Error('Lot validator already finished');
  }
}

/** Starts validating one file. `options` tunes reporting; `context` is the company's data. */
export function createLotValidator(options: LotValidatorOptions, context: LotValidationContext): LotValidator {
  return new LotValidatorImpl(options, context);
}

/** Validates a whole text at once (small files, tests, the browser's quick check). */
export function validateLotText(
  text: string,
  context: LotValidationContext,
  options: LotValidatorOptions = {},
): LotValidationResult {
  const validator = createLotValidator(options, context);
  validator.pushText(text);
  return validator.finish();
}

/** The E_TOO_LARGE error for a file size, or null when the size is allowed (for checks before reading). */
export function fileSizeError(bytes: number): LotError | null {
  return bytes > MAX_FILE_BYTES
    ? lotError('E_TOO_LARGE', 0, null, {
        note: `el archivo pesa ${formatInteger(bytes)} bytes y el máximo es ${formatInteger(MAX_FILE_BYTES)} (100 MB).`,
      })
    : null;
}
