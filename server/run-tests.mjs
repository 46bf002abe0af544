// Runs the server suite and the shared domain suite (src/domain) under Node with Jasmine,
// from the JavaScript that `npm run build:server` compiled into dist/server.
import Jasmine from 'jasmine';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'server');
const jasmine = new Jasmine({ projectBaseDir: root });
jasmine.loadConfig({
  spec_dir: '.',
  spec_files: ['server/**/*.spec.js', 'src/domain/**/*.spec.js', ...process.argv.slice(2)],
  random: true,
  stopSpecOnExpectationFailure: false,
});
jasmine.jasmine.DEFAULT_TIMEOUT_INTERVAL = 60_000;
jasmine.exitOnCompletion = true;
await jasmine.execute(process.argv.length > 2 ? process.argv.slice(2) : undefined);
