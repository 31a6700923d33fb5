/**
 * One-machine mode owns its shards: `npm start` (scripts/start.ts, a real child process with its
 * real children) in a temporary HUB_DATA_DIR, stopped with Ctrl-C, then started again on other
 * ports. The province registry in <data>/province.sqlite still holds the first start's URLs then;
 * the second start must re-point it at the shards it just started, so the gateway serves all 16.
 * Every port is 0 (the OS picks; start.ts reports the real ones), so nothing is picked and reused.
 * The data folder is kept between the starts: demo data is generated once.
 *
 * Redis at 127.0.0.1:6379 (the shared one) runs the workers too, under a queue prefix of this test
 * that is deleted afterwards.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREFECTURES } from '../../schema/prefectures.js';
import type { DevHubUrls } from '../../lib/one-machine/hub-url.js';
import { gatewayShards, type ShardView } from '../../scripts/dev-shard-report.js';
import { printed, startOneMachineHub, type OneMachineHub } from '../support/one-machine-process.js';

const run = promisify(execFile);
const QUEUE_PREFIX = `{one-machine-test-${process.pid}}`;
const ALL_PORTS_FROM_THE_OS = {
  GATEWAY_PORT: '0',
  PROVINCE_PORT: '0',
  SHARD_BASE_PORT: '0',
  BOARD_PORT: '0',
  WORKER_METRICS_PORT: '0',
};
const START_TIMEOUT_MS = 180_000;

let dataDir: string;
let hub: OneMachineHub | null = null;
const env = () => ({ HUB_DATA_DIR: dataDir, QUEUE_PREFIX, ...ALL_PORTS_FROM_THE_OS });

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'hub-one-machine-'));
});

afterAll(async () => {
  await hub?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const keys = await redis.keys(`${QUEUE_PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}, 60_000);

/** An admin token from `npm run token` (reads HUB_DATA_DIR), and the hub URL it says it is for. */
async function adminTokenFromCli(): Promise<{ token: string; hubUrl: string }> {
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/dev-token.ts', 'admin'], {
    env: { ...process.env, HUB_DATA_DIR: dataDir, USER_TOKEN_SECRET: '', GATEWAY_URL: '' },
  });
  return { token: stdout.trim(), hubUrl: printed(stderr, /for the hub at (\S+)/) };
}

interface StartedHub {
  readonly console: string;
  readonly gatewayUrl: string;
  readonly adminToken: string;
  readonly shards: ShardView[];
}

async function startAndReadShards(): Promise<StartedHub> {
  hub = startOneMachineHub(env());
  const console = await hub.ready;
  const gatewayUrl = printed(console, /Gateway ready: (\S+)/);
  const { token, hubUrl } = await adminTokenFromCli();
  expect(hubUrl).toBe(gatewayUrl);
  return { console, gatewayUrl, adminToken: token, shards: await gatewayShards(gatewayUrl, token) };
}

/** The URLs the shard host of the latest start listened on, from its ready line in <data>/logs. */
function shardUrlsLastStarted(): Record<string, string> {
  const readyLines = readFileSync(join(dataDir, 'logs', 'prefecture-shards.log'), 'utf8')
    .split('\n')
    .filter((line) => line.includes('"msg":"prefecture shards ready"'));
  expect(readyLines.length, 'ready lines of the shard host').toBeGreaterThan(0);
  return (JSON.parse(readyLines.at(-1)!) as { shards: Record<string, string> }).shards;
}

/** The registry changes audited as made by a one-machine start, newest first. */
async function startReplacements(started: StartedHub): Promise<Record<string, [string, string]>[]> {
  const response = await fetch(started.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${started.adminToken}` },
    body: JSON.stringify({ query: '{ auditLog(first: 50) { action actorSubject details } }' }),
  });
  const body = (await response.json()) as {
    data: { auditLog: { action: string; actorSubject: string; details: string }[] };
  };
  return body.data.auditLog
    .filter((entry) => entry.actorSubject === 'one-machine-start' && entry.action === 'registerPrefectureShard')
    .map((entry) => (JSON.parse(entry.details) as { replaced: Record<string, [string, string]> }).replaced);
}

describe('npm start (one-machine mode)', () => {
  let firstUrls: Map<string, string | null>;

  it(
    'serves all 16 shards on first start and writes where it serves to hub-url.json',
    async () => {
      const first = await startAndReadShards();
      expect(first.console).toContain(`(${PREFECTURES.length} of ${PREFECTURES.length} prefecture shards serving)`);
      expect(first.shards.filter((s) => s.state === 'SERVING')).toHaveLength(PREFECTURES.length);
      // A fresh registry is seeded, not replaced: nothing to audit yet.
      expect(await startReplacements(first)).toEqual([]);
      firstUrls = new Map(first.shards.map((s) => [s.prefectureCode, s.url]));

      const stored = JSON.parse(readFileSync(join(dataDir, 'hub-url.json'), 'utf8')) as DevHubUrls;
      const origin = new URL(first.gatewayUrl).origin;
      expect(stored).toEqual({
        gateway: first.gatewayUrl,
        dashboard: `${origin}/dashboard`,
        board: expect.any(String),
      });
      expect(first.console).toContain(`Dashboard: ${origin}/dashboard?token=`);
      // The link's viewer token lives one hour (a copied link opens the read-only view that long).
      const linkToken = new RegExp(`Dashboard: ${origin}/dashboard\\?token=([\\w.-]+)`).exec(first.console)![1];
      const claims = JSON.parse(Buffer.from(linkToken.split('.')[1], 'base64url').toString()) as Record<
        string,
        unknown
      >;
      expect(claims).toMatchObject({ role: 'viewer' });
      expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
      const dashboard = await fetch(stored.dashboard);
      expect(dashboard.status).toBe(200);
      expect(dashboard.headers.get('content-type')).toMatch(/text\/html/);

      expect(await hub!.stop()).toBe(0);
    },
    START_TIMEOUT_MS,
  );

  it(
    'on a second start on other ports, re-points the registry at its new shards: 16 of 16 serving',
    async () => {
      const second = await startAndReadShards();
      const started = shardUrlsLastStarted();
      // The premise: the registry held other URLs (those of the first start, no longer listening).
      for (const p of PREFECTURES) expect(started[p.code], p.code).not.toBe(firstUrls.get(p.code));
      expect(second.shards.map((s) => [s.prefectureCode, s.state, s.url])).toEqual(
        PREFECTURES.map((p) => [p.code, 'SERVING', started[p.code]]),
      );
      expect(second.console).toContain(`(${PREFECTURES.length} of ${PREFECTURES.length} prefecture shards serving)`);
      expect(second.console).not.toContain('Not serving');
      // Each replaced URL is audited: from the first start's to this one's.
      const [replaced] = await startReplacements(second);
      expect(replaced).toEqual(
        Object.fromEntries(second.shards.map((s) => [s.prefectureCode, [firstUrls.get(s.prefectureCode), s.url]])),
      );
    },
    START_TIMEOUT_MS,
  );

  it('refuses to start on a port another process holds, naming the port and its setting', async () => {
    const taken = new URL(printed(hub!.output(), /Gateway ready: (\S+)/)).port;
    const third = startOneMachineHub({ ...env(), GATEWAY_PORT: taken });
    await expect(third.ready).rejects.toThrow(
      new RegExp(`port ${taken} \\(gateway, GATEWAY_PORT\\): taken by another process`),
    );
    expect(await third.exited).toBe(1);
  }, 60_000);
});
