import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResultsVersionPoller } from '../../gateway/cache/results-version-poller.js';
import { createLogger } from '../../lib/logger.js';

/**
 * A province stand-in on loopback whose first answer is slow and names the version as it was
 * when the request arrived; every later request sees the version a metric run has since written.
 */
describe('the results version poller', () => {
  let server: Server;
  let url: string;
  let requests = 0;
  let overlapped = false;
  let inFlight = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const number = ++requests;
      inFlight += 1;
      if (inFlight > 1) overlapped = true;
      req.resume();
      const version = number === 1 ? 'before-the-run' : 'after-the-run';
      setTimeout(
        () => {
          inFlight -= 1;
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ data: { resultsVersion: version } }));
        },
        number === 1 ? 400 : 0,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('never lets a slow older answer set the version back over a newer one', async () => {
    const seen: (string | null)[] = [];
    const poller = new ResultsVersionPoller({
      provinceUrl: url,
      cache: { setResultsVersion: (version) => void seen.push(version) },
      registryToken: () => Promise.resolve('unused-by-the-stand-in'),
      intervalMs: 60_000,
      timeoutMs: 5_000,
      logger: createLogger('test-poller'),
    });
    // The first poll is slow; a refresh asked for meanwhile (as `GatewayApp.refresh` does) must
    // read after it, so the version it leaves is the newer one.
    const slow = poller.pollNow();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await Promise.all([slow, poller.pollNow()]);
    poller.stop();

    expect(overlapped).toBe(false);
    expect(requests).toBe(2);
    expect(seen).toEqual(['before-the-run', 'after-the-run']);
  });
});
