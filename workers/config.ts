import { z } from 'zod';
import { databaseTarget, type DatabaseTarget } from '../lib/database-url.js';
import { parseConfig } from '../lib/parse-config.js';
import type { UserTokenOptions } from '../gateway/auth/user-token.js';

const schema = z.object({
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').default('redis://127.0.0.1:6379'),
  GATEWAY_URL: z.string({ required_error: 'is required: the provincial graph the workers read prefecture facts from' }).url(),
  /** The hub database (the province subgraph's), where results are written. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL; leave it unset to use SQLite').optional(),
  SQLITE_PATH: z.string().min(1).default('data/province.sqlite'),
  USER_TOKEN_SECRET: z.string({ required_error: 'is required: to sign the workers’ own token for the gateway' }).min(32, 'must be at least 32 characters'),
  USER_TOKEN_ISSUER: z.string().min(1).default('yunnan-hub'),
  USER_TOKEN_AUDIENCE: z.string().min(1).default('yunnan-hub'),
  PAGE_SIZE: z.coerce.number().int().min(1).max(500).default(500),
  CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  BACKOFF_MS: z.coerce.number().int().min(0).default(2_000),
  READ_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  LOCK_DURATION_MS: z.coerce.number().int().min(1_000).default(30_000),
  STALLED_INTERVAL_MS: z.coerce.number().int().min(1_000).default(30_000),
  /** Port of the admins' queue dashboard (bull-board); "off" disables it. */
  BOARD_PORT: z.union([z.literal('off'), z.coerce.number().int().min(0).max(65535)]).default(4099),
  BOARD_HOST: z.string().default('127.0.0.1'),
  QUEUE_PREFIX: z.string().regex(/^\{[\w-]+\}$/, 'must be a Redis hash tag such as {hub}').default('{hub}'),
  TIMEZONE: z.string().default('Asia/Shanghai').refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Asia/Shanghai'),
});

export interface WorkersConfig {
  readonly redisUrl: string;
  readonly gatewayUrl: string;
  readonly database: DatabaseTarget;
  readonly userTokens: UserTokenOptions;
  readonly pageSize: number;
  readonly concurrency: number;
  readonly attempts: number;
  readonly backoffMs: number;
  readonly readTimeoutMs: number;
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
  readonly timezone: string;
  readonly queuePrefix: string;
  readonly board: { readonly port: number; readonly host: string } | null;
}

/** Parses and freezes the workers' settings; throws naming every bad setting. */
export function loadWorkersConfig(env: NodeJS.ProcessEnv): WorkersConfig {
  const c = parseConfig('workers', schema, env);
  return Object.freeze({
    redisUrl: c.REDIS_URL,
    gatewayUrl: c.GATEWAY_URL,
    database: databaseTarget(c.DATABASE_URL, c.SQLITE_PATH),
    userTokens: { secret: c.USER_TOKEN_SECRET, issuer: c.USER_TOKEN_ISSUER, audience: c.USER_TOKEN_AUDIENCE },
    pageSize: c.PAGE_SIZE,
    concurrency: c.CONCURRENCY,
    attempts: c.ATTEMPTS,
    backoffMs: c.BACKOFF_MS,
    readTimeoutMs: c.READ_TIMEOUT_MS,
    lockDurationMs: c.LOCK_DURATION_MS,
    stalledIntervalMs: c.STALLED_INTERVAL_MS,
    timezone: c.TIMEZONE,
    queuePrefix: c.QUEUE_PREFIX,
    board: c.BOARD_PORT === 'off' ? null : { port: c.BOARD_PORT, host: c.BOARD_HOST },
  });
}
