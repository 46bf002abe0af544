import { startTestServer, type TestServer } from '../testing/test-server';

describe('health and the HTTP basics', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('answers healthy once the embedded store answers', async () => {
    const res = await server.api('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', store: 'embedded' });
  });

  it('answers unknown API paths with the API error body', async () => {
    const res = await server.api('/nothing-here');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('NOT_FOUND');
  });

  it('sends security headers and no framework banner', async () => {
    const res = await server.api('/health');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses cross-origin browser calls unless the origin is configured', async () => {
    const res = await server.api('/health', { headers: { origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps the embedded store on loopback and behind a per-process secret', async () => {
    const storeUrl = new URL(server.ctx.store.url);
    expect(storeUrl.hostname).toBe('127.0.0.1');
    const anonymous = await fetch(`http://127.0.0.1:${storeUrl.port}/_all_dbs`);
    expect(anonymous.status).toBe(401);
  });
});
