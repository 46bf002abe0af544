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
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("object-src 'none'");
    // the PWA's side (outside /api/v1) gets the same headers
    const page = await fetch(server.url + '/ingresar');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses cross-origin browser calls unless the origin is configured', async () => {
    const res = await server.api('/health', { headers: { origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    // a preflight from another origin is not allowed either (no CORS_ORIGINS: same origin only)
    const preflight = await server.api('/auth/login', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps the embedded store on loopback and behind a per-process secret', async () => {
    const storeUrl = new URL(server.ctx.store.url);
    expect(storeUrl.hostname).toBe('127.0.0.1');
    const anonymous = await fetch(`http://127.0.0.1:${storeUrl.port}/_all_dbs`);
    expect(anonymous.status).toBe(401);
  });
});

describe('strict CORS: only the origins of CORS_ORIGINS', () => {
  let server: TestServer;
  const allowed = 'https://portal.empresa.example';
  beforeAll(async () => {
    server = await startTestServer({ CORS_ORIGINS: `${allowed}, https://otro.example` });
  });
  afterAll(async () => server.close());

  const preflight = (origin: string) =>
    server.api('/auth/login', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
    });

  it('allows a configured origin, calls and preflights, naming that origin only', async () => {
    const res = await server.api('/health', { headers: { origin: allowed } });
    expect(res.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(res.headers.get('vary')).toContain('Origin');
    const pre = await preflight(allowed);
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('refuses any other origin, a look-alike of the configured one and the wildcard', async () => {
    for (const origin of ['https://evil.example', 'https://portal.empresa.example.evil.example', 'http://portal.empresa.example', 'null']) {
      const res = await server.api('/health', { headers: { origin } });
      expect(res.headers.get('access-control-allow-origin')).withContext(origin).toBeNull();
      expect((await preflight(origin)).headers.get('access-control-allow-origin')).withContext(origin).toBeNull();
    }
  });
});
