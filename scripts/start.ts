/**
 * One-machine mode: all 16 prefecture shards (a SQLite file each, demo data on first start), the
 * province subgraph, the gateway and (with Redis) the metric workers, as separate processes. It owns
 * the shards it starts: the registry is re-pointed at them on every start. Prints the URLs, tokens
 * and a sample query, and writes the gateway URL to <data>/hub-url.json; Ctrl-C stops everything.
 */
import { join } from 'node:path';
import { Socket } from 'node:net';
import { mintUserToken } from '../lib/auth/mint-user-token.js';
import { parseConfig } from '../lib/parse-config.js';
import type { Actor } from '../schema/contract/hub-credential.js';
import { PREFECTURES } from '../schema/prefectures.js';
import { hubDataDir } from '../lib/one-machine/data-dir.js';
import { writeDevHubUrls } from '../lib/one-machine/hub-url.js';
import { describeUnavailablePorts, unavailablePorts, type PlannedPort } from './dev-ports.js';
import {
  DEV_TOKEN_AUDIENCE,
  DEV_TOKEN_ISSUER,
  gatewayKeySettings,
  loadOrCreateDevGatewayKeys,
  loadOrCreateDevSecrets,
  subgraphKeySettings,
} from '../lib/auth/dev-secrets.js';
import { describeNonServing, gatewayShards } from './dev-shard-report.js';
import { startService, type LogEntry, type ServiceProcess } from './service-process.js';
import { oneMachineSettingsSchema, type OneMachineSettings } from './start-settings.js';

const settings = parseConfig('one-machine start', oneMachineSettingsSchema, process.env);
const DATA_DIR = hubDataDir({ HUB_DATA_DIR: settings.HUB_DATA_DIR });
const LOG_DIR = join(DATA_DIR, 'logs');
const PROVINCE_DB = join(DATA_DIR, 'province.sqlite');
const REDIS_URL = 'redis://127.0.0.1:6379';
const TOKEN_OPTIONS = { issuer: DEV_TOKEN_ISSUER, audience: DEV_TOKEN_AUDIENCE };
const ADMIN: Omit<Actor, 'requestId'> = { subject: 'admin-dev', role: 'admin' };
// The children read the same folder (token and metrics CLIs run from their environment too).
process.env.HUB_DATA_DIR = DATA_DIR;
const secrets = loadOrCreateDevSecrets();
const services: ServiceProcess[] = [];

/**
 * Starts a service with its JSON logs in <data>/logs/<name>.log (errors echoed here) and resolves
 * with its `readyMsg` log entry. No timeout of its own: the first start generates demo data, which
 * takes as long as the machine needs, and Ctrl-C stops the wait.
 */
function start(name: string, entry: string, env: Record<string, string>, readyMsg: string): Promise<LogEntry> {
  const service = startService({
    name,
    entry,
    env: { ...process.env, ...env },
    logFile: join(LOG_DIR, `${name}.log`),
    keepLines: 200,
    echoLevel: 50,
  });
  services.push(service);
  return service.waitForMessage(readyMsg, Number.POSITIVE_INFINITY);
}

