import { Router } from 'express';
import { z } from 'zod';
import type { FeatureFactory } from '../features';
import { buildOpenApiDocument } from './document';
import { defineOperation, mountOperation } from './registry';

export const getOpenApi = defineOperation({
  method: 'get',
  path: '/openapi.json',
  operationId: 'getOpenApi',
  summary: 'Este documento OpenAPI',
  tag: 'meta',
  auth: 'none',
  success: { status: 200, description: 'Documento OpenAPI 3.1', schema: z.record(z.string(), z.unknown()) },
  errors: [],
});

export const openApiFeature: FeatureFactory = () => {
  const router = Router();
  let cached: unknown;
  mountOperation(router, getOpenApi, (_req, res) => {
    cached ??= buildOpenApiDocument();
    res.json(cached);
  });
  return { routes: [{ path: '/', router }] };
};
