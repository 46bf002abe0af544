import type { CreatedApiKey } from '../../src/domain/api-keys';
import { CID } from '../lots/lots.testing';
import type { TestServer } from '../testing/test-server';

/** Creates a key as `token` (whose password is `password`); fails the test with the server's body otherwise. */
export async function createKey(
  server: TestServer,
  token: string,
  password: string,
  permissions: string[],
  name = 'ERP nómina',
  companyId = CID,
): Promise<CreatedApiKey> {
  const res = await server.api(`/companies/${companyId}/api-keys`, { method: 'POST', token, json: { name, permissions, password } });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`create key answered ${res.status}: ${JSON.stringify(body)}`);
  return body as CreatedApiKey;
}

/** A call with an API key instead of a token. */
export function withKey(server: TestServer, key: string, pathname: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('x-api-key', key);
  return server.api(pathname, { ...init, headers });
}

/** Multipart lot upload with a key. */
export function uploadWithKey(server: TestServer, key: string, content: string, o: { type?: string; idempotencyKey?: string; fileName?: string } = {}) {
  const form = new FormData();
  form.append('type', o.type ?? 'REC');
  form.append('productCode', 'ALIM');
  form.append('file', new Blob([content], { type: 'text/plain' }), o.fileName ?? 'lote.txt');
  const headers: Record<string, string> = {};
  if (o.idempotencyKey) headers['idempotency-key'] = o.idempotencyKey;
  return withKey(server, key, `/companies/${CID}/lots`, { method: 'POST', body: form, headers });
}
