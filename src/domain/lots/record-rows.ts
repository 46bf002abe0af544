/**
 * The packed form of a `records:` chunk (LotRecordsChunkDoc) and the one way to read any chunk.
 * Fields never contain `;` (the separator) nor a line end (lines are split on them), so joining is
 * lossless; amounts and person keys are derived again exactly as the validator derived them
 * (parseAmount of the amount; personKey of idType + idNumber unless either field has an error).
 */
import { parseAmount } from '../money';
import type { LotError } from './errors';
import type { LotFieldName } from './layouts';
import type { LotRecordsChunkDoc, StoredLotRecord } from './lot.model';
import { personKey } from './validator';

const FIELD_SEPARATOR = ';';
const ROW_SEPARATOR = '\n';
/** Errors of a field's own shape (checkFields); others on the id fields (E_DUPLICATE...) keep the key. */
const SHAPE_CODES: ReadonlySet<string> = new Set(['E_REQUIRED', 'E_LENGTH', 'E_FORMAT']);

export type PackedRecords = Required<Pick<LotRecordsChunkDoc, 'rows' | 'lines'>> & Pick<LotRecordsChunkDoc, 'errorsAt'>;

/** Packs records (fields in `fieldNames` order) into rows. */
export function packRecords(records: readonly StoredLotRecord[]): PackedRecords {
  let errorsAt: Record<string, LotError[]> | undefined;
  const rows: string[] = new Array(records.length);
  const lines: number[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    rows[i] = r.fields.join(FIELD_SEPARATOR);
    lines[i] = r.line;
    if (r.errors && r.errors.length > 0) (errorsAt ??= {})[i] = r.errors;
  }
  return { rows: rows.join(ROW_SEPARATOR), lines, ...(errorsAt ? { errorsAt } : {}) };
}

/** The records of a chunk, packed or not. */
export function recordsOfChunk(doc: Pick<LotRecordsChunkDoc, 'fieldNames' | 'records' | 'rows' | 'lines' | 'errorsAt'>): StoredLotRecord[] {
  if (doc.records) return doc.records;
  const lines = doc.lines ?? [];
  if (lines.length === 0) return [];
  const names: readonly LotFieldName[] = doc.fieldNames;
  const amount = names.indexOf('amount');
  const idType = names.indexOf('idType');
  const idNumber = names.indexOf('idNumber');
  const rows = (doc.rows ?? '').split(ROW_SEPARATOR);
  const out: StoredLotRecord[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const row = rows[i] ?? '';
    const fields = row === '' ? [] : row.split(FIELD_SEPARATOR);
    const errors = doc.errorsAt?.[i];
    let key: string | null = null;
    if (idNumber >= 0 && fields.length > idNumber && fields[idType] !== '' && fields[idNumber] !== '') {
      // the validator keys a person only when both fields passed their own checks
      const unreadable = errors?.some((e) => (e.field === 'idType' || e.field === 'idNumber') && SHAPE_CODES.has(e.code));
      if (!unreadable) key = personKey(fields[idType], fields[idNumber]);
    }
    out[i] = {
      line: lines[i],
      fields,
      amountCents: amount >= 0 && fields.length > amount ? parseAmount(fields[amount]) : null,
      personKey: key,
      ...(errors ? { errors } : {}),
    };
  }
  return out;
}
