import { z } from 'zod';
import type { KeySet } from '../lib/auth/gateway-key-pair.js';
import { jwksSetting } from '../lib/auth/jwks-setting.js';
import { parseConfig, type CrossCheck } from '../lib/parse-config.js';
import type { UserTokenOptions } from '../lib/auth/user-token.js';
import type { RateLimit } from './http/rate-limit.js';
import type { ShardCallLimits } from './shards/shard-call-limiter.js';
import type { CacheSettings } from './cache/gateway-cache.js';
import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from './plugins/operation-limits.js';

const schema = z.object({
  PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(4400)
    .describe('Port of `/graphql`, `/dashboard`, `/health`, `/ready` and `/metrics`; 0 picks a free one.'),
  HOST: z.string().default('127.0.0.1').describe('Interface the gateway listens on; `0.0.0.0` in a container.'),
  PROVINCE_URL: z
    .string({ required_error: 'is required: the GraphQL URL of the province subgraph' })
    .url()
    .describe('GraphQL URL of the province subgraph; the prefecture shards are read from its registry.'),
  GATEWAY_SIGNING_KEYS: jwksSetting(
    'private',
    'the gateway’s private signing keys (JSON JWKS, see `npm run keys -- generate`)',
  ).describe(
    'Private Ed25519 JWKS of the gateway: the first key signs subgraph credentials, the others are only published at `/.well-known/jwks.json` (rotation).',
  ),
  // Exactly one of the three user-token keys is set (checked by oneUserTokenKey below).
  USER_TOKEN_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .optional()
    .describe('HS256 secret (≥ 32 characters) of user tokens. Set exactly one of the three `USER_TOKEN_*` keys.'),
  USER_TOKEN_PUBLIC_KEY: z
    .string()
    .includes('BEGIN PUBLIC KEY', { message: 'must be a PEM public key (-----BEGIN PUBLIC KEY-----)' })
    .optional()
    .describe('The identity provider’s RS256/ES256 public key (PEM) user tokens are checked with.'),
  USER_TOKEN_JWKS_URL: z
    .string()
    .url('must be the URL of the identity provider’s JWKS')
    .optional()
    .describe('URL of the identity provider’s JWKS user tokens are checked with.'),
  USER_TOKEN_ISSUER: z.string().min(1).default('yunnan-hub').describe('The `iss` every user token must carry.'),
  USER_TOKEN_AUDIENCE: z.string().min(1).default('yunnan-hub').describe('The `aud` every user token must carry.'),
  SHARD_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(50)
    .max(60_000)
    .default(3_000)
    .describe('How long one shard may take for one call before its prefecture is left out of the answer.'),
  SHARD_MAX_IN_FLIGHT: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000)
    .default(8)
    .describe('Calls one shard may have in flight at once; more wait in the gateway (back-pressure).'),
  SHARD_QUEUE_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(600_000)
    .default(15_000)
    .describe('How long a call may wait for a free slot before its prefecture is left out as `OVERLOADED`.'),
  HEALTH_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(15_000)
    .describe('How often every shard’s `_service { sdl }` is checked against the contract.'),
  REGISTRY_POLL_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(10_000)
    .describe('How often the province registry is read for new shard URLs.'),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .describe('Browser origins allowed cross-origin, comma-separated (e.g. `https://dashboard.example`); empty: none.'),
  RATE_LIMIT_POINTS: z.coerce
    .number()
    .int()
    .min(1)
    .default(1200)
    .describe(
      'Requests one user may make per rate-limit window. One dashboard view sends about 22 (its figures plus one small query per prefecture tile).',
    ),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(60)
    .describe('Length of the rate-limit window, seconds.'),
  MAX_DEPTH: z.coerce
    .number()
    .int()
    .min(2)
    .max(50)
    .default(12)
    .describe('Deepest field nesting one operation may have.'),
  MAX_ALIASES: z.coerce.number().int().min(0).max(1000).default(20).describe('Most aliases one operation may use.'),
  MAX_TOKENS: z.coerce
    .number()
    .int()
    .min(100)
    .default(3000)
    .describe('Most lexical tokens one operation document may have.'),
  MAX_COST: z.coerce
    .number()
    .int()
    .min(100)
    .default(20_000)
    .describe('Highest estimated cost (objects × depth factor) one operation may have.'),
  TRUSTED_DOCUMENTS_ONLY: z
    .enum(['true', 'false'])
    .optional()
    .describe(
      '`true`: callers other than admins may run only the trusted documents of ' +
        '`schema/trusted-documents.json` (the dashboard’s and the workers’ operations), others are refused with ' +
        '`TRUSTED_DOCUMENT_REQUIRED`. Unset: `true` when `NODE_ENV=production`, else `false`.',
    ),
  CACHE_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .describe(
      'Caches each prefecture shard’s answers and whole answers of queries, keyed by data versions every write bumps (README, “Cache”).',
    ),
  CACHE_REDIS_URL: z
    .string()
    .url('must be a redis:// URL')
    .optional()
    .describe(
      'Redis the gateway replicas share their cache and data versions in (not BullMQ’s: this one may evict, `allkeys-lru`); unset: an in-process LRU per gateway.',
    ),
  CACHE_REDIS_COMMAND_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(60_000)
    .default(500)
    .describe(
      'Longest a cache command to `CACHE_REDIS_URL` may take; a slower Redis is treated as down for that request (answered without the cache).',
    ),
  CACHE_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(300)
    .describe('The longest a cached answer is served, whatever the versions say: bounds staleness anyway.'),
  CACHE_MAX_MEMORY_MB: z.coerce
    .number()
    .int()
    .min(1)
    .max(65_536)
    .default(128)
    .describe('Size of the in-process cache (without `CACHE_REDIS_URL`); the least recently used answers go first.'),
  CACHE_RESULTS_POLL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(1_000)
    .describe(
      'How often the province’s results version is read: cached answers that read metric results are invalidated within this long of a run finishing.',
    ),
  LEDGER_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .max(256 * 1024 * 1024)
    .default(16 * 1024 * 1024)
    .describe('Largest ledger file (.xlsx or CSV) `POST /ledger/imports` accepts, bytes; larger ones get HTTP 413.'),
  LEDGER_SHARD_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .max(600_000)
    .default(120_000)
    .describe(
      'How long a shard may take for one ledger import chunk (`importLedgerRows`, up to 1000 rows) before its outcome is unknown (then the chunk is sent again with the same key).',
    ),
  LEDGER_EXPORT_PROCESSES: z.coerce
    .number()
    .int()
    .min(1)
    .max(16)
    .default(2)
    .describe('Project exports (`/ledger/exports`) run at once, each in a process of its own; more wait their turn.'),
  LEDGER_EXPORT_MAX_HEAP_MB: z.coerce
    .number()
    .int()
    .min(64)
    .max(4096)
    .default(128)
    .describe(
      'The V8 heap cap (`--max-old-space-size`, MiB) of each project-export process; a 160,000-project export needs well under 128.',
    ),
  SUPERGRAPH_PATH: z
    .string()
    .default('schema/supergraph.graphql')
    .describe('The composed supergraph the gateway serves.'),
  CONTRACT_PATH: z
    .string()
    .default('schema/prefecture.graphql')
    .describe('The prefecture contract: shards are checked against it, its `@route` directives route root fields.'),
});

