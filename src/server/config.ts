/**
 * Every environment variable the server reads, in one zod schema checked at boot.
 * No default secrets: the embedded mode generates what it needs into the data folder.
 */
import path from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** postgres://user@host:port/db — when set, that PostgreSQL server is used instead of the embedded one. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL phải bắt đầu bằng postgres://')
    .optional(),
  DATA_DIR: z.string().default('./data'),
  /** Where uploaded files are kept (local storage); defaults to DATA_DIR/files. */
  FILES_DIR: z.string().optional(),
  UPLOAD_MAX_MB: z.coerce.number().positive().max(2048).default(50),
  VIDEO_MAX_MB: z.coerce.number().positive().max(8192).default(500),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  /** The address members open; used in activation links and QR codes. */
  PUBLIC_URL: z.string().url().optional(),
  SEED_DEMO: bool.default(true),
  /** Two-factor sign-in required for system admins, unit admins and approvers; on by default in production. */
  REQUIRE_2FA: bool.optional(),
  DEMO_PASSWORD: z.string().min(8).default('Demo@2026'),
  SESSION_IDLE_DAYS: z.coerce.number().positive().default(30),
  SESSION_MAX_DAYS: z.coerce.number().positive().default(180),
  TRUST_PROXY: bool.default(false),
  /**
   * Secret from which signing keys are derived (check-in codes, e-cards). Required when several app
   * servers share one PostgreSQL; without it each installation generates and keeps its own keys.
   */
  APP_SECRET: z.string().min(32, 'APP_SECRET cần ít nhất 32 ký tự').optional(),
  /**
   * Secret for the CCCD encryption and lookup-hash keys (HKDF). Without it APP_SECRET is used, and
   * without that the embedded installation keeps a generated key in DATA_DIR/secrets/cccd.key.
   * Losing it makes the stored CCCD numbers unreadable: back it up apart from the database.
   */
  CCCD_KEY: z.string().min(32, 'CCCD_KEY cần ít nhất 32 ký tự').optional(),
  /** Years after removal, expulsion, resignation or death before a member's personal data may be erased. */
  ERASURE_RETENTION_YEARS: z.coerce.number().min(0).max(100).default(5),
  /** Multiplies the per-account limits on search, uploads and imports (benchmarks set it high). */
  RATE_LIMIT_FACTOR: z.coerce.number().positive().default(1),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
});

export type Config = z.infer<typeof configSchema> & { dataDir: string; filesDir: string; publicUrl: string; require2fa: boolean };

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (DATABASE_URL= in a shell or .env) means "not set", not an invalid value.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Cấu hình không hợp lệ (invalid configuration):\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    ...c,
    dataDir: path.resolve(c.DATA_DIR),
    filesDir: path.resolve(c.FILES_DIR ?? path.join(c.DATA_DIR, 'files')),
    require2fa: c.REQUIRE_2FA ?? c.NODE_ENV === 'production',
    publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
  };
}

/** A config for tests and tools: defaults plus overrides, never read from the environment. */
export function testConfig(overrides: Partial<Record<keyof z.input<typeof configSchema>, string>> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', ...overrides });
}
