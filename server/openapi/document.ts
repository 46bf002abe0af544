import { z } from 'zod';
import { apiOperations, type ApiOperation } from './registry';

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Datos inválidos',
  401: 'No autenticado o credenciales inválidas',
  403: 'No permitido',
  404: 'No encontrado',
  409: 'Conflicto de estado',
  413: 'Solicitud demasiado grande',
  423: 'Cuenta bloqueada',
  429: 'Demasiadas solicitudes',
};

export const ApiErrorSchema = z.strictObject({
  error: z.strictObject({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

/** `/users/:userId/unlock` → `/users/{userId}/unlock` */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function operationObject(op: ApiOperation) {
  const params = [...op.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const query = op.query ? jsonSchema(op.query, 'input') : undefined;
  const queryParams = query?.properties
    ? Object.entries(query.properties as Record<string, unknown>).map(([name, schema]) => ({
        name,
        in: 'query',
        required: ((query.required as string[] | undefined) ?? []).includes(name),
        schema,
      }))
    : [];
  const errors = new Set(op.errors);
  if (op.body) errors.add(400).add(413);
  if (op.auth !== 'none') errors.add(401).add(403);
  errors.add(429);
  return {
    operationId: op.operationId,
    summary: op.summary,
    tags: [op.tag],
    security: op.auth === 'none' ? [] : [{ bearerAuth: [] }],
    ...(params.length + queryParams.length ? { parameters: [...params, ...queryParams] } : {}),
    ...(op.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } }
      : {}),
    responses: {
      [String(op.success.status)]: {
        description: op.success.description,
        ...(op.success.schema ? { content: { 'application/json': { schema: jsonSchema(op.success.schema, 'output') } } } : {}),
      },
      ...Object.fromEntries(
        [...errors].sort().map((status) => [String(status), { $ref: `#/components/responses/Error${status}` }]),
      ),
    },
  };
}

/** The OpenAPI 3.1 document of every declared operation. */
export function buildOpenApiDocument(serverUrl = '/api/v1') {
  const paths: Record<string, Record<string, unknown>> = {};
  const operations = apiOperations().sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  for (const op of operations) {
    const p = openApiPath(op.path);
    paths[p] ??= {};
    paths[p][op.method] = operationObject(op);
  }
  const errorSchema = jsonSchema(ApiErrorSchema, 'output');
  return {
    openapi: '3.1.0',
    info: {
      title: 'Conexión Empresas API',
      version: '1',
      description:
        'API de la plataforma de programas de tarjetas prepagadas. Todas las respuestas de error tienen la forma { error: { code, message } }.',
    },
    servers: [{ url: serverUrl }],
    tags: [...new Set(operations.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
      },
      schemas: { ApiError: errorSchema },
      responses: Object.fromEntries(
        Object.entries(ERROR_DESCRIPTIONS).map(([status, description]) => [
          `Error${status}`,
          { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } },
        ]),
      ),
    },
  };
}