async function main(): Promise<void> {
  console.log(`Starting the Yunnan investment hub (first start generates demo data; logs in ${LOG_DIR}/)…`);
  const redisUp = await redisReachable();
  const taken = await unavailablePorts(plannedPorts(settings, redisUp));
  if (taken.length > 0) throw new Error(describeUnavailablePorts(taken));
  // The gateway alone gets the private key; the subgraphs get the public half, so none of them can sign.
  const gatewayKeys = await loadOrCreateDevGatewayKeys();
  const trustGateway = subgraphKeySettings(gatewayKeys);
  const shardsReady = await start(
    'prefecture-shards',
    'subgraphs/prefecture/multi-server.ts',
    {
      PREFECTURE_CODES: 'all',
      BASE_PORT: String(settings.SHARD_BASE_PORT),
      DATA_DIR,
      ...trustGateway,
      DEMO_DATA: 'auto',
    },
    'prefecture shards ready',
  );
  const shardUrls = shardsReady.shards as Record<string, string>;
  const shardPorts = Object.values(shardUrls)
    .map((url) => Number(new URL(url).port))
    .sort((a, b) => a - b);
  console.log(`  ${shardPorts.length} prefecture subgraphs on ports ${shardPorts[0]}–${shardPorts.at(-1)}`);

  // This start owns the shards it just started: their URLs replace whatever an earlier start registered.
  const provinceReady = await start(
    'province',
    'subgraphs/province/server.ts',
    {
      PORT: String(settings.PROVINCE_PORT),
      SQLITE_PATH: PROVINCE_DB,
      ...trustGateway,
      INITIAL_SHARD_URLS: JSON.stringify(shardUrls),
      SHARD_URLS_OWNED_BY_START: 'true',
      ...(redisUp ? { REDIS_URL } : {}),
    },
    'province subgraph ready',
  );
  // Behind the gateway like the shards: it answers only credentials the gateway signs.
  console.log(`  province subgraph on ${provinceReady.url as string} (reached through the gateway)`);

  const gatewayReady = await start(
    'gateway',
    'gateway/server.ts',
    {
      PORT: String(settings.GATEWAY_PORT),
      PROVINCE_URL: provinceReady.url as string,
      ...gatewayKeySettings(gatewayKeys),
      USER_TOKEN_SECRET: secrets.userTokenSecret,
      USER_TOKEN_ISSUER: DEV_TOKEN_ISSUER,
      USER_TOKEN_AUDIENCE: DEV_TOKEN_AUDIENCE,
    },
    'gateway ready',
  );
  const gatewayUrl = gatewayReady.url as string;
  let boardUrl: string | null = null;
  if (redisUp) {
    const workersReady = await start(
      'workers',
      'workers/server.ts',
      {
        GATEWAY_URL: gatewayUrl,
        REDIS_URL,
        SQLITE_PATH: PROVINCE_DB,
        BOARD_PORT: String(settings.BOARD_PORT),
        METRICS_PORT: String(settings.WORKER_METRICS_PORT),
        USER_TOKEN_SECRET: secrets.userTokenSecret,
        USER_TOKEN_ISSUER: DEV_TOKEN_ISSUER,
        USER_TOKEN_AUDIENCE: DEV_TOKEN_AUDIENCE,
      },
      'metric workers ready',
    );
    boardUrl = workersReady.board === 'off' ? null : (workersReady.board as string);
  }
  const dashboardUrl = `${new URL(gatewayUrl).origin}/dashboard`;
  const urlFile = writeDevHubUrls({ gateway: gatewayUrl, dashboard: dashboardUrl, board: boardUrl });
  await printWelcome(gatewayUrl, dashboardUrl, urlFile, gatewayReady.shardsServing as number, boardUrl);
  if (!redisUp) {
    console.warn(
      '\nRedis is not reachable at 127.0.0.1:6379: metric jobs are off; everything else serves as usual.\n' +
        'Start Redis, then npm start again: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --appendonly yes --maxmemory-policy noeviction',
    );
  }
  console.log('\nPress Ctrl-C to stop.');
}

/** Every fixed port the processes will listen on, so a taken one is named before anything starts. */
function plannedPorts(s: OneMachineSettings, withWorkers: boolean): PlannedPort[] {
  const planned: PlannedPort[] = [
    { port: s.GATEWAY_PORT, owner: 'gateway, GATEWAY_PORT' },
    { port: s.PROVINCE_PORT, owner: 'province subgraph, PROVINCE_PORT' },
  ];
  if (s.SHARD_BASE_PORT !== 0) {
    PREFECTURES.forEach((p, i) =>
      planned.push({ port: s.SHARD_BASE_PORT + i, owner: `shard ${p.code} ${p.nameEn}, SHARD_BASE_PORT+${i}` }),
    );
  }
  if (withWorkers && s.BOARD_PORT !== 'off') planned.push({ port: s.BOARD_PORT, owner: 'queue dashboard, BOARD_PORT' });
  if (withWorkers && s.WORKER_METRICS_PORT !== 'off') {
    planned.push({ port: s.WORKER_METRICS_PORT, owner: 'workers’ metrics, WORKER_METRICS_PORT' });
  }
  return planned;
}

