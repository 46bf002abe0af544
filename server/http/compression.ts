import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';

/**
 * gzip for whatever a phone on a poor connection downloads: the PWA's bundles (the service worker
 * fetches every lazy chunk after the first visit), API answers and replication pulls, which are
 * JSON and shrink several times over.
 *
 * A longpoll `_changes` wait is left alone: it answers its headers at once and then writes heartbeats
 * that must reach the client as they are written, and gzip would hold them back in its buffer.
 */
export function responseCompression(): RequestHandler {
  return compression({ filter: (req: Request, res: Response) => !isLongWait(req) && compression.filter(req, res) });
}

const isLongWait = (req: Request) => req.query['feed'] === 'longpoll';
