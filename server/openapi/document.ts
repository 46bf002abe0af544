import { z } from 'zod';
import { IDEMPOTENCY_KEY_PATTERN } from '../../src/domain/api-keys';
import { acceptsApiKey, apiOperations, type ApiOperation } from './registry';

const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);
const takesIdempotencyKey = (op: ApiOperation) => WRITE_METHODS.has(op.method) && op.auth !== 'none';

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
  const idempotent = takesIdempotencyKey(op);
  if (idempotent) errors.add(400).add(409);
  errors.add(429);
  const headerParams = idempotent ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : [];
  const security = op.auth === 'none' ? [] : acceptsApiKey(op) ? [{ bearerAuth: [] }, { apiKey: [] }] : [{ bearerAuth: [] }];
  return {
    operationId: op.operationId,
    summary: op.summary,
    tags: [op.tag],
    security,
    ...(params.length + queryParams.length + headerParams.length ? { parameters: [...params, ...queryParams, ...headerParams] } : {}),
    ...(op.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } }
      : {}),
    responses: {
      [String(op.success.status)]: {
        description: op.success.description,
        ...(idempotent ? { headers: { 'Idempotent-Replayed': { $ref: '#/components/headers/IdempotentReplayed' } } } : {}),
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
        'API de la plataforma de programas de tarjetas prepagadas. Todas las respuestas de error tienen la forma { error: { code, message } }. ' +
        'Autenticación: Authorization: Bearer <accessToken> (personas) o X-Api-Key: <clave> (ERP; solo en las operaciones que lo declaran, ' +
        'con la empresa y los permisos de la clave; límite de solicitudes por clave). Toda escritura admite la cabecera Idempotency-Key: ' +
        'la primera respuesta se guarda 24 h y se repite ante un reintento igual (Idempotent-Replayed: true); la misma clave con otra ' +
        'solicitud responde 409 IDEMPOTENCY_KEY_REUSED, y mientras la primera sigue en curso 409 IDEMPOTENCY_IN_PROGRESS. Ver docs/erp-integration.md.',
    },
    servers: [{ url: serverUrl }],
    tags: [...new Set(operations.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Api-Key',
          description: 'Clave de API de una empresa (cek_<id>_<secreto>), creada en Configuración → Claves de API; actúa con sus permisos.',
        },
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Una clave única por operación (un UUID sirve). Reintentos con la misma clave y la misma solicitud reciben la primera respuesta; con otra solicitud, 409.',
          schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source },
        },
      },
      headers: {
        IdempotentReplayed: {
          description: '"true" cuando la respuesta es la guardada de una solicitud anterior con la misma Idempotency-Key',
          schema: { type: 'string', enum: ['true'] },
        },
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