/** Lifetime of the viewer token in the printed dashboard link. */
const DASHBOARD_LINK_LIFETIME = '1h';

async function printWelcome(
  url: string,
  dashboardUrl: string,
  urlFile: string,
  serving: number,
  boardUrl: string | null,
): Promise<void> {
  const options = { secret: secrets.userTokenSecret, ...TOKEN_OPTIONS };
  const actors: Omit<Actor, 'requestId'>[] = [
    { subject: 'viewer-dev', role: 'viewer' },
    { subject: 'analyst-dev', role: 'analyst' },
    { subject: 'officer-530100', role: 'officer', prefectureCode: '530100' },
    ADMIN,
  ];
  console.log(`\nGateway ready: ${url}  (${serving} of ${PREFECTURES.length} prefecture shards serving)`);
  if (serving < PREFECTURES.length) await reportNonServing(url, await mintUserToken(ADMIN, options));
  const viewer = await mintUserToken(actors[0], options);
  // The link's own viewer token lives an hour: a link copied from a terminal or its scrollback opens
  // the read-only dashboard for that hour only. The page moves it out of the address at once.
  const linkToken = await mintUserToken(actors[0], options, DASHBOARD_LINK_LIFETIME);
  console.log(
    `Dashboard: ${dashboardUrl}?token=${linkToken}\n  (viewer, read-only; the link's token expires in 1 h, then the page asks for one: npm run token -- viewer)` +
      `\n(URLs written to ${urlFile}; npm run metrics and npm run token use them)`,
  );
  console.log('\nTokens (12 h; more with `npm run token -- <role>`):');
  for (const actor of actors) {
    console.log(
      `  ${actor.role}${actor.prefectureCode ? ` ${actor.prefectureCode}` : ''}: ${await mintUserToken(actor, options)}`,
    );
  }
  const query =
    '{ projectStats(filter: {cohortYears: [2018], signingLevels: [PROVINCIAL_MAJOR_EVENT]}) { signed byStage { preparing underConstruction operating } } }';
  console.log(
    `\nSample query (the seed's 2018 cohort: 110 signed, 26 preparing, 53 under construction, 5 operating):\n` +
      `  curl -s ${url} -H 'content-type: application/json' -H 'authorization: Bearer ${viewer}' \\\n` +
      `    -d '${JSON.stringify({ query })}'`,
  );
  if (boardUrl) {
    const admin = await mintUserToken(ADMIN, options);
    console.log(
      `\nMetric jobs: npm run metrics -- run   (nightly at 02:00 Asia/Shanghai; npm run metrics -- status)` +
        `\nQueue dashboard (admins): ${boardUrl}/login?token=${admin}`,
    );
  }
}

/** Says which prefectures do not serve and why, as the gateway's `shards` query sees them. */
async function reportNonServing(gatewayUrl: string, adminToken: string): Promise<void> {
  const names = new Map(PREFECTURES.map((p) => [p.code, p.nameEn]));
  try {
    const lines = describeNonServing(await gatewayShards(gatewayUrl, adminToken), names);
    console.warn(
      `Not serving (their queries answer PREFECTURE_UNAVAILABLE; shard logs: ${LOG_DIR}/prefecture-shards.log):`,
    );
    for (const line of lines) console.warn(line);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.warn(`Could not ask the gateway which shards do not serve: ${reason}`);
  }
}

/** Metric jobs (workers) need Redis; everything else serves without it. */
function redisReachable(): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = new Socket().setTimeout(1000);
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket
      .once('connect', () => done(true))
      .once('error', () => done(false))
      .once('timeout', () => done(false));
    socket.connect(6379, '127.0.0.1');
  });
}

let stopping = false;
async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nStopping…');
    // No deadline: the workers finish the jobs they hold, which may take minutes.
    await Promise.all(services.reverse().map((s) => s.stop(Number.POSITIVE_INFINITY)));
  }
  process.exit(code);
}
process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));
main().catch(async (error: Error) => {
  console.error(`\nCould not start: ${error.message}`);
  await stopAll(1);
});
