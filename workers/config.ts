import { z } from 'zod';
import { databaseTarget, type DatabaseTarget } from '../lib/database-url.js';
import { parseConfig, type CrossCheck } from '../lib/parse-config.js';
import type { UserTokenOptions } from '../lib/auth/user-token.js';
import { HUB_TIME_ZONE } from '../lib/calendar.js';

const schema = z.object({
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .default('redis://127.0.0.1:6379')
    .describe('Redis holding the BullMQ queues (AOF on, `noeviction`).'),
  GATEWAY_URL: z
    .string({ required_error: 'is required: the provincial graph the workers read prefecture facts from' })
    .url()
    .describe('GraphQL URL of the gateway; the workers read every prefecture’s projects through it.'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL; leave it unset to use SQLite')
    .optional()
    .describe('The hub database (the province subgraph’s), where results are written; unset: SQLite at `SQLITE_PATH`.'),
  SQLITE_PATH: z
    .string()
    .min(1)
    .default('data/province.sqlite')
    .describe('SQLite file of the hub database when `DATABASE_URL` is unset.'),
  // The workers' identity at the gateway: GATEWAY_TOKEN or USER_TOKEN_SECRET (checked by workersIdentity below).
  GATEWAY_TOKEN: z
    .string()
    .min(20, 'must be a JWT')
    .optional()
    .describe('User token (JWT) to read through the gateway with; required unless `USER_TOKEN_SECRET` is set.'),
  USER_TOKEN_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .optional()
    .describe('The gateway’s HS256 secret: workers mint their own token, the queue dashboard checks admins’.'),
  USER_TOKEN_PUBLIC_KEY: z
    .string()
    .includes('BEGIN PUBLIC KEY', { message: 'must be a PEM public key' })
    .optional()
    .describe('PEM public key the queue dashboard checks non-HS256 admin tokens with (as the gateway’s).'),
  USER_TOKEN_JWKS_URL: z
    .string()
    .url()
    .optional()
    .describe('JWKS URL the queue dashboard checks admins’ tokens with when they are not HS256 (as the gateway’s).'),
  USER_TOKEN_ISSUER: z
    .string()
    .min(1)
    .default('yunnan-hub')
    .describe('The `iss` of user tokens, minted and checked (as the gateway’s).'),
  USER_TOKEN_AUDIENCE: z
    .string()
    .min(1)
    .default('yunnan-hub')
    .describe('The `aud` of user tokens, minted and checked (as the gateway’s).'),
  PAGE_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(500)
    .describe('Projects per keyset page when a prefecture job reads through the gateway.'),
  CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(4)
    .describe('Prefecture jobs one worker process runs at a time.'),
  ATTEMPTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(20)
    .default(3)
    .describe('Attempts of a prefecture job before its prefecture is reported failed (run `PARTIAL`).'),
  BACKOFF_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(2_000)
    .describe('First retry delay of a failed job; doubles with each attempt (exponential backoff).'),
  READ_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(30_000)
    .describe('Timeout of one page read through the gateway.'),
  LOCK_DURATION_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(30_000)
    .describe('BullMQ job lock; a worker that stops renewing it (killed) loses the job to stalled-job detection.'),
  STALLED_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(30_000)
    .describe('How often BullMQ looks for stalled jobs (lock lost) to hand them to another worker.'),
  BOARD_PORT: z
    .union([z.literal('off'), z.coerce.number().int().min(0).max(65535)])
    .default(4099)
    .describe('Port of the admins’ queue dashboard (bull-board); `off` disables it.'),
  BOARD_HOST: z.string().default('127.0.0.1').describe('Interface the queue dashboard listens on.'),
  METRICS_PORT: z
    .union([z.literal('off'), z.coerce.number().int().min(0).max(65535)])
    .default('off')
    .describe('Port of the Prometheus `/metrics` (and `/health`) listener; `off` runs none.'),
  METRICS_HOST: z.string().default('127.0.0.1').describe('Interface the `/metrics` listener listens on.'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^\{[\w-]+\}$/, 'must be a Redis hash tag such as {hub}')
    .default('{hub}')
    .describe('BullMQ queue prefix, a Redis hash tag (a flow’s keys in one Cluster slot); as the province’s.'),
  TIMEZONE: z
    .string()
    .default(HUB_TIME_ZONE)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, `must be an IANA time zone such as ${HUB_TIME_ZONE}`)
    .describe('Time zone (IANA name) of "today": the as-of date of a run that names none.'),
});

/** The workers' settings, exported so docs/settings.md can be generated from them. */
export { schema as workersSettingsSchema };

const workersIdentity: CrossCheck = (env) =>
  env.GATEWAY_TOKEN || env.USER_TOKEN_SECRET
    ? null
    : {
        setting: 'GATEWAY_TOKEN',
        message:
          'is required (or USER_TOKEN_SECRET, to mint one): the workers read prefecture facts through the gateway as themselves',
      };

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
