import { healthRoutes } from '../health/health.routes';
import { startTestServer, type TestServer } from '../testing/test-server';
import { openApiPath } from './document';
import { mountedFeatureRoutes, routesOfRouter } from './registry';

describe('OpenAPI document', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('is served at /api/v1/openapi.json as OpenAPI 3', async () => {
    const res = await server.api('/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/auth/login'].post.requestBody.content['application/json'].schema.required).toEqual(['userId', 'password']);
    expect(doc.paths['/auth/login'].post.requestBody.content['application/json'].schema.additionalProperties).toBeFalse();
    expect(doc.paths['/auth/login'].post.responses['423'].$ref).toBe('#/components/responses/Error423');
    expect(doc.paths['/users/{userId}/unlock'].post.parameters[0]).toEqual(jasmine.objectContaining({ name: 'userId', in: 'path' }));
    expect(doc.components.schemas.ApiError.properties.error.required).toEqual(['code', 'message']);
  });

  it('lists exactly the routes the server mounts', async () => {
    const doc = await (await server.api('/openapi.json')).json();
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`))
      .sort();
    const mounts = mountedFeatureRoutes.get(server.ctx) ?? [];
    const mounted = [
      ...routesOfRouter(healthRoutes(server.ctx)),
      ...mounts.flatMap((m) => routesOfRouter(m.router, m.path)),
    ]
      .map((r) => {
        const [method, path] = r.split(' ');
        return `${method} ${openApiPath(path)}`;
      })
      .sort();
    expect(mounted.length).toBeGreaterThan(8);
    expect(mounted).toEqual(documented);
  });

  it('every documented operation answers something other than the unknown-route 404', async () => {
    const doc = await (await server.api('/openapi.json')).json();
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(ops)) {
        const res = await server.api(path.replace(/\{[^}]+\}/g, 'carga'), {
          method: method.toUpperCase(),
          ...(method === 'get' ? {} : { json: {} }),
        });
        const body = res.status === 204 ? null : await res.json();
        expect(body?.error?.code).withContext(`${method} ${path}`).not.toBe('NOT_FOUND');
      }
    }
  });
});
