// The e2e web server: a fresh embedded store (so the demo is re-created) and the production build.
import fs from 'node:fs';

fs.rmSync(process.env.DATA_DIR ?? '.e2e-data', { recursive: true, force: true });
await import('../dist/server/server/main.js');