/** The gateway's settings, exported so docs/settings.md can be generated from them. */
export { schema as gatewaySettingsSchema };

const oneUserTokenKey: CrossCheck = (env) =>
  [env.USER_TOKEN_SECRET, env.USER_TOKEN_PUBLIC_KEY, env.USER_TOKEN_JWKS_URL].filter(Boolean).length === 1
    ? null
    : {
        setting: 'USER_TOKEN_SECRET',
        message: 'set exactly one of USER_TOKEN_SECRET, USER_TOKEN_PUBLIC_KEY, USER_TOKEN_JWKS_URL',
      };

export interface GatewayConfig {
  readonly port: number;
  readonly host: string;
  readonly provinceUrl: string;
  /** Private JWKS: the first key signs, all are published at /.well-known/jwks.json. */
  readonly signingKeys: KeySet;
  readonly userTokens: UserTokenOptions;
  readonly shardTimeoutMs: number;
  readonly shardLimits: ShardCallLimits;
  readonly healthIntervalMs: number;
  readonly registryPollMs: number;
  readonly corsOrigins: readonly string[];
  readonly rateLimit: RateLimit;
  readonly operationLimits: OperationLimits;
  /** Only trusted documents from callers other than admins (TRUSTED_DOCUMENTS_ONLY). */
  readonly trustedDocumentsOnly: boolean;
  readonly supergraphPath: string;
  readonly contractPath: string;
  /** Null when CACHE_ENABLED=false. */
  readonly cache: CacheSettings | null;
  readonly ledgerMaxUploadBytes: number;
  readonly ledgerShardTimeoutMs: number;
  readonly ledgerExportProcesses: number;
  readonly ledgerExportMaxHeapMb: number;
}

