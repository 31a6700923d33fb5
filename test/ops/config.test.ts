import { afterAll, describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../../gateway/config.js';
import { logLevel } from '../../lib/logger.js';
import { ConfigError } from '../../lib/parse-config.js';
import { loadShutdownSettings } from '../../lib/shutdown.js';
import { loadPrefectureConfig } from '../../subgraphs/prefecture/config.js';
import { loadProvinceConfig } from '../../subgraphs/province/config.js';
import { loadWorkersConfig } from '../../workers/config.js';
import { settingsReadBy } from './env-probe.js';
import { generateGatewayKeyPair } from '../../lib/auth/gateway-key-pair.js';
import { startService, type ServiceProcess } from '../../scripts/service-process.js';

const OTHER_SECRET = 'another-secret-of-at-least-thirty-two-chars';
const pair = await generateGatewayKeyPair('config-test-key');
const SIGNING_KEYS = JSON.stringify({ keys: [pair.privateJwk] });
const PUBLIC_KEYS = JSON.stringify({ keys: [pair.publicJwk] });

/** The ConfigError `load(env)` throws (fails the test when it does not throw one). */
function configError(load: (env: NodeJS.ProcessEnv) => unknown, env: NodeJS.ProcessEnv): ConfigError {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

/** The settings an error message names, one per line: "  NAME: why". */
function namedSettings(error: ConfigError): string[] {
  return [...new Set([...error.message.matchAll(/^\s+([A-Z][A-Z0-9_]*)[.:]/gm)].map((m) => m[1]))].sort();
}

describe('gateway configuration', () => {
  const valid = {
    PROVINCE_URL: 'http://province:4000/graphql',
    GATEWAY_SIGNING_KEYS: SIGNING_KEYS,
    USER_TOKEN_SECRET: OTHER_SECRET,
  };

  it('parses a minimal environment with the documented defaults', () => {
    const config = loadGatewayConfig(valid);
    expect(config).toMatchObject({
      port: 4400,
      host: '127.0.0.1',
      provinceUrl: valid.PROVINCE_URL,
      signingKeys: { keys: [pair.privateJwk] },
      shardTimeoutMs: 3_000,
      shardLimits: { maxInFlight: 8, queueTimeoutMs: 15_000 },
      healthIntervalMs: 15_000,
      registryPollMs: 10_000,
      supergraphPath: 'schema/supergraph.graphql',
      contractPath: 'schema/prefecture.graphql',
    });
    expect(config.userTokens).toMatchObject({ secret: OTHER_SECRET, issuer: 'yunnan-hub', audience: 'yunnan-hub' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every missing required setting at once', () => {
    const error = configError(loadGatewayConfig, { USER_TOKEN_SECRET: OTHER_SECRET });
    expect(error.message).toMatch(/^invalid gateway configuration/);
    expect(namedSettings(error)).toEqual(['GATEWAY_SIGNING_KEYS', 'PROVINCE_URL']);
    expect(error.message).toMatch(/PROVINCE_URL: is required/);
  });

  it('names each invalid setting with what is wrong', () => {
    const error = configError(loadGatewayConfig, {
      ...valid,
      PORT: 'eighty',
      PROVINCE_URL: 'the province subgraph',
      GATEWAY_SIGNING_KEYS: 'short',
      SHARD_TIMEOUT_MS: '10',
      HEALTH_INTERVAL_MS: '1.5',
    });
    expect(namedSettings(error)).toEqual([
      'GATEWAY_SIGNING_KEYS',
      'HEALTH_INTERVAL_MS',
      'PORT',
      'PROVINCE_URL',
      'SHARD_TIMEOUT_MS',
    ]);
    expect(error.message).toMatch(/GATEWAY_SIGNING_KEYS: must be a JSON Web Key Set/);
  });

  it('refuses to start without a way to verify user tokens', () => {
    const { USER_TOKEN_SECRET: _, ...withoutUserTokens } = valid;
    expect(namedSettings(configError(loadGatewayConfig, withoutUserTokens))).toContain('USER_TOKEN_SECRET');
  });

  it('names the missing token key together with other bad settings', () => {
    const { USER_TOKEN_SECRET: _, ...withoutUserTokens } = valid;
    expect(namedSettings(configError(loadGatewayConfig, { ...withoutUserTokens, PORT: 'eighty' }))).toEqual([
      'PORT',
      'USER_TOKEN_SECRET',
    ]);
  });

  it('runs only trusted documents by default in production, any document elsewhere, unless told', () => {
    const only = (env: Record<string, string>) => loadGatewayConfig({ ...valid, ...env }).trustedDocumentsOnly;
    expect(only({ NODE_ENV: 'production' })).toBe(true);
    expect(only({})).toBe(false);
    expect(only({ NODE_ENV: 'development' })).toBe(false);
    expect(only({ NODE_ENV: 'production', TRUSTED_DOCUMENTS_ONLY: 'false' })).toBe(false);
    expect(only({ TRUSTED_DOCUMENTS_ONLY: 'true' })).toBe(true);
    const error = configError(loadGatewayConfig, { ...valid, TRUSTED_DOCUMENTS_ONLY: 'yes' });
    expect(namedSettings(error)).toEqual(['TRUSTED_DOCUMENTS_ONLY']);
  });
});

describe('prefecture subgraph configuration', () => {
  const valid = { PREFECTURE_CODE: '530300', GATEWAY_PUBLIC_KEYS: PUBLIC_KEYS };

  it('parses a minimal environment with the documented defaults: SQLite under data/, migrations on start, no demo data', () => {
    expect(loadPrefectureConfig(valid)).toEqual({
      prefectureCode: '530300',
      database: { dialect: 'sqlite', path: 'data/prefecture-530300.sqlite' },
      port: 4001,
      host: '127.0.0.1',
      demoData: 'off',
      migrateOnStart: true,
      gatewayTrust: { keys: { publicKeys: { keys: [pair.publicJwk] } }, maxLifetimeS: 60 },
    });
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const config = loadPrefectureConfig({
      ...valid,
      DATABASE_URL: 'postgres://hub_app:pw@postgres:5432/prefecture_530300',
      MIGRATE_ON_START: 'false',
    });
    expect(config.database).toEqual({
      dialect: 'postgresql',
      url: 'postgres://hub_app:pw@postgres:5432/prefecture_530300',
    });
    expect(config.migrateOnStart).toBe(false);
  });

  it('names every missing required setting at once', () => {
    const error = configError(loadPrefectureConfig, {});
    expect(error.message).toMatch(/^invalid prefecture subgraph configuration/);
    expect(namedSettings(error)).toEqual(['GATEWAY_PUBLIC_KEYS', 'PREFECTURE_CODE']);
    expect(error.message).toMatch(
      /GATEWAY_PUBLIC_KEYS: set exactly one of GATEWAY_PUBLIC_KEYS \(JSON JWKS\) and GATEWAY_JWKS_URL/,
    );
  });

  it('names each invalid setting: an unknown prefecture, a non-postgres URL, bad enums and ports', () => {
    const error = configError(loadPrefectureConfig, {
      PREFECTURE_CODE: '530200',
      GATEWAY_PUBLIC_KEYS: PUBLIC_KEYS,
      DATABASE_URL: 'mysql://db/x',
      DEMO_DATA: 'yes',
      MIGRATE_ON_START: '1',
      PORT: '70000',
    });
    expect(namedSettings(error)).toEqual(['DATABASE_URL', 'DEMO_DATA', 'MIGRATE_ON_START', 'PORT', 'PREFECTURE_CODE']);
    expect(error.message).toMatch(/PREFECTURE_CODE: 530200 is not a Yunnan prefecture code/);
    expect(error.message).toMatch(/DATABASE_URL: must be a postgres:\/\/ URL/);
  });
});

describe('province subgraph configuration', () => {
  it('parses a minimal environment with the documented defaults: SQLite hub database, no Redis (metric jobs off)', () => {
    expect(loadProvinceConfig({ GATEWAY_JWKS_URL: 'http://gateway:4000/.well-known/jwks.json' })).toEqual({
      database: { dialect: 'sqlite', path: 'data/province.sqlite' },
      port: 4000,
      host: '127.0.0.1',
      gatewayTrust: { keys: { jwksUrl: 'http://gateway:4000/.well-known/jwks.json' }, maxLifetimeS: 60 },
      initialShardUrls: {},
      shardUrlsOwnedByStart: false,
      migrateOnStart: true,
      redisUrl: null,
      queuePrefix: '{hub}',
    });
  });

  it('reads the initial shard URLs as JSON', () => {
    const config = loadProvinceConfig({
      GATEWAY_PUBLIC_KEYS: PUBLIC_KEYS,
      INITIAL_SHARD_URLS: '{"530100":"http://prefecture-kunming:4001/graphql"}',
      REDIS_URL: 'redis://:pw@redis:6379',
    });
    expect(config.initialShardUrls).toEqual({ '530100': 'http://prefecture-kunming:4001/graphql' });
    expect(config.redisUrl).toBe('redis://:pw@redis:6379');
  });

  it('names every bad setting', () => {
    const error = configError(loadProvinceConfig, {
      INITIAL_SHARD_URLS: '{not json',
      REDIS_URL: 'localhost:6379',
      QUEUE_PREFIX: 'hub',
      DATABASE_URL: 'sqlite:hub.db',
    });
    expect(error.message).toMatch(/^invalid province subgraph configuration/);
    expect(namedSettings(error)).toEqual([
      'DATABASE_URL',
      'GATEWAY_PUBLIC_KEYS',
      'INITIAL_SHARD_URLS',
      'QUEUE_PREFIX',
      'REDIS_URL',
    ]);
    expect(error.message).toMatch(/INITIAL_SHARD_URLS: must be a JSON object/);
    expect(error.message).toMatch(/QUEUE_PREFIX: must be a Redis hash tag/);
  });

  it('names an unknown prefecture in the initial shard URLs', () => {
    const error = configError(loadProvinceConfig, {
      GATEWAY_PUBLIC_KEYS: PUBLIC_KEYS,
      INITIAL_SHARD_URLS: '{"539999":"http://x:4001/graphql"}',
    });
    expect(error.message).toMatch(/INITIAL_SHARD_URLS\.539999: is not a prefecture code/);
  });
});

describe('gateway key settings', () => {
  const prefecture = { PREFECTURE_CODE: '530300' };
  const gateway = { PROVINCE_URL: 'http://province:4000/graphql', USER_TOKEN_SECRET: OTHER_SECRET };

  it('refuses a private key given to a subgraph', () => {
    const error = configError(loadPrefectureConfig, { ...prefecture, GATEWAY_PUBLIC_KEYS: SIGNING_KEYS });
    expect(namedSettings(error)).toEqual(['GATEWAY_PUBLIC_KEYS']);
    expect(error.message).toMatch(/key config-test-key holds a private key; subgraphs need only the public half/);
  });

  it('refuses a subgraph both key sources, and a JWKS URL that is not a URL', () => {
    const jwksUrl = 'http://gateway/.well-known/jwks.json';
    const both = configError(loadPrefectureConfig, {
      ...prefecture,
      GATEWAY_PUBLIC_KEYS: PUBLIC_KEYS,
      GATEWAY_JWKS_URL: jwksUrl,
    });
    expect(both.message).toMatch(/set exactly one of GATEWAY_PUBLIC_KEYS \(JSON JWKS\) and GATEWAY_JWKS_URL/);
    const notUrl = configError(loadProvinceConfig, { GATEWAY_JWKS_URL: 'gateway' });
    expect(notUrl.message).toMatch(/GATEWAY_JWKS_URL: must be the URL of the gateway/);
  });

  it('refuses a subgraph a maximum credential lifetime shorter than the gateway gives its credentials', () => {
    const error = configError(loadPrefectureConfig, {
      ...prefecture,
      GATEWAY_PUBLIC_KEYS: PUBLIC_KEYS,
      HUB_TOKEN_MAX_LIFETIME_S: '30',
    });
    expect(error.message).toMatch(/HUB_TOKEN_MAX_LIFETIME_S: must be at least 60/);
    const longer = loadPrefectureConfig({
      ...prefecture,
      GATEWAY_PUBLIC_KEYS: PUBLIC_KEYS,
      HUB_TOKEN_MAX_LIFETIME_S: '120',
    });
    expect(longer.gatewayTrust.maxLifetimeS).toBe(120);
  });

  it('refuses the gateway a public key to sign with, keys without kid, a repeated kid, keys of another kind', () => {
    const cases: [string, RegExp][] = [
      [PUBLIC_KEYS, /key config-test-key is only a public key; the gateway signs with private keys/],
      [JSON.stringify({ keys: [{ ...pair.privateJwk, kid: undefined }] }), /every key needs a kid/],
      [
        JSON.stringify({ keys: [pair.privateJwk, pair.privateJwk] }),
        /kid config-test-key is used by more than one key/,
      ],
      [JSON.stringify({ keys: [{ ...pair.privateJwk, crv: 'P-256' }] }), /every key must be an Ed25519 key/],
      [JSON.stringify({ keys: [] }), /must hold at least one key/],
      ['{"kty":"OKP"}', /GATEWAY_SIGNING_KEYS/],
    ];
    for (const [value, message] of cases) {
      const error = configError(loadGatewayConfig, { ...gateway, GATEWAY_SIGNING_KEYS: value });
      expect(namedSettings(error), value).toEqual(['GATEWAY_SIGNING_KEYS']);
      expect(error.message, value).toMatch(message);
    }
  });
});

describe('workers configuration', () => {
  const valid = { GATEWAY_URL: 'http://gateway:4000/graphql', USER_TOKEN_SECRET: OTHER_SECRET };

  it('parses a minimal environment with the documented defaults', () => {
    expect(loadWorkersConfig(valid)).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379',
      gatewayUrl: valid.GATEWAY_URL,
      database: { dialect: 'sqlite', path: 'data/province.sqlite' },
      userTokens: expect.objectContaining({ secret: OTHER_SECRET, issuer: 'yunnan-hub', audience: 'yunnan-hub' }),
      pageSize: 500,
      concurrency: 4,
      attempts: 3,
      backoffMs: 2_000,
      readTimeoutMs: 30_000,
      lockDurationMs: 30_000,
      stalledIntervalMs: 30_000,
      timezone: 'Asia/Shanghai',
      queuePrefix: '{hub}',
      board: { port: 4099, host: '127.0.0.1' },
      metricsListener: null,
    });
  });

  it('serves /metrics where METRICS_PORT says, and turns the board off with "off"', () => {
    const config = loadWorkersConfig({ ...valid, METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0', BOARD_PORT: 'off' });
    expect(config.metricsListener).toEqual({ port: 9464, host: '0.0.0.0' });
    expect(config.board).toBeNull();
  });

  it('names every bad setting', () => {
    const error = configError(loadWorkersConfig, {
      USER_TOKEN_SECRET: OTHER_SECRET,
      REDIS_URL: 'http://redis',
      CONCURRENCY: '0',
      PAGE_SIZE: '1000',
      TIMEZONE: 'Mars/Olympus',
      METRICS_PORT: 'on',
      BOARD_PORT: '-1',
    });
    expect(error.message).toMatch(/^invalid workers configuration/);
    expect(namedSettings(error)).toEqual([
      'BOARD_PORT',
      'CONCURRENCY',
      'GATEWAY_URL',
      'METRICS_PORT',
      'PAGE_SIZE',
      'REDIS_URL',
      'TIMEZONE',
    ]);
    expect(error.message).toMatch(/TIMEZONE: must be an IANA time zone/);
  });

  it('refuses to start without an identity towards the gateway', () => {
    const error = configError(loadWorkersConfig, { GATEWAY_URL: valid.GATEWAY_URL });
    expect(error.message).toMatch(/^\s+(GATEWAY_TOKEN|USER_TOKEN_SECRET): /m);
  });
});

/**
 * Runs a server entry point with only `env` (plus PATH) and collects how it ends. One that never
 * ends fails the test by its timeout and is killed by afterAll.
 */
async function runProcess(entry: string, env: Record<string, string>): Promise<ProcessOutcome> {
  const service = startService({ name: entry, entry, env: { PATH: process.env.PATH ?? '', ...env } });
  started.push(service);
  const { code } = await service.exited;
  return { code, output: service.output() };
}
interface ProcessOutcome {
  readonly code: number | null;
  readonly output: string;
}
const started: ServiceProcess[] = [];
afterAll(async () => {
  await Promise.all(started.map((service) => service.kill()));
});

describe('a process started with a bad setting', () => {
  it('stops at once with a message naming the setting', async () => {
    const [gateway, prefecture, province, workers] = await Promise.all([
      runProcess('gateway/server.ts', { USER_TOKEN_SECRET: OTHER_SECRET, GATEWAY_SIGNING_KEYS: SIGNING_KEYS }),
      runProcess('subgraphs/prefecture/server.ts', { PREFECTURE_CODE: '999999', GATEWAY_PUBLIC_KEYS: PUBLIC_KEYS }),
      runProcess('subgraphs/province/server.ts', { GATEWAY_PUBLIC_KEYS: SIGNING_KEYS }),
      runProcess('workers/server.ts', {
        GATEWAY_URL: 'http://127.0.0.1:1/graphql',
        USER_TOKEN_SECRET: OTHER_SECRET,
        CONCURRENCY: 'many',
      }),
    ]);
    expect(gateway.code, gateway.output).toBe(1);
    expect(gateway.output).toMatch(/invalid gateway configuration:\n\s+PROVINCE_URL: is required/);
    expect(prefecture.code, prefecture.output).toBe(1);
    expect(prefecture.output).toMatch(/PREFECTURE_CODE: 999999 is not a Yunnan prefecture code/);
    expect(province.code, province.output).toBe(1);
    expect(province.output).toMatch(
      /GATEWAY_PUBLIC_KEYS: key config-test-key holds a private key; subgraphs need only the public half/,
    );
    expect(workers.code, workers.output).toBe(1);
    expect(workers.output).toMatch(/CONCURRENCY: Expected number/);
  }, 90_000);

  it('every loader reads its settings only from the environment it is given', () => {
    // The probe sees what each loader asks for; none of them may read process.env behind its back
    // (that is what makes the compose check in compose.test.ts meaningful).
    for (const load of [loadGatewayConfig, loadPrefectureConfig, loadProvinceConfig, loadWorkersConfig]) {
      expect(settingsReadBy(load).size).toBeGreaterThan(3);
    }
    expect(settingsReadBy(loadPrefectureConfig)).toEqual(
      new Set([
        'PREFECTURE_CODE',
        'DATABASE_URL',
        'SQLITE_PATH',
        'PORT',
        'HOST',
        'GATEWAY_PUBLIC_KEYS',
        'GATEWAY_JWKS_URL',
        'HUB_TOKEN_MAX_LIFETIME_S',
        'DEMO_DATA',
        'MIGRATE_ON_START',
      ]),
    );
  });
});

describe('LOG_LEVEL', () => {
  it('falls back to the default when unset or empty (LOG_LEVEL= in an .env file), and accepts any case', () => {
    expect(logLevel(undefined, 'info')).toBe('info');
    expect(logLevel('', 'info')).toBe('info');
    expect(logLevel('  ', 'info')).toBe('info');
    expect(logLevel('DEBUG', 'info')).toBe('debug');
  });

  it('names the valid levels when given another', () => {
    expect(() => logLevel('verbose', 'info')).toThrow(
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")',
    );
  });
});

describe('SHUTDOWN_DRAIN_MS (every process)', () => {
  it('defaults to 10 s and reads a number of milliseconds', () => {
    expect(loadShutdownSettings({})).toEqual({ drainMs: 10_000 });
    expect(loadShutdownSettings({ SHUTDOWN_DRAIN_MS: '2500' })).toEqual({ drainMs: 2_500 });
  });

  it('names the setting when it is not a whole number of milliseconds up to 10 minutes', () => {
    for (const value of ['soon', '-1', '1.5', '600001']) {
      expect(namedSettings(configError(loadShutdownSettings, { SHUTDOWN_DRAIN_MS: value })), value).toEqual([
        'SHUTDOWN_DRAIN_MS',
      ]);
    }
  });
});
