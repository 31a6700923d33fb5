import { z } from 'zod';
import { parseConfig } from '../lib/parse-config.js';
import type { UserTokenOptions } from './auth/user-token.js';

const secret = (what: string) =>
  z.string({ required_error: `is required: ${what}` }).min(32, 'must be at least 32 characters');

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4400),
  HOST: z.string().default('127.0.0.1'),
  PROVINCE_URL: z.string({ required_error: 'is required: the GraphQL URL of the province subgraph' }).url(),
  HUB_TOKEN_SECRET: secret('the secret the gateway signs subgraph requests with (shared with the subgraphs)'),
  USER_TOKEN_SECRET: secret('the HS256 secret user tokens are signed with'),
  USER_TOKEN_ISSUER: z.string().min(1).default('yunnan-hub'),
  USER_TOKEN_AUDIENCE: z.string().min(1).default('yunnan-hub'),
  /** How long one shard may take for one call before it is left out of the answer. */
  SHARD_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(3_000),
  /** How often every shard is checked against the contract. */
  HEALTH_INTERVAL_MS: z.coerce.number().int().min(1_000).default(15_000),
  /** How often the province registry is read for new shard URLs. */
  REGISTRY_POLL_MS: z.coerce.number().int().min(1_000).default(10_000),
  SUPERGRAPH_PATH: z.string().default('schema/supergraph.graphql'),
  CONTRACT_PATH: z.string().default('schema/prefecture.graphql'),
});

export interface GatewayConfig {
  readonly port: number;
  readonly host: string;
  readonly provinceUrl: string;
  readonly hubTokenSecret: string;
  readonly userTokens: UserTokenOptions;
  readonly shardTimeoutMs: number;
  readonly healthIntervalMs: number;
  readonly registryPollMs: number;
  readonly supergraphPath: string;
  readonly contractPath: string;
}

/** Parses and freezes the gateway's settings; throws naming every bad setting. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv): GatewayConfig {
  const parsed = parseConfig('gateway', schema, env);
  return Object.freeze({
    port: parsed.PORT,
    host: parsed.HOST,
    provinceUrl: parsed.PROVINCE_URL,
    hubTokenSecret: parsed.HUB_TOKEN_SECRET,
    userTokens: Object.freeze({ secret: parsed.USER_TOKEN_SECRET, issuer: parsed.USER_TOKEN_ISSUER, audience: parsed.USER_TOKEN_AUDIENCE }),
    shardTimeoutMs: parsed.SHARD_TIMEOUT_MS,
    healthIntervalMs: parsed.HEALTH_INTERVAL_MS,
    registryPollMs: parsed.REGISTRY_POLL_MS,
    supergraphPath: parsed.SUPERGRAPH_PATH,
    contractPath: parsed.CONTRACT_PATH,
  });
}
