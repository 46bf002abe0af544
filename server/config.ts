import path from 'node:path';
import { z } from 'zod';

/** Configuration comes from the environment only (API.md "Configuration"); validated once at start. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  COUCHDB_URL: z.string().url().optional(),
  JWT_SECRET: z.string().min(32).optional(),
  SMTP_URL: z.string().optional(),
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `demo` seeds the demo data on an empty store; `production` seeds only the operator account. */
  SEED: z.enum(['demo', 'production']).default('demo'),
  OPERATOR_PASSWORD: z.string().optional(),
  /** where the production operator receives new-device codes; without it the operator gets none */
  OPERATOR_EMAIL: z.email().optional(),
  /** Comma-separated origins allowed to call the API from another origin; empty = same origin only. */
  CORS_ORIGINS: z.string().default(''),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(900).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).default(12 * 3600),
  LOGIN_RATE_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  LOGIN_RATE_PER_USER_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  API_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** requests per minute for each ERP API key (server/auth/api-key.middleware.ts) */
  API_KEY_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  /** argon2id cost; OWASP: 19 MiB, 2 iterations, 1 lane. Tests may lower it, never production. */
  ARGON2_MEMORY_KIB: z.coerce.number().int().min(1024).default(19456),
  ARGON2_ITERATIONS: z.coerce.number().int().min(1).default(2),
  STATIC_DIR: z.string().optional(),
  /**
   * `off`: no background index warm-up (server/store/index-warmer.ts); views are then built by their
   * first query. For a CouchDB 3 whose own background indexer already does it, and for benches that
   * time one view's build alone.
   */
  INDEX_WARMER: z.enum(['on', 'off']).default('on'),
  /**
   * `off`: the companies' holder sets (server/processing/holder-set.ts) are not read at start but by
   * the first lot validation that needs one — the behaviour before the start-up read, for a bench's
   * same-run comparison.
   */
  HOLDER_SET_WARMUP: z.enum(['on', 'off']).default('on'),
  /**
   * `off`: no reduction rollups (server/store/view-rollup.ts) on the embedded store — report totals
   * and charts reduce their whole key range by slices, as before; for a bench's same-run comparison.
   */
  REPORT_ROLLUP: z.enum(['on', 'off']).default('on'),
  /**
   * How often the lot processor looks at every company anyway (server/processing/processor.ts): the
   * safety net for lots no wake reached this process for (another instance's work). A payment in this
   * process has its lots processed at once, whatever this is.
   */
  PROCESSING_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
});

/** Every variable the server reads (README.md "Configuration" lists each; server/config.spec.ts holds them together). */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape);

export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Configuración inválida: ${problems}`);
  }
  const c = parsed.data;
  const dataDir = path.resolve(c.DATA_DIR);
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir,
    couchdbUrl: c.COUCHDB_URL,
    jwtSecret: c.JWT_SECRET,
    smtpUrl: c.SMTP_URL,
    publicUrl: c.PUBLIC_URL,
    logLevel: c.LOG_LEVEL,
    seed: c.SEED,
    operatorPassword: c.OPERATOR_PASSWORD,
    operatorEmail: c.OPERATOR_EMAIL,
    corsOrigins: c.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    accessTokenTtlSeconds: c.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: c.REFRESH_TOKEN_TTL_SECONDS,
    loginRatePerIpPerMinute: c.LOGIN_RATE_PER_IP_PER_MINUTE,
    loginRatePerUserPerMinute: c.LOGIN_RATE_PER_USER_PER_MINUTE,
    apiRatePerMinute: c.API_RATE_PER_MINUTE,
    apiKeyRatePerMinute: c.API_KEY_RATE_PER_MINUTE,
    argon2: { memoryCost: c.ARGON2_MEMORY_KIB, timeCost: c.ARGON2_ITERATIONS, parallelism: 1 },
    outboxDir: path.join(dataDir, 'outbox'),
    uploadsDir: path.join(dataDir, 'uploads'),
    storeDir: path.join(dataDir, 'store'),
    indexWarmer: c.INDEX_WARMER === 'on',
    holderSetWarmup: c.HOLDER_SET_WARMUP === 'on',
    reportRollup: c.REPORT_ROLLUP === 'on',
    processingSweepSeconds: c.PROCESSING_SWEEP_SECONDS,
    staticDir: path.resolve(c.STATIC_DIR ?? path.join(__dirname, '..', '..', 'browser')),
  };
}
