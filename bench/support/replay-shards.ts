/**
 * Child process of bench/gateway.bench.ts: one "replay shard" per prefecture, on 127.0.0.1.
 * The first time a replay shard sees a request body it forwards the request to the real shard
 * (SHARD_URLS) and keeps the answer; from then on it answers that body from memory after
 * DELAY_MS of idle waiting (a timer, no CPU), as a shard on its own machine with that service time
 * would. Sixteen of them in one process therefore really work in parallel, which sixteen real
 * shards on a 2-CPU machine cannot: comparing gateways over replay shards isolates the gateway's
 * own fan-out and merge cost from the shards' CPU.
 *
 * Prints one JSON line {"msg":"replay shards ready", shards: {code: url}}.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../lib/logger.js';
import { onShutdownSignal } from '../../lib/shutdown.js';
import { HUB_TOKEN_HEADER } from '../../schema/contract/hub-credential.js';

const realUrls = JSON.parse(process.env.SHARD_URLS ?? '{}') as Record<string, string>;
const delayMs = Number(process.env.DELAY_MS ?? 10);
const logger = createLogger('bench-replay-shards');

interface Recorded {
  readonly status: number;
  readonly contentType: string;
  readonly body: Buffer;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function replayShard(realUrl: string): Server {
  const recorded = new Map<string, Promise<Recorded>>();
  // The handler answers every failure itself (502), so its promise is left to run on its own.
  return createServer((req, res) => void answerReplayed(realUrl, recorded, req, res));
}

async function answerReplayed(
  realUrl: string,
  recorded: Map<string, Promise<Recorded>>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    const body = await readBody(req);
    const key = `${req.url} ${body.toString('utf8')}`;
    let answer = recorded.get(key);
    if (!answer) {
      const token = req.headers[HUB_TOKEN_HEADER];
      answer = fetch(realUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(typeof token === 'string' ? { [HUB_TOKEN_HEADER]: token } : {}),
        },
        body,
      }).then(async (r) => ({
        status: r.status,
        contentType: r.headers.get('content-type') ?? 'application/json',
        body: Buffer.from(await r.arrayBuffer()),
      }));
      recorded.set(key, answer);
      // A failed recording is not kept: the next request tries the real shard again.
      answer.then(
        (a) => a.status !== 200 && recorded.delete(key),
        () => recorded.delete(key),
      );
    }
    const [a] = await Promise.all([answer, new Promise((resolve) => setTimeout(resolve, delayMs))]);
    res.writeHead(a.status, { 'content-type': a.contentType, 'content-length': a.body.length });
    res.end(a.body);
  } catch (error) {
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ message: `replay shard: ${(error as Error).message}` }] }));
  }
}

const servers: Server[] = [];
const urls: Record<string, string> = {};
for (const [code, realUrl] of Object.entries(realUrls)) {
  const server = replayShard(realUrl);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  servers.push(server);
  urls[code] = `http://127.0.0.1:${(server.address() as AddressInfo).port}${new URL(realUrl).pathname}`;
}
onShutdownSignal(logger, async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
logger.info({ shards: urls, delayMs }, 'replay shards ready');
