import type { LotSummary } from '../../src/domain/lots/lot.model';
import { formatLotAmount } from '../../src/domain/money';
import type { TestServer } from '../testing/test-server';

/** Helpers of the lot specs: files built line by line, multipart uploads, polling. */
export const CID = 'cdemo000001';

export function header(type: string, count: number, totalCents: number, extra: { taxId?: string; product?: string } = {}) {
  return `H;${extra.taxId ?? 'J000000001'};${extra.product ?? 'ALIM'};${type};20261125;${count};${formatLotAmount(totalCents)}`;
}

/** A REC file over the demo cardholders V10000001.. (at most 200 distinct people). */
export function recFile(count: number, amountCents = 1000): string {
  const lines = [header('REC', count, count * amountCents)];
  for (let i = 0; i < count; i++) lines.push(`D;V;${10_000_001 + i};${formatLotAmount(amountCents)}`);
  return lines.join('\r\n') + '\r\n';
}

/** An EMI file of `count` new people (ids from `firstId`), branch 001. */
export function emiFile(count: number, firstId = 20_000_001, amountCents = 1000, product = 'ALIM'): string {
  const lines = [header('EMI', count, count * amountCents, { product })];
  for (let i = 0; i < count; i++) {
    lines.push(`D;V;${firstId + i};Ana María;Pérez Ñáñez;19900214;;;001;${formatLotAmount(amountCents)}`);
  }
  return lines.join('\n') + '\n';
}

export interface UploadOptions {
  type?: string;
  productCode?: string;
  fileName?: string;
  idempotencyKey?: string;
  companyId?: string;
  omit?: ('file' | 'type' | 'productCode')[];
}

export async function upload(server: TestServer, token: string, content: string | Uint8Array, o: UploadOptions = {}): Promise<Response> {
  const form = new FormData();
  if (!o.omit?.includes('type')) form.append('type', o.type ?? 'REC');
  if (!o.omit?.includes('productCode')) form.append('productCode', o.productCode ?? 'ALIM');
  if (!o.omit?.includes('file')) form.append('file', new Blob([content as BlobPart], { type: 'text/plain' }), o.fileName ?? 'lote.txt');
  const headers: Record<string, string> = {};
  if (o.idempotencyKey) headers['idempotency-key'] = o.idempotencyKey;
  return server.api(`/companies/${o.companyId ?? CID}/lots`, { method: 'POST', token, body: form, headers });
}

/** Uploads and expects 201/202; returns the lot. */
export async function uploadOk(server: TestServer, token: string, content: string | Uint8Array, o: UploadOptions = {}): Promise<LotSummary> {
  const res = await upload(server, token, content, o);
  const body = await res.json();
  if (res.status !== 201 && res.status !== 202) throw new Error(`upload answered ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
  return body as LotSummary;
}

export async function getLot(server: TestServer, token: string, lotId: string, companyId = CID): Promise<LotSummary> {
  const res = await server.api(`/companies/${companyId}/lots/${lotId}`, { token });
  if (res.status !== 200) throw new Error(`GET lot answered ${res.status}`);
  return (await res.json()) as LotSummary;
}

/** Polls the lot until it leaves VALIDATING; returns every progress seen and the final lot. */
export async function pollUntilValidated(server: TestServer, token: string, lotId: string, timeoutMs = 60_000) {
  const seen: LotSummary[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lot = await getLot(server, token, lotId);
    seen.push(lot);
    if (lot.status !== 'VALIDATING') return { lot, seen };
    if (Date.now() > deadline) throw new Error(`lot ${lotId} still VALIDATING after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function act(server: TestServer, token: string, method: 'POST' | 'DELETE', path: string, json: unknown) {
  return server.api(`/companies/${CID}/lots/${path}`, { method, token, json });
}
