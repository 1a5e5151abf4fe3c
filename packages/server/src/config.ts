// Environment → typed configuration. Nothing else reads process.env.
import path from 'node:path';
import { z } from 'zod';

const ZEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  KEHU_ADMIN_PASSWORD: z.string().optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(60 * 24 * 30).default(120),
  COOKIE_SECURE: z.enum(['true', 'false']).default('false'),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  /** complaints sent through the public page (and confirmations through the link) per IP per 10 minutes */
  PUBLIC_COMPLAINT_RATE_LIMIT: z.coerce.number().int().min(1).default(5),
  UPLOAD_MAX_MB: z.coerce.number().min(1).max(1024).default(20),
  TIMEZONE: z.string().default('Asia/Shanghai'),
  SMTP_URL: z.string().optional(),
  SMTP_FROM: z.string().default('Kehu <kehu@localhost>'),
  JOBS_POLL_MS: z.coerce.number().int().min(50).default(5000),
  JOBS_ENABLED: z.enum(['true', 'false']).default('true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST: z.string().optional(),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  poolSize: number;
  adminPassword?: string;
  sessionIdleMinutes: number;
  cookieSecure: boolean;
  loginRateLimit: number;
  publicComplaintRateLimit: number;
  uploadMaxBytes: number;
  timezone: string;
  smtpUrl?: string;
  smtpFrom: string;
  jobsPollMs: number;
  jobsEnabled: boolean;
  logLevel: string;
  webDist: string;
};

export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const e = ZEnv.parse(env);
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL || undefined,
    poolSize: e.DATABASE_POOL_SIZE,
    adminPassword: e.KEHU_ADMIN_PASSWORD || undefined,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    cookieSecure: e.COOKIE_SECURE === 'true',
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    publicComplaintRateLimit: e.PUBLIC_COMPLAINT_RATE_LIMIT,
    uploadMaxBytes: Math.round(e.UPLOAD_MAX_MB * 1024 * 1024),
    timezone: e.TIMEZONE,
    smtpUrl: e.SMTP_URL || undefined,
    smtpFrom: e.SMTP_FROM,
    jobsPollMs: e.JOBS_POLL_MS,
    jobsEnabled: e.JOBS_ENABLED === 'true',
    logLevel: e.LOG_LEVEL,
    webDist: path.resolve(e.WEB_DIST ?? path.join(import.meta.dirname, '../../web/dist')),
    ...overrides,
  };
}
