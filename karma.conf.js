// Karma for `ng test` (@angular/build:karma). Debian's Chromium, headless, no sandbox (containers/CI).
process.env.CHROME_BIN ||= '/usr/bin/chromium';

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/**
 * Framework `ce-server`: the real server (dist/server, built by `npm run build:server`) on a free
 * port with a fresh DATA_DIR — so the demo data is seeded — and Karma's proxy `/api/` → it. Specs
 * of the sync and request services run against the real endpoint (src/app/offline/testing/
 * real-server.ts waits until it answers). Stopped when Karma exits.
 */
function ceServerFramework(config, logger, emitter) {
  const log = logger.create('ce-server');
  const main = path.join(__dirname, 'dist/server/server/main.js');
  const port =
    Number(process.env.KARMA_API_PORT) ||
    Number(execFileSync(process.execPath, ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"]).toString());
  config.proxies = { ...(config.proxies || {}), '/api/': `http://127.0.0.1:${port}/api/` };
  // Karma's proxy adds X-Forwarded-For; the server does not trust proxies and would warn on each call
  const previousProxyReq = config.proxyReq;
  config.proxyReq = (proxyReq, ...rest) => {
    proxyReq.removeHeader('x-forwarded-for');
    if (previousProxyReq) previousProxyReq(proxyReq, ...rest);
  };
  if (!fs.existsSync(main)) {
    log.error(`${main} missing: run \`npm run build:server\` first; specs against the real server will fail`);
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ce-karma-server-'));
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  log.info(`real server on port ${port}, DATA_DIR ${dataDir}`);
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  emitter.on('exit', (done) => {
    if (child.exitCode !== null) {
      stop();
      return done();
    }
    child.once('exit', () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      done();
    });
    child.kill('SIGTERM');
  });
  process.once('exit', stop);
}
ceServerFramework.$inject = ['config', 'logger', 'emitter'];

module.exports = function (config) {
  const ci = !!process.env.CI || config.singleRun || process.argv.includes('--no-watch');
  config.set({
    basePath: '',
    frameworks: ['jasmine', 'ce-server'],
    plugins: [
      { 'framework:ce-server': ['factory', ceServerFramework] },
      require('karma-jasmine'),
      require('karma-chrome-launcher'),
      require('karma-jasmine-html-reporter'),
      require('karma-coverage'),
    ],
    client: {
      jasmine: { random: true },
      clearContext: false,
    },
    jasmineHtmlReporter: { suppressAll: true },
    coverageReporter: {
      dir: require('path').join(__dirname, './coverage'),
      subdir: '.',
      reporters: [{ type: 'html' }, { type: 'text-summary' }],
    },
    reporters: ci ? ['dots'] : ['progress', 'kjhtml'],
    browsers: ['ChromeHeadlessCI'],
    customLaunchers: {
      ChromeHeadlessCI: {
        base: 'ChromeHeadless',
        flags: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
        ],
      },
    },
    // Two slow cores: give the first bundle time to reach the browser.
    captureTimeout: 120000,
    browserNoActivityTimeout: 120000,
    browserDisconnectTimeout: 30000,
    browserDisconnectTolerance: 1,
    singleRun: ci,
    autoWatch: !ci,
    restartOnFileChange: !ci,
  });
};
