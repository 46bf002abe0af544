import express, { type Router } from 'express';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Serves the built PWA. Hashed bundles are cached for a year; the files that decide which bundles
 * run (index.html, the service worker and its manifest) are never cached by the browser, so an
 * update reaches users on their next visit. Deep links fall back to index.html.
 */
export function staticFiles(staticDir: string): Router {
  const router = express.Router();
  const index = path.join(staticDir, 'index.html');
  const alwaysFresh = /^(index\.html|ngsw\.json|ngsw-worker\.js|safety-worker\.js|worker-basic\.min\.js|manifest\.webmanifest)$/;
  router.use(
    express.static(staticDir, {
      index: false,
      setHeaders: (res, filePath) => {
        const name = path.basename(filePath);
        if (alwaysFresh.test(name)) res.setHeader('Cache-Control', 'no-cache');
        else if (/-[A-Z0-9]{8,}\.(js|css)$/.test(name)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  router.get(/^(?!\/api\/).*/, (req, res, next) => {
    if (!req.accepts('html') || !fs.existsSync(index)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