/** Parses and freezes the gateway's settings; throws naming every bad setting. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv): GatewayConfig {
  const parsed = parseConfig('gateway', schema, env, [oneUserTokenKey]);
  return Object.freeze({
    port: parsed.PORT,
    host: parsed.HOST,
    provinceUrl: parsed.PROVINCE_URL,
    signingKeys: parsed.GATEWAY_SIGNING_KEYS,
    userTokens: Object.freeze({
      secret: parsed.USER_TOKEN_SECRET,
      publicKey: parsed.USER_TOKEN_PUBLIC_KEY,
      jwksUrl: parsed.USER_TOKEN_JWKS_URL,
      issuer: parsed.USER_TOKEN_ISSUER,
      audience: parsed.USER_TOKEN_AUDIENCE,
    }),
    shardTimeoutMs: parsed.SHARD_TIMEOUT_MS,
    shardLimits: Object.freeze({
      maxInFlight: parsed.SHARD_MAX_IN_FLIGHT,
      queueTimeoutMs: parsed.SHARD_QUEUE_TIMEOUT_MS,
    }),
    healthIntervalMs: parsed.HEALTH_INTERVAL_MS,
    registryPollMs: parsed.REGISTRY_POLL_MS,
    corsOrigins: parsed.CORS_ORIGINS,
    rateLimit: { points: parsed.RATE_LIMIT_POINTS, windowSeconds: parsed.RATE_LIMIT_WINDOW_SECONDS },
    operationLimits: {
      ...DEFAULT_OPERATION_LIMITS,
      maxDepth: parsed.MAX_DEPTH,
      maxAliases: parsed.MAX_ALIASES,
      maxTokens: parsed.MAX_TOKENS,
      maxCost: parsed.MAX_COST,
    },
    // Production refuses ad-hoc documents unless told otherwise; development and tests accept them.
    trustedDocumentsOnly:
      (parsed.TRUSTED_DOCUMENTS_ONLY ?? (env.NODE_ENV === 'production' ? 'true' : 'false')) === 'true',
    supergraphPath: parsed.SUPERGRAPH_PATH,
    ledgerMaxUploadBytes: parsed.LEDGER_MAX_UPLOAD_BYTES,
    ledgerShardTimeoutMs: parsed.LEDGER_SHARD_TIMEOUT_MS,
    ledgerExportProcesses: parsed.LEDGER_EXPORT_PROCESSES,
    ledgerExportMaxHeapMb: parsed.LEDGER_EXPORT_MAX_HEAP_MB,
    contractPath: parsed.CONTRACT_PATH,
    cache:
      parsed.CACHE_ENABLED === 'true'
        ? Object.freeze({
            redisUrl: parsed.CACHE_REDIS_URL,
            redisCommandTimeoutMs: parsed.CACHE_REDIS_COMMAND_TIMEOUT_MS,
            ttlMs: parsed.CACHE_TTL_SECONDS * 1000,
            maxMemoryChars: parsed.CACHE_MAX_MEMORY_MB * 1024 * 1024,
            resultsPollMs: parsed.CACHE_RESULTS_POLL_MS,
          })
        : null,
  });
}
