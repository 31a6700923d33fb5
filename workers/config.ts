import { z } from 'zod';
import { databaseTarget, type DatabaseTarget } from '../lib/database-url.js';
import { parseConfig, type CrossCheck } from '../lib/parse-config.js';
import type { UserTokenOptions } from '../lib/auth/user-token.js';

const schema = z.object({
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').default('redis://127.0.0.1:6379'),
  GATEWAY_URL: z.string({ required_error: 'is required: the provincial graph the workers read prefecture facts from' }).url(),
  /** The hub database (the province subgraph's), where results are written. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL; leave it unset to use SQLite').optional(),
  SQLITE_PATH: z.string().min(1).default('data/province.sqlite'),
  /** The workers' identity at the gateway: a token issued to them, or the HS256 secret to mint one. */
  GATEWAY_TOKEN: z.string().min(20, 'must be a JWT').optional(),
  USER_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** How the queue dashboard checks admins' tokens when they are not HS256: as the gateway does. */
  USER_TOKEN_PUBLIC_KEY: z.string().includes('BEGIN PUBLIC KEY', { message: 'must be a PEM public key' }).optional(),
  USER_TOKEN_JWKS_URL: z.string().url().optional(),
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
  /** Port of the Prometheus `/metrics` (and `/health`) listener; "off" (the default) runs none. */
  METRICS_PORT: z.union([z.literal('off'), z.coerce.number().int().min(0).max(65535)]).default('off'),
  METRICS_HOST: z.string().default('127.0.0.1'),
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

const workersIdentity: CrossCheck = (env) =>
  env.GATEWAY_TOKEN || env.USER_TOKEN_SECRET
    ? null
    : { setting: 'GATEWAY_TOKEN', message: 'is required (or USER_TOKEN_SECRET, to mint one): the workers read prefecture facts through the gateway as themselves' };

export interface WorkersConfig {
  readonly redisUrl: string;
  readonly gatewayUrl: string;
  readonly database: DatabaseTarget;
  readonly userTokens: UserTokenOptions;
  /** A token issued to the workers; when null they mint their own with `userTokens.secret`. */
  readonly gatewayToken: string | null;
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
  /** Where `/metrics` is served; null: not served. */
  readonly metricsListener: { readonly port: number; readonly host: string } | null;
}

/** Parses and freezes the workers' settings; throws naming every bad setting. */
export function loadWorkersConfig(env: NodeJS.ProcessEnv): WorkersConfig {
  const c = parseConfig('workers', schema, env, [workersIdentity]);
  return Object.freeze({
    redisUrl: c.REDIS_URL,
    gatewayUrl: c.GATEWAY_URL,
    database: databaseTarget(c.DATABASE_URL, c.SQLITE_PATH),
    userTokens: {
      secret: c.USER_TOKEN_SECRET,
      publicKey: c.USER_TOKEN_PUBLIC_KEY,
      jwksUrl: c.USER_TOKEN_JWKS_URL,
      issuer: c.USER_TOKEN_ISSUER,
      audience: c.USER_TOKEN_AUDIENCE,
    },
    gatewayToken: c.GATEWAY_TOKEN ?? null,
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
    metricsListener: c.METRICS_PORT === 'off' ? null : { port: c.METRICS_PORT, host: c.METRICS_HOST },
  });
}
