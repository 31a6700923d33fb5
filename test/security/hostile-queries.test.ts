import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubHarness, type HubHarness } from '../../bench/support/hub-harness.js';
import { VIEWER } from '../../bench/support/hub-tokens.js';

interface Answer {
  status: number;
  body: any;
}

describe('hostile queries against the gateway', () => {
  let hub: HubHarness;
  let token: string;
  beforeAll(async () => {
    hub = await startHubHarness({
      codes: ['530100', '530300'],
      gateway: { rateLimit: { points: 10_000, windowSeconds: 60 } },
    });
    token = await hub.tokenFor(VIEWER);
  });
  afterAll(() => hub?.close());

  const send = async (body: string, headers: Record<string, string> = {}): Promise<Answer> => {
    const response = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // some refusals are plain text
    }
    return { status: response.status, body: parsed };
  };
  const query = (q: string, variables?: unknown) => send(JSON.stringify({ query: q, variables }));

  async function expectStillServing() {
    const normal = await query('{ projectStats { total } }');
    expect(normal.status).toBe(200);
    expect(normal.body.data.projectStats.total).toEqual(expect.any(Number));
  }

  it('refuses deep nesting before any subgraph is called', async () => {
    let nested = 'name';
    for (let i = 0; i < 30; i++) nested = `ofType { ${nested} }`;
    const answer = await query(`{ __schema { types { fields { type { ${nested} } } } } }`);
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toMatch(/depth/i);
    await expectStillServing();
  });

  it('refuses an alias flood', async () => {
    const aliases = Array.from({ length: 60 }, (_, i) => `a${i}: projectStats { total }`).join(' ');
    const answer = await query(`{ ${aliases} }`);
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toMatch(/alias/i);
    await expectStillServing();
  });

  it('refuses a document with a huge inline list', async () => {
    const codes = Array.from({ length: 5000 }, () => '"530100"').join(', ');
    const answer = await query(`{ projectStats(filter: { prefectures: [${codes}] }) { total } }`);
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toMatch(/tokens/i);
    await expectStillServing();
  });

  it('answers a huge list in variables within the limits of the contract', async () => {
    const answer = await query('query($f: ProjectFilter) { projectStats(filter: $f) { total } }', {
      f: { prefectures: Array.from({ length: 20_000 }, () => '999999') },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data.projectStats.total).toBe(0);
    expect(answer.body.errors.every((e: any) => e.extensions.code === 'UNKNOWN_PREFECTURE')).toBe(true);
    await expectStillServing();
  });

  it('refuses an oversized body with 413', async () => {
    const answer = await send(JSON.stringify({ query: `{ projectStats { total } } # ${'x'.repeat(2 * 1024 * 1024)}` }));
    expect(answer.status).toBe(413);
    await expectStillServing();
  });

  it('refuses malformed JSON with 400', async () => {
    const answer = await send('{"query": "{ projectStats { total } }"');
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toMatch(/JSON/);
    await expectStillServing();
  });

  it('refuses malformed GraphQL with a parse error', async () => {
    const answer = await query('{ projects(first: ) { ');
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    await expectStillServing();
  });

  it('refuses batched operations and operations of unknown fields', async () => {
    const batch = await send(
      JSON.stringify([{ query: '{ projectStats { total } }' }, { query: '{ projectStats { total } }' }]),
    );
    expect(batch.status).toBe(400);
    const unknown = await query('{ projectStats { total secret } }');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    await expectStillServing();
  });

  it('refuses cross-site simple requests (CSRF) and CORS from origins not allowed', async () => {
    const get = await fetch(`${hub.gatewayUrl}?query=${encodeURIComponent('{ projectStats { total } }')}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(get.status).toBe(400);
    const preflight = await fetch(hub.gatewayUrl, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('passes on the province subgraph’s refusal of a malformed date instead of an internal error', async () => {
    const analyst = await hub.tokenFor({ subject: 'analyst-1', role: 'analyst' });
    const answer = await send(JSON.stringify({ query: 'mutation { runMetrics(asOf: "2026-10-3}1") { id } }' }), {
      authorization: `Bearer ${analyst}`,
    });
    expect(answer.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(answer.body.errors[0].message).toMatch(/LocalDate/);
  });

  it('puts a request id on every error for users to quote', async () => {
    const answer = await query('{ project(id: "not-an-id") { id } }');
    expect(answer.body.errors[0].extensions.requestId).toMatch(/^[\w.-]{8,}$/);
  });
});

describe('per-client rate limit at the gateway', () => {
  let hub: HubHarness;
  beforeAll(async () => {
    hub = await startHubHarness({ codes: ['530100'], gateway: { rateLimit: { points: 5, windowSeconds: 60 } } });
  });
  afterAll(() => hub?.close());

  it('answers 429 RATE_LIMITED past the budget, per client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await fetch(hub.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.tokenFor(VIEWER)}` },
        body: JSON.stringify({ query: '{ projectStats { total } }' }),
      });
      statuses.push(response.status);
      if (response.status === 429) {
        const body = (await response.json()) as any;
        expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const other = await hub.query('{ projectStats { total } }', {}, { subject: 'someone-else', role: 'viewer' });
    expect(other.data?.projectStats.total).toBe(0);
  });
});
