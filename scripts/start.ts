/**
 * One-machine mode: all 16 prefecture shards (a SQLite file each, demo data on first start), the
 * province subgraph and the gateway, as separate processes. Prints the URL, tokens and a sample
 * query; Ctrl-C stops everything.
 */
import { Socket } from 'node:net';
import { mintUserToken } from '../lib/auth/mint-user-token.js';
import type { Actor } from '../schema/contract/hub-credential.js';
import {
  DEV_TOKEN_AUDIENCE, DEV_TOKEN_ISSUER, gatewayKeySettings, loadOrCreateDevGatewayKeys, loadOrCreateDevSecrets, subgraphKeySettings,
} from '../lib/auth/dev-secrets.js';
import { parseConfig } from '../lib/parse-config.js';
import { startService, type ServiceProcess } from './service-process.js';
import { oneMachineSettingsSchema } from './start-settings.js';

const { GATEWAY_PORT, PROVINCE_PORT, SHARD_BASE_PORT, BOARD_PORT, WORKER_METRICS_PORT } =
  parseConfig('one-machine start', oneMachineSettingsSchema, process.env);
const REDIS_URL = 'redis://127.0.0.1:6379';
const secrets = loadOrCreateDevSecrets();
const services: ServiceProcess[] = [];
const msgIs = (msg: string) => (entry: Record<string, unknown>) => entry.msg === msg;

async function main(): Promise<void> {
  console.log('Starting the Yunnan investment hub (first start generates demo data; logs in data/logs/)…');
  const redisUp = await redisReachable();
  // The gateway alone gets the private key; the subgraphs get the public half, so none of them can sign.
  const gatewayKeys = await loadOrCreateDevGatewayKeys();
  const trustGateway = subgraphKeySettings(gatewayKeys);
  const shards = startService('prefecture-shards', 'subgraphs/prefecture/multi-server.ts', {
    PREFECTURE_CODES: 'all', BASE_PORT: SHARD_BASE_PORT, DATA_DIR: 'data', ...trustGateway, DEMO_DATA: 'auto',
  }, msgIs('prefecture shards ready'));
  services.push(shards);
  const shardUrls = (await shards.ready).shards as Record<string, string>;
  console.log(`  ${Object.keys(shardUrls).length} prefecture subgraphs on ports ${SHARD_BASE_PORT}–${Number(SHARD_BASE_PORT) + 15}`);

  const province = startService('province', 'subgraphs/province/server.ts', {
    PORT: PROVINCE_PORT, SQLITE_PATH: 'data/province.sqlite', ...trustGateway,
    INITIAL_SHARD_URLS: JSON.stringify(shardUrls), ...(redisUp ? { REDIS_URL } : {}),
  }, msgIs('province subgraph ready'));
  services.push(province);
  const provinceUrl = (await province.ready).url as string;

  const gateway = startService('gateway', 'gateway/server.ts', {
    PORT: GATEWAY_PORT, PROVINCE_URL: provinceUrl, ...gatewayKeySettings(gatewayKeys),
    USER_TOKEN_SECRET: secrets.userTokenSecret, USER_TOKEN_ISSUER: DEV_TOKEN_ISSUER, USER_TOKEN_AUDIENCE: DEV_TOKEN_AUDIENCE,
  }, msgIs('gateway ready'));
  services.push(gateway);
  const ready = await gateway.ready;
  let boardUrl: string | null = null;
  if (redisUp) {
    const workers = startService('workers', 'workers/server.ts', {
      GATEWAY_URL: ready.url as string, REDIS_URL, SQLITE_PATH: 'data/province.sqlite', BOARD_PORT: BOARD_PORT, METRICS_PORT: WORKER_METRICS_PORT,
      USER_TOKEN_SECRET: secrets.userTokenSecret, USER_TOKEN_ISSUER: DEV_TOKEN_ISSUER, USER_TOKEN_AUDIENCE: DEV_TOKEN_AUDIENCE,
    }, msgIs('metric workers ready'));
    services.push(workers);
    boardUrl = (await workers.ready).board as string;
  }
  await printWelcome(ready.url as string, ready.shardsServing as number, boardUrl);
  if (!redisUp) {
    console.warn('\nRedis is not reachable at 127.0.0.1:6379: metric jobs are off; everything else serves as usual.\n' +
      'Start Redis, then npm start again: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --appendonly yes --maxmemory-policy noeviction');
  }
}

async function printWelcome(url: string, serving: number, boardUrl: string | null): Promise<void> {
  const options = { secret: secrets.userTokenSecret, issuer: DEV_TOKEN_ISSUER, audience: DEV_TOKEN_AUDIENCE };
  const actors: Omit<Actor, 'requestId'>[] = [
    { subject: 'viewer-dev', role: 'viewer' },
    { subject: 'analyst-dev', role: 'analyst' },
    { subject: 'officer-530100', role: 'officer', prefectureCode: '530100' },
    { subject: 'admin-dev', role: 'admin' },
  ];
  console.log(`\nGateway ready: ${url}  (${serving} of 16 prefecture shards serving)\n\nTokens (12 h; more with \`npm run token -- <role>\`):`);
  for (const actor of actors) {
    console.log(`  ${actor.role}${actor.prefectureCode ? ` ${actor.prefectureCode}` : ''}: ${await mintUserToken(actor, options)}`);
  }
  const viewer = await mintUserToken(actors[0], options);
  const query = '{ projectStats(filter: {cohortYears: [2018], signingLevels: [PROVINCIAL_MAJOR_EVENT]}) { signed byStage { preparing underConstruction operating } } }';
  console.log(`\nSample query (the seed's 2018 cohort: 110 signed, 26 preparing, 53 under construction, 5 operating):\n` +
    `  curl -s ${url} -H 'content-type: application/json' -H 'authorization: Bearer ${viewer}' \\\n` +
    `    -d '${JSON.stringify({ query })}'`);
  if (boardUrl) {
    const admin = await mintUserToken(actors[3], options);
    console.log(`\nMetric jobs: npm run metrics -- run   (nightly at 02:00 Asia/Shanghai; npm run metrics -- status)` +
      `\nQueue dashboard (admins): ${boardUrl}/login?token=${admin}`);
  }
  console.log('\nPress Ctrl-C to stop.');
}

/** Metric jobs (workers) need Redis; everything else serves without it. */
function redisReachable(): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = new Socket().setTimeout(1000);
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.once('connect', () => done(true)).once('error', () => done(false)).once('timeout', () => done(false));
    socket.connect(6379, '127.0.0.1');
  });
}

let stopping = false;
async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nStopping…');
    await Promise.all(services.reverse().map((s) => s.stop()));
  }
  process.exit(code);
}
process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));
main().catch(async (error: Error) => {
  console.error(`\nCould not start: ${error.message}`);
  await stopAll(1);
});
