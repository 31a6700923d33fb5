/**
 * A captured credential replayed to its own shard just after its `exp`: subgraphs accept a
 * credential up to CLOCK_SKEW_S past its expiry (clocks differ), so its id must be remembered at
 * least that long, or the replay lands in that window. Real shard over loopback HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOCK_SKEW_S } from '../../subgraphs/lib/auth/verify-credential.js';
import { craftCredential } from '../../bench/support/hub-tokens.js';
import { startPrefectureHarness, type PrefectureHarness } from '../../bench/support/prefecture-harness.js';

const CODE = '530100';
const STATS = '{ projectStats { total } }';

async function post(url: string, token: string): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-token': token },
    body: JSON.stringify({ query: STATS }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a credential replayed to its own shard right after it expired', () => {
  let shard: PrefectureHarness;
  let url: string;

  beforeAll(async () => {
    shard = await startPrefectureHarness('sqlite', CODE);
    url = await shard.app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await shard?.close();
  });

  it('is refused as already used while the clock tolerance would still let it through', async () => {
    // A one-second credential, used once as the gateway would use it.
    const issuedAt = Math.floor(Date.now() / 1000);
    const token = await craftCredential({ audience: CODE, issuedAt, lifetimeS: 1 });
    expect((await post(url, token)).status).toBe(200);
    // Past its exp, well inside the tolerance.
    await sleep(Math.max(0, (issuedAt + 1) * 1000 + 1_200 - Date.now()));
    expect(Date.now()).toBeLessThan((issuedAt + 1 + CLOCK_SKEW_S) * 1000);
    const replay = await post(url, token);
    expect(replay.status, JSON.stringify(replay.body)).toBe(401);
    expect(replay.body.errors?.[0].message).toMatch(/already used/);
    expect(replay.body.data).toBeUndefined();
  });

  it('is refused as expired once the tolerance is over', async () => {
    const issuedAt = Math.floor(Date.now() / 1000) - CLOCK_SKEW_S - 2;
    const token = await craftCredential({ audience: CODE, issuedAt, lifetimeS: 1 });
    const outcome = await post(url, token);
    expect(outcome.status).toBe(401);
    expect(outcome.body.errors?.[0].message).toMatch(/expired/);
  });
});
