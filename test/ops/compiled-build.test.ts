/**
 * Production runs compiled JavaScript: `npm run build` (tsc with tsconfig.build.json, then the asset
 * copy), and the compiled entry points docker-compose.yml names start with
 * `node --enable-source-maps dist/…/*.js` from the project root, as in the image, and serve: a
 * prefecture subgraph (migrations, demo data), the province subgraph (registry, migrations), the
 * gateway (supergraph, contract check, dashboard files) and a metric worker (Redis, queue
 * dashboard). A file the compiled code reads at run time but dist/ lacks fails here.
 *
 * The worker needs the shared Redis at 127.0.0.1:6379 (under a queue prefix of this test, deleted
 * afterwards); it fails loudly when Redis is missing.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintUserToken } from '../../lib/auth/mint-user-token.js';
import { TEST_USER_TOKENS } from '../../bench/support/hub-harness.js';
import { ADMIN, TEST_PUBLIC_KEYS, TEST_SIGNING_KEYS, VIEWER } from '../../bench/support/hub-tokens.js';
import { killServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';

const run = promisify(execFile);
const COMPILED = ['--enable-source-maps'];
const QUEUE_PREFIX = `{compiled-test-${process.pid}}`;
const PREFECTURE = '530100';
const userTokenEnv = {
  USER_TOKEN_SECRET: TEST_USER_TOKENS.secret ?? '',
  USER_TOKEN_ISSUER: TEST_USER_TOKENS.issuer,
  USER_TOKEN_AUDIENCE: TEST_USER_TOKENS.audience,
};

let dir: string;
const processes: Record<string, ServerProcess> = {};

/** The compiled entry point at `script`, on a port the OS picks; resolves with the URL its ready line names. */
async function startCompiled(script: string, env: Record<string, string>, readyMsg: string): Promise<string> {
  expect(existsSync(script), `${script} was not built`).toBe(true);
  const started = await startServerProcess(script, env, readyMsg, { nodeArgs: COMPILED });
  processes[script] = started;
  const ready = await started.waitForMessage(readyMsg);
  return String(ready.url ?? ready.board);
}

async function graphql(
  url: string,
  token: string,
  query: string,
): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hub-compiled-'));
  await run('npm', ['run', '--silent', 'build'], { maxBuffer: 10 * 1024 * 1024 });
}, 300_000);

afterAll(async () => {
  await killServerProcesses();
  rmSync(dir, { recursive: true, force: true });
  const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const keys = await redis.keys(`${QUEUE_PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('the compiled hub (npm run build, node --enable-source-maps dist/…)', () => {
  let gatewayUrl: string;

  it('starts a prefecture subgraph, the province subgraph and the gateway from dist/, and they serve', async () => {
    const shardUrl = await startCompiled(
      'dist/subgraphs/prefecture/server.js',
      {
        PREFECTURE_CODE: PREFECTURE,
        SQLITE_PATH: join(dir, 'prefecture.sqlite'),
        DEMO_DATA: 'auto',
        GATEWAY_PUBLIC_KEYS: JSON.stringify(TEST_PUBLIC_KEYS),
      },
      'prefecture subgraph ready',
    );
    const provinceUrl = await startCompiled(
      'dist/subgraphs/province/server.js',
      {
        SQLITE_PATH: join(dir, 'province.sqlite'),
        GATEWAY_PUBLIC_KEYS: JSON.stringify(TEST_PUBLIC_KEYS),
        INITIAL_SHARD_URLS: JSON.stringify({ [PREFECTURE]: shardUrl }),
      },
      'province subgraph ready',
    );
    gatewayUrl = await startCompiled(
      'dist/gateway/server.js',
      {
        PROVINCE_URL: provinceUrl,
        GATEWAY_SIGNING_KEYS: JSON.stringify(TEST_SIGNING_KEYS),
        ...userTokenEnv,
      },
      'gateway ready',
    );

    const admin = await mintUserToken(ADMIN, TEST_USER_TOKENS);
    const shards = await graphql(gatewayUrl, admin, '{ shards { prefectureCode state } }');
    expect(shards.errors).toBeUndefined();
    const states = shards.data!.shards as { prefectureCode: string; state: string }[];
    expect(states.find((s) => s.prefectureCode === PREFECTURE)?.state).toBe('SERVING');

    const viewer = await mintUserToken(VIEWER, TEST_USER_TOKENS);
    const stats = await graphql(
      gatewayUrl,
      viewer,
      `{ projectStats(filter: {prefectures: ["${PREFECTURE}"]}) { signed } }`,
    );
    expect(stats.errors).toBeUndefined();
    expect((stats.data!.projectStats as { signed: number }).signed).toBeGreaterThan(0);
    const names = await graphql(gatewayUrl, viewer, `{ prefecture(code: "${PREFECTURE}") { nameEn shard { state } } }`);
    expect(names.data).toEqual({ prefecture: { nameEn: 'Kunming', shard: { state: 'SERVING' } } });
  }, 120_000);

  it('serves the dashboard files copied into dist/', async () => {
    const origin = new URL(gatewayUrl).origin;
    for (const path of ['/dashboard', '/dashboard/app.js', '/dashboard/dashboard.css', '/dashboard/prefectures.json']) {
      const response = await fetch(`${origin}${path}`);
      expect(response.status, path).toBe(200);
    }
  });

  it('starts a metric worker from dist/ with its queue dashboard', async () => {
    const boardUrl = await startCompiled(
      'dist/workers/server.js',
      {
        GATEWAY_URL: gatewayUrl,
        REDIS_URL: 'redis://127.0.0.1:6379',
        QUEUE_PREFIX,
        SQLITE_PATH: join(dir, 'province.sqlite'),
        BOARD_PORT: '0',
        ...userTokenEnv,
      },
      'metric workers ready',
    );
    const response = await fetch(`${boardUrl}/login`);
    expect(response.status).toBeLessThan(500);
  }, 60_000);
});
