/**
 * What `npm start` says when something is in the way: a port another process holds (found by
 * really listening on it) and shards the gateway does not serve (from its `shards` answer).
 */
import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { describeUnavailablePorts, unavailablePorts } from '../../scripts/dev-ports.js';
import { describeNonServing, type ShardView } from '../../scripts/dev-shard-report.js';

const held: Server[] = [];
afterAll(() => held.forEach((server) => server.close()));

function holdAPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    held.push(server);
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('no TCP address'));
      else resolve(address.port);
    });
  });
}

describe('taken ports', () => {
  it('names only the ports another process holds, with their settings; port 0 is never checked', async () => {
    const taken = await holdAPort();
    const free = await holdAPort();
    held.pop()!.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const found = await unavailablePorts([
      { port: taken, owner: 'gateway, GATEWAY_PORT' },
      { port: free, owner: 'province subgraph, PROVINCE_PORT' },
      { port: 0, owner: 'queue dashboard, BOARD_PORT' },
    ]);
    expect(found).toEqual([{ port: taken, owner: 'gateway, GATEWAY_PORT', reason: 'EADDRINUSE' }]);
    expect(describeUnavailablePorts(found)).toContain(
      `port ${taken} (gateway, GATEWAY_PORT): taken by another process`,
    );
  });
});

describe('shards not serving', () => {
  const shard = (code: string, state: string, extra: Partial<ShardView> = {}): ShardView => ({
    prefectureCode: code,
    state,
    url: `http://127.0.0.1:4101/graphql`,
    lastError: null,
    candidateUrl: null,
    candidateError: null,
    ...extra,
  });

  it('lists each one with its state, URL and why; the serving ones not at all', () => {
    const lines = describeNonServing(
      [
        shard('530100', 'SERVING'),
        shard('530300', 'UNAVAILABLE', { lastError: 'UNREACHABLE: connect ECONNREFUSED 127.0.0.1:4101' }),
        shard('530400', 'UNREGISTERED', { url: null }),
        shard('530500', 'SERVING', {
          candidateUrl: 'http://127.0.0.1:9/graphql',
          candidateError: 'INCOMPATIBLE: missing field',
        }),
      ],
      new Map([
        ['530300', 'Qujing'],
        ['530400', 'Yuxi'],
      ]),
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^ {2}530300 Qujing: UNAVAILABLE at http:\/\/127\.0\.0\.1:4101\/graphql — UNREACHABLE: connect ECONNREFUSED/,
    );
    expect(lines[1]).toMatch(/^ {2}530400 Yuxi: UNREGISTERED at no URL — no error recorded yet$/);
  });
});
