import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive the production build served by the real server on a fresh embedded store
 * with the demo data (e2e/serve-fresh.mjs wipes E2E_DATA_DIR first). Debian's Chromium is used;
 * Playwright downloads no browser here.
 */
const port = Number(process.env.E2E_PORT ?? 8181);
export const E2E_DATA_DIR = process.env.E2E_DATA_DIR ?? '.e2e-data';

const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    locale: 'es-VE',
    timezoneId: 'America/Caracas',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROME_BIN ?? '/usr/bin/chromium',
      args: ['--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
    },
  },
  projects: [
    { name: 'mobile', testIgnore: [/\.desktop\.spec\.ts$/, /account-.*\.spec\.ts$/], use: phone },
    { name: 'desktop', testMatch: /\.desktop\.spec\.ts$/, use: { viewport: { width: 1280, height: 800 } } },
    // Specs that change demo users' passwords or lock them run after every other spec.
    { name: 'mobile-accounts', testMatch: /account-.*\.spec\.ts$/, use: phone, dependencies: ['mobile', 'desktop'] },
  ],
  webServer: {
    command: 'node e2e/serve-fresh.mjs',
    url: `http://localhost:${port}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      DATA_DIR: E2E_DATA_DIR,
      LOG_LEVEL: 'warn',
      // e2e signs in many times from one address; the rate limits have their own server tests.
      LOGIN_RATE_PER_IP_PER_MINUTE: '1000',
      LOGIN_RATE_PER_USER_PER_MINUTE: '100',
      API_RATE_PER_MINUTE: '5000',
    },
  },
});
