import { z } from 'zod';
import { databaseTarget, type DatabaseTarget } from '../../lib/database-url.js';
import { parseConfig } from '../../lib/parse-config.js';
import {
  gatewayTrustOf,
  gatewayTrustSettings,
  oneGatewayKeySource,
  type GatewayTrust,
} from '../lib/auth/gateway-trust.js';
import { isPrefectureCode } from '../../schema/prefectures.js';

const shardUrls = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object of prefecture code to URL' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string().refine(isPrefectureCode, 'is not a prefecture code'), z.string().url()));

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL; leave it unset to use SQLite')
    .optional()
    .describe('The hub database, `postgres://…`; unset: SQLite at `SQLITE_PATH`.'),
  SQLITE_PATH: z
    .string()
    .min(1)
    .default('data/province.sqlite')
    .describe('SQLite file of the hub database when `DATABASE_URL` is unset.'),
  PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(4000)
    .describe('Port it listens on (`/graphql`, `/health`, `/ready`, `/metrics`); 0 picks a free one.'),
  HOST: z.string().default('127.0.0.1').describe('Interface it listens on; `0.0.0.0` in a container.'),
  ...gatewayTrustSettings,
  INITIAL_SHARD_URLS: shardUrls
    .optional()
    .describe('JSON object code → shard URL, for prefectures the registry has none for yet (one-machine mode).'),
  SHARD_URLS_OWNED_BY_START: z
    .enum(['true', 'false'])
    .default('false')
    .describe(
      '`true` only under `npm start`, which owns the shards it starts: `INITIAL_SHARD_URLS` replace the ' +
        'registered URLs (audited). Never set it in a deployment: it would undo admins’ registrations.',
    ),
  MIGRATE_ON_START: z
    .enum(['true', 'false'])
    .default('true')
    .describe('Apply pending migrations at start; `false` refuses to start while migrations are pending.'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional()
    .describe('Redis where metric runs are queued; unset: the hub serves everything but metric jobs.'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^\{[\w-]+\}$/, 'must be a Redis hash tag such as {hub}')
    .default('{hub}')
    .describe('BullMQ queue prefix, a Redis hash tag (a flow’s keys in one Cluster slot); as the workers’.'),
});

/** The province subgraph's settings, exported so docs/settings.md can be generated from them. */
export { schema as provinceSettingsSchema };

export interface ProvinceConfig {
  readonly database: DatabaseTarget;
  readonly port: number;
  readonly host: string;
  readonly gatewayTrust: GatewayTrust;
  readonly initialShardUrls: Readonly<Record<string, string>>;
  /** One-machine mode: the initial URLs replace registered ones (see SHARD_URLS_OWNED_BY_START). */
  readonly shardUrlsOwnedByStart: boolean;
  readonly migrateOnStart: boolean;
  readonly redisUrl: string | null;
  readonly queuePrefix: string;
}

/** Parses and freezes the province subgraph's settings; throws naming every bad setting. */
export function loadProvinceConfig(env: NodeJS.ProcessEnv): ProvinceConfig {
  const parsed = parseConfig('province subgraph', schema, env, [oneGatewayKeySource]);
  return Object.freeze({
    database: databaseTarget(parsed.DATABASE_URL, parsed.SQLITE_PATH),
    port: parsed.PORT,
    host: parsed.HOST,
    gatewayTrust: gatewayTrustOf(parsed),
    initialShardUrls: Object.freeze(parsed.INITIAL_SHARD_URLS ?? {}),
    shardUrlsOwnedByStart: parsed.SHARD_URLS_OWNED_BY_START === 'true',
    migrateOnStart: parsed.MIGRATE_ON_START === 'true',
    redisUrl: parsed.REDIS_URL ?? null,
    queuePrefix: parsed.QUEUE_PREFIX,
  });
}
