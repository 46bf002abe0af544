import type { Request } from 'express';
import type { z } from 'zod';

/** Parses a JSON body with a strict zod schema (unknown fields are refused); throws ZodError → 400. */
export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  if (!req.is('application/json') && req.body === undefined) {
    return schema.parse({});
  }
  return schema.parse(req.body ?? {});
}

export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  return schema.parse(req.query ?? {});
}
