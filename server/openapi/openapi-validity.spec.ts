import Ajv2020 from 'ajv/dist/2020';
import { createKey, uploadWithKey, withKey } from '../api-keys/api-keys.testing';
import { CID, recFile } from '../lots/lots.testing';
import { signIn } from '../testing/helpers';
import { startTestServer, type TestServer } from '../testing/test-server';
import { KEY_TAGS } from './registry';

type Doc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, Record<string, unknown>>;
};
type Operation = {
  operationId: string;
  tags: string[];
  summary: string;
  security: Record<string, string[]>[];
  parameters?: ({ $ref: string } | { name: string; in: string; required?: boolean; schema: unknown })[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description?: string; $ref?: string; content?: Record<string, { schema: unknown }> }>;
};

const WRITES = ['post', 'put', 'patch', 'delete'];

/** Every `$ref` in the document, with where it is. */
function refsOf(value: unknown, at = '#'): [string, string][] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => refsOf(v, `${at}/${i}`));
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [[v, at] as [string, string]] : refsOf(v, `${at}/${k}`)));
}

function resolve(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), doc);
}

describe('OpenAPI document: valid, and true to the real routes', () => {
  let server: TestServer;
  let doc: Doc;
  let admin: string;
  let key: string;
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });

  beforeAll(async () => {
    server = await startTestServer();
    doc = await (await server.api('/openapi.json')).json();
    admin = (await signIn(server, 'admin', 'Admin#2026')).accessToken;
    key = (await createKey(server, admin, 'Admin#2026', ['lots.upload', 'orders.view', 'cards.view'], 'OpenAPI')).key;
    ajv.addSchema(doc.components.schemas.ApiError as object, 'ApiError');
  });
  afterAll(async () => server.close());

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));

  it('is structurally an OpenAPI 3.1 document: info, unique operation ids, declared path parameters, resolvable $refs', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    const ids = operations().map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of operations()) {
      const where = `${method} ${path}`;
      expect(path.startsWith('/')).withContext(where).toBeTrue();
      expect(['get', 'post', 'put', 'patch', 'delete']).withContext(where).toContain(method);
      expect(op.summary).withContext(where).toBeTruthy();
      expect(op.tags.length).withContext(where).toBe(1);
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? [])
        .filter((p): p is { name: string; in: string; required?: boolean; schema: unknown } => 'in' in p && p.in === 'path')
        .map((p) => {
          expect(p.required).withContext(`${where} ${p.name}`).toBeTrue();
          return p.name;
        })
        .sort();
      expect(declared).withContext(where).toEqual(templated);
      expect(Object.keys(op.responses).length).withContext(where).toBeGreaterThan(0);
      for (const [status, response] of Object.entries(op.responses)) {
        expect(/^[1-5][0-9][0-9]$/.test(status)).withContext(`${where} ${status}`).toBeTrue();
        expect(response.description ?? response.$ref).withContext(`${where} ${status}`).toBeTruthy();
      }
      for (const requirement of op.security) {
        for (const scheme of Object.keys(requirement)) expect(doc.components.securitySchemes[scheme]).withContext(`${where} ${scheme}`).toBeDefined();
      }
    }
    const refs = refsOf(doc);
    expect(refs.length).toBeGreaterThan(50);
    for (const [ref, at] of refs) expect(resolve(doc, ref)).withContext(`${ref} at ${at}`).toBeDefined();
  });

  it('every embedded schema is a valid JSON Schema 2020-12 (compiled with ajv)', () => {
    let compiled = 0;
    for (const { path, method, op } of operations()) {
      const schemas = [
        ...Object.values(op.requestBody?.content ?? {}).map((c) => c.schema),
        ...Object.values(op.responses).flatMap((r) => Object.values(r.content ?? {}).map((c) => c.schema)),
        ...(op.parameters ?? []).flatMap((p) => ('schema' in p ? [p.schema] : [])),
      ];
      for (const schema of schemas) {
        expect(() => ajv.compile(schema as object)).withContext(`${method} ${path}`).not.toThrow();
        compiled++;
      }
    }
    expect(compiled).toBeGreaterThan(60);
  });

  it('documents X-Api-Key exactly where keys are accepted, and Idempotency-Key on every write', () => {
    expect(doc.components.securitySchemes['apiKey']).toEqual(jasmine.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }));
    expect(doc.components.parameters['IdempotencyKey']).toEqual(jasmine.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }));
    for (const { path, method, op } of operations()) {
      const where = `${method} ${path}`;
      const schemes = op.security.flatMap((r) => Object.keys(r));
      const authenticated = schemes.includes('bearerAuth');
      expect(schemes.includes('apiKey')).withContext(where).toBe(authenticated && KEY_TAGS.has(op.tags[0]));
      const idem = (op.parameters ?? []).some((p) => '$ref' in p && p.$ref === '#/components/parameters/IdempotencyKey');
      expect(idem).withContext(where).toBe(authenticated && WRITES.includes(method));
      if (idem) expect(op.responses['409']).withContext(where).toBeDefined();
    }
    // the ERP's operations (PRODUCT.md): upload and poll lots, list and download orders, query cards
    for (const [path, method] of [
      ['/companies/{companyId}/lots', 'post'],
      ['/companies/{companyId}/lots/{lotId}', 'get'],
      ['/companies/{companyId}/lots/{lotId}/errors', 'get'],
      ['/companies/{companyId}/lots/{lotId}/confirmation', 'post'],
      ['/companies/{companyId}/orders', 'get'],
      ['/companies/{companyId}/orders/{orderId}/pdf', 'get'],
      ['/companies/{companyId}/cards', 'get'],
      ['/companies/{companyId}/cards/{cardId}', 'get'],
    ]) {
      expect(doc.paths[path]?.[method]?.security).withContext(`${method} ${path}`).toContain({ apiKey: [] });
    }
  });

  it('the real answers match the documented schemas (by token and by key)', async () => {
    const lot = await (await uploadWithKey(server, key, recFile(2, 4321))).json();
    const cards = await (await withKey(server, key, `/companies/${CID}/cards?limit=1`)).json();
    const cardId = cards.items[0].cardId;
    const calls: { path: string; documented: string; viaKey: boolean; status?: number }[] = [
      { path: '/openapi.json', documented: '/openapi.json', viaKey: false },
      { path: '/lot-layouts', documented: '/lot-layouts', viaKey: false },
      { path: `/companies/${CID}/lots`, documented: '/companies/{companyId}/lots', viaKey: true },
      { path: `/companies/${CID}/lots/${lot.id}`, documented: '/companies/{companyId}/lots/{lotId}', viaKey: true },
      { path: `/companies/${CID}/lots/${lot.id}/errors`, documented: '/companies/{companyId}/lots/{lotId}/errors', viaKey: true },
      { path: `/companies/${CID}/lots/${lot.id}/records`, documented: '/companies/{companyId}/lots/{lotId}/records', viaKey: true },
      { path: `/companies/${CID}/orders`, documented: '/companies/{companyId}/orders', viaKey: true },
      { path: `/companies/${CID}/cards?limit=3`, documented: '/companies/{companyId}/cards', viaKey: true },
      { path: `/companies/${CID}/cards/${cardId}`, documented: '/companies/{companyId}/cards/{cardId}', viaKey: true },
      { path: `/companies/${CID}/api-keys`, documented: '/companies/{companyId}/api-keys', viaKey: false },
      { path: `/companies/${CID}/lots/Lnotalot`, documented: '/companies/{companyId}/lots/{lotId}', viaKey: true, status: 404 },
    ];
    for (const call of calls) {
      for (const viaKey of call.viaKey ? [false, true] : [false]) {
        const res = viaKey ? await withKey(server, key, call.path) : await server.api(call.path, { token: admin });
        const where = `${viaKey ? 'key' : 'token'} GET ${call.path}`;
        const status = call.status ?? 200;
        expect(res.status).withContext(where).toBe(status);
        const body = await res.json();
        const response = doc.paths[call.documented].get.responses[String(status)];
        const schema = response.$ref
          ? { $ref: 'ApiError' }
          : response.content!['application/json'].schema;
        const validate = ajv.compile(schema as object);
        expect(validate(body)).withContext(`${where}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBeTrue();
      }
    }
    // and a write: the key's lot confirmation
    const res = await withKey(server, key, `/companies/${CID}/lots/${lot.id}/confirmation`, { method: 'POST', json: { password: key, concept: 'OPENAPI' }, headers: { 'idempotency-key': 'oa-1' } });
    expect(res.status).toBe(200);
    const validate = ajv.compile(doc.paths['/companies/{companyId}/lots/{lotId}/confirmation'].post.responses['200'].content!['application/json'].schema as object);
    expect(validate(await res.json())).withContext(JSON.stringify(validate.errors?.slice(0, 3))).toBeTrue();
  });
});
