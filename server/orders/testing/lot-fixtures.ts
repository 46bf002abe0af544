import { randomBytes } from 'node:crypto';
import { DETAIL_LAYOUTS, type LotFieldName } from '../../../src/domain/lots/layouts';
import { LOT_CHUNK_SIZE, lotRecordsDocId, type LotDoc, type LotRecordsChunkDoc, type StoredLotRecord } from '../../../src/domain/lots/lot.model';
import { personKey } from '../../../src/domain/lots/validator';
import type { LotStatus, LotType } from '../../../src/domain/statuses';
import type { ServerContext } from '../../context';
import { DEMO_COMPANY_ID } from '../../demo/demo-data';
import { companyDb } from '../../store/databases';

/**
 * Test fixtures: lots in a given state (AUTHORIZED by default) written straight into the real
 * store — a lot document and its record chunks exactly as the lots feature stores them — so order
 * and processing specs do not depend on uploading files. Nothing here is a mock.
 */
export interface FixtureRecord {
  fields: Partial<Record<LotFieldName, string>>;
  amountCents?: number | null;
}

/** `L` + 14 digits + 6 letters (letters only, so no 16-digit run can appear in a card id). */
export function fixtureLotId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  let tail = '';
  for (const b of randomBytes(6)) tail += 'abcdefghijklmnopqrstuvwxyz'[b % 26];
  return `L${stamp}${tail}`;
}

/** An EMI detail record for person `V<idNumber>`. */
export function emiRecord(idNumber: number | string, amountCents: number, extra: Partial<Record<LotFieldName, string>> = {}): FixtureRecord {
  return {
    fields: {
      idType: 'V',
      idNumber: String(idNumber),
      firstName: 'María José',
      lastName: 'Pérez Ñáñez',
      birthDate: '19900214',
      email: '',
      phone: '04141234567',
      branchCode: '001',
      amount: (amountCents / 100).toFixed(2),
      ...extra,
    },
    amountCents,
  };
}

/** A REC or CAR detail record. */
export const amountRecord = (idNumber: number | string, amountCents: number, idType = 'V'): FixtureRecord => ({
  fields: { idType, idNumber: String(idNumber), amount: (amountCents / 100).toFixed(2) },
  amountCents,
});

export const repRecord = (idNumber: number | string, reason = 'P', branchCode = '002'): FixtureRecord => ({
  fields: { idType: 'V', idNumber: String(idNumber), reason, branchCode },
  amountCents: null,
});

export const sucRecord = (code: string, name: string, city = 'Maracay'): FixtureRecord => ({
  fields: { code, name, address: 'Av. Bolívar 1', city, state: 'Aragua', phone: '02435550000', contact: 'Ana' },
  amountCents: null,
});

export interface FixtureLot {
  lotType: LotType;
  records: FixtureRecord[];
  productCode?: string;
  companyId?: string;
  status?: LotStatus;
  uploadedBy?: string;
  lotId?: string;
}

/** Writes the lot and its chunks; answers the lot id. */
export async function insertLot(ctx: ServerContext, lot: FixtureLot): Promise<string> {
  const companyId = lot.companyId ?? DEMO_COMPANY_ID;
  const productCode = lot.productCode ?? 'ALIM';
  const lotId = lot.lotId ?? fixtureLotId();
  const fieldNames = DETAIL_LAYOUTS[lot.lotType].fields.map((f) => f.name);
  const stored: StoredLotRecord[] = lot.records.map((r, i) => {
    const idType = r.fields.idType;
    const idNumber = r.fields.idNumber;
    return {
      line: i + 2,
      fields: fieldNames.map((n) => r.fields[n] ?? ''),
      amountCents: r.amountCents ?? null,
      personKey: idType && idNumber ? personKey(idType, idNumber) : null,
    };
  });
  const totalCents = stored.reduce((s, r) => s + (r.amountCents ?? 0), 0);
  const records = ctx.store.use<LotRecordsChunkDoc>(companyDb(companyId, 'lotrecords'));
  const chunks: LotRecordsChunkDoc[] = [];
  for (let c = 0; c * LOT_CHUNK_SIZE < stored.length; c++) {
    chunks.push({
      _id: lotRecordsDocId(lotId, c),
      type: 'lot-records',
      lotId,
      chunk: c,
      fieldNames,
      records: stored.slice(c * LOT_CHUNK_SIZE, (c + 1) * LOT_CHUNK_SIZE),
    });
  }
  for (let i = 0; i < chunks.length; i += 20) await records.bulk({ docs: chunks.slice(i, i + 20) });
  const at = new Date().toISOString();
  const doc: LotDoc = {
    _id: `lot:${lotId}`,
    type: 'lot',
    id: lotId,
    companyId,
    lotType: lot.lotType,
    productCode,
    status: lot.status ?? 'AUTHORIZED',
    fileName: `${lot.lotType.toLowerCase()}-${lotId}.txt`,
    fileBytes: 1000,
    fileSha256: randomBytes(32).toString('hex'),
    duplicateOf: null,
    header: { date: '20261125', recordCount: stored.length, controlTotalCents: totalCents },
    recordCount: stored.length,
    storedRecords: stored.length,
    totalCents,
    errorCount: 0,
    progress: { phase: 'done', linesRead: stored.length + 1, bytesRead: 1000, fileBytes: 1000 },
    uploadedBy: lot.uploadedBy ?? 'carga',
    uploadedAt: at,
    origin: 'web',
    validatedAt: at,
    confirmation: { by: 'carga', at, embossLine1: 'ALIMENTOS DEMO', embossLine2: 'EMPLEADO' },
    confirmedAt: at,
    signaturesRequired: 1,
    signatures: [{ userId: 'firma1', at }],
    authorization: { by: 'firma2', at },
    orderId: null,
    processing: null,
    deleted: null,
    history: [],
  };
  await ctx.store.use<LotDoc>(companyDb(companyId, 'lots')).insert(doc);
  return lotId;
}

/** People V<first>…V<first+n-1> for EMI fixtures, each with the given amount (or amount(i)). */
export function emiRecords(n: number, first: number, amount: number | ((i: number) => number)): FixtureRecord[] {
  return Array.from({ length: n }, (_, i) => emiRecord(first + i, typeof amount === 'number' ? amount : amount(i)));
}
