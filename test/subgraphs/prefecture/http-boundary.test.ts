import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateGatewayKeyPair } from '../../../lib/auth/gateway-key-pair.js';
import { craftCredential, hubTokenFor, officerOf } from '../../../bench/support/hub-tokens.js';
import { startPrefectureHarness, type PrefectureHarness } from '../../../bench/support/prefecture-harness.js';
import { tableCounts } from '../../../bench/support/project-fixtures.js';
import { MAX_LEDGER_CALL_BYTES } from '../../../schema/contract/ledger.js';

describe('prefecture subgraph over HTTP', () => {
  let harness: PrefectureHarness;
  let url: string;
  beforeAll(async () => {
    harness = await startPrefectureHarness('sqlite', '530500');
    url = await harness.app.listen(0, '127.0.0.1');
  });
  afterAll(() => harness?.close());

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('answers /health and /ready without a token', async () => {
    const health = await fetch(url.replace('/graphql', '/health'));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', prefecture: '530500' });
    expect((await fetch(url.replace('/graphql', '/ready'))).status).toBe(200);
  });

  it('refuses GraphQL without a gateway token with 401 UNAUTHENTICATED', async () => {
    const response = await post(JSON.stringify({ query: '{ _service { sdl } }' }));
    expect(response.status).toBe(401);
    const body = (await response.json()) as any;
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data).toBeUndefined();
  });

  it('refuses a token signed with another key of the same kid, and writes nothing', async () => {
    const before = await tableCounts(harness);
    const { privateJwk } = await generateGatewayKeyPair('test-gateway-key');
    const forged = await craftCredential({
      key: privateJwk,
      audience: '530500',
      claims: { role: 'officer', pref: '530500' },
    });
    const response = await post(
      JSON.stringify({
        query:
          'mutation { recordFunding(input: {projectId: "530500-2018-0001", receivedOn: "2019-01-01", amount: "1"}) { id } }',
      }),
      { 'x-hub-token': forged },
    );
    expect(response.status).toBe(401);
    expect(await tableCounts(harness)).toEqual(before);
  });

  it('serves a request signed by the gateway', async () => {
    const token = await hubTokenFor(officerOf('530500'), '530500');
    const response = await post(JSON.stringify({ query: '{ projectStats { total } }' }), { 'x-hub-token': token });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { projectStats: { total: 0 } } });
  });

  it('refuses bodies over its limit (a full ledger chunk) with 413 and malformed JSON with 400', async () => {
    const big = await post(
      JSON.stringify({ query: `{ projectStats { total } } #${'x'.repeat(MAX_LEDGER_CALL_BYTES)}` }),
    );
    expect(big.status).toBe(413);
    const malformed = await post('{"query": ');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as any).errors[0].message).toMatch(/not valid JSON/);
  });

  it('keeps CSRF prevention on for simple requests', async () => {
    const response = await fetch(`${url}?query=${encodeURIComponent('{ projectStats { total } }')}`);
    expect(response.status).toBe(400);
  });
});
