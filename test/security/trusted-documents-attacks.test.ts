/**
 * A hostile caller against a gateway with TRUSTED_DOCUMENTS_ONLY on: every way of smuggling a
 * document other than the manifest's, or of passing for an admin, is refused before any shard is
 * called; every such refusal is the caller's mistake (4xx), never a server failure. Real hub over
 * loopback HTTP; a proxy counts what reaches one shard.
 */
import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHubHarness, TEST_USER_TOKENS, type HubHarness } from '../../bench/support/hub-harness.js';
import { ADMIN, hubTokenFor, VIEWER } from '../../bench/support/hub-tokens.js';
import { mintUserToken } from '../../lib/auth/mint-user-token.js';
import { documentHashOf, documentIdOf } from '../../schema/trusted-documents.js';
import { postBodyToGateway } from '../support/gateway-http.js';
import { shardProxies } from '../support/shard-proxies.js';
import type { ShardProxy } from '../support/shard-proxy.js';
import { trustedDocumentNamed } from '../support/trusted-documents.js';

const CODE = '530100';
/** Not in the manifest, and it reaches the shard when it runs. */
const AD_HOC = '{ projectStats { total } }';
const JSON_TYPE = { 'content-type': 'application/json' };
const PREFLIGHT = { 'apollo-require-preflight': 'true' };

interface RawAnswer {
  readonly status: number;
  readonly body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

const shards = shardProxies();
let hub: HubHarness;
let proxy: ShardProxy;
let live: string;

beforeAll(async () => {
  hub = await startHubHarness({ codes: [CODE], urlFor: shards.urlFor, gateway: { trustedDocumentsOnly: true } });
  proxy = shards.get(CODE);
  live = trustedDocumentNamed('PrefectureLive');
}, 60_000);
afterEach(() => proxy.reset());
afterAll(async () => {
  await hub?.close();
  await shards.close();
});

/** Sends anything to the gateway's /graphql (`search` after it) with `token` (default a viewer's). */
async function send(init: RequestInit & { search?: string; token?: string }): Promise<RawAnswer> {
  const token = init.token ?? (await mintUserToken(VIEWER, TEST_USER_TOKENS));
  const response = await fetch(`${hub.gatewayUrl}${init.search ?? ''}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as RawAnswer['body']) : {} };
}

const postJson = (body: unknown, token?: string) =>
  send({ method: 'POST', headers: JSON_TYPE, body: JSON.stringify(body), token });

/** Refused as the caller's mistake with `code`, no data, and no shard called. */
function expectRefused(answer: RawAnswer, code: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBeGreaterThanOrEqual(400);
  expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(500);
  expect(answer.body.data ?? undefined).toBeUndefined();
  expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual([code]);
  expect(proxy.queries).toBe(0);
}

describe('an operationName that selects no operation of the document', () => {
  it('with a trusted id is OPERATION_RESOLUTION_FAILURE, HTTP 400, not an internal error', async () => {
    const answer = await postJson({ documentId: documentIdOf(live), operationName: 'Evil' });
    expectRefused(answer, 'OPERATION_RESOLUTION_FAILURE');
    expect(answer.body.errors![0].message).toBe('Unknown operation named "Evil".');
  });

  it('with a trusted text sent by GET is refused the same way', async () => {
    const search = `?query=${encodeURIComponent(live)}&operationName=Evil`;
    expectRefused(await send({ method: 'GET', search, headers: PREFLIGHT }), 'OPERATION_RESOLUTION_FAILURE');
  });

  it('from an admin’s ad-hoc document of two operations and no name is refused the same way', async () => {
    const token = await mintUserToken(ADMIN, TEST_USER_TOKENS);
    const answer = await postJson({ query: `query A ${AD_HOC} query B ${AD_HOC}` }, token);
    expectRefused(answer, 'OPERATION_RESOLUTION_FAILURE');
    expect(answer.body.errors![0].message).toMatch(/must provide operation name/i);
  });
});

describe('another document smuggled past the manifest', () => {
  it.each([
    ['an ad-hoc batch', [{ query: AD_HOC }]],
    [
      'a batch hiding an ad-hoc query behind a trusted one',
      () => [{ documentId: documentIdOf(live) }, { query: AD_HOC }],
    ],
  ])('%s is refused: batching is off', async (_, batch) => {
    expectRefused(await postJson(typeof batch === 'function' ? batch() : batch), 'BAD_REQUEST');
  });

  it.each([
    ['{ __typename }'],
    ['{ __schema { queryType { name } } }'],
    ['query Live { projectStats { total } }'], // a trusted operation's name is no pass
  ])('ad-hoc %s is TRUSTED_DOCUMENT_REQUIRED', async (query) => {
    expectRefused(await postJson({ query }), 'TRUSTED_DOCUMENT_REQUIRED');
  });

  it('an ad-hoc query beside a trusted id, in `query` or in extensions, never runs', async () => {
    expectRefused(await postJson({ documentId: documentIdOf(live), query: AD_HOC }), 'BAD_USER_INPUT');
    // Extra extensions travel on, but Apollo runs `query` only: this runs the trusted document.
    const extra = await postJson({ documentId: documentIdOf(live), extensions: { query: AD_HOC, more: 1 } });
    expect(extra.status).toBe(200);
    expect(extra.body.data).toEqual({
      projectStats: {
        total: expect.any(Number),
        signed: expect.any(Number),
        agreedInvestment: expect.any(String),
        fundsInPlace: expect.any(String),
      },
    });
  });

  it('a `__proto__` key holding a query is not read as the query', async () => {
    const body = `{"__proto__": {"query": ${JSON.stringify(AD_HOC)}}, "documentId": "${documentIdOf(live)}"}`;
    const answer = await send({ method: 'POST', headers: JSON_TYPE, body });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({
      projectStats: {
        total: expect.any(Number),
        signed: expect.any(Number),
        agreedInvestment: expect.any(String),
        fundsInPlace: expect.any(String),
      },
    });
  });

  it('GET: a repeated `query` parameter and a hash are refused, nothing runs', async () => {
    const twice = `?query=${encodeURIComponent(live)}&query=${encodeURIComponent(AD_HOC)}`;
    expectRefused(await send({ method: 'GET', search: twice, headers: PREFLIGHT }), 'BAD_REQUEST');
    const byHash = `?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: documentHashOf(live) } }))}`;
    const answer = await send({ method: 'GET', search: byHash, headers: PREFLIGHT });
    expect(answer.status).toBeLessThan(500);
    expect(answer.body.data ?? undefined).toBeUndefined();
    expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_SUPPORTED']);
    expect(proxy.queries).toBe(0);
  });

  it.each([
    ['text/plain', JSON.stringify({ query: AD_HOC })],
    ['application/x-www-form-urlencoded', `query=${encodeURIComponent(AD_HOC)}`],
    [
      'multipart/form-data; boundary=x',
      `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${AD_HOC}\r\n--x--\r\n`,
    ],
  ])('a %s body is refused (CSRF prevention), and with a preflight header is no document', async (type, body) => {
    expectRefused(await send({ method: 'POST', headers: { 'content-type': type }, body }), 'BAD_REQUEST');
    const preflighted = await send({ method: 'POST', headers: { 'content-type': type, ...PREFLIGHT }, body });
    expectRefused(preflighted, 'BAD_REQUEST');
  });

  it('a JSON body under an odd content type is still judged by the policy', async () => {
    for (const type of ['APPLICATION/JSON', 'application/graphql-response+json', 'application/jsonx']) {
      const answer = await send({
        method: 'POST',
        headers: { 'content-type': type },
        body: JSON.stringify({ query: AD_HOC }),
      });
      expect(['BAD_REQUEST', 'TRUSTED_DOCUMENT_REQUIRED'], type).toContain(answer.body.errors?.[0].extensions?.code);
      expectRefused(answer, answer.body.errors![0].extensions!.code as string);
    }
  });

  it.each([
    ['a huge documentId', { documentId: `sha256:${'a'.repeat(500_000)}` }, 'documentId'],
    [
      'a huge APQ hash',
      { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(500_000) } } },
      'extensions.persistedQuery.sha256Hash',
    ],
    ['full-width digits', { documentId: `sha256:${'０'.repeat(64)}` }, 'documentId'],
    ['a trailing newline', () => ({ documentId: `${documentIdOf(live)}\n` }), 'documentId'],
    [
      'upper-case hex',
      () => ({ documentId: documentIdOf(live).toUpperCase().replace('SHA256', 'sha256') }),
      'documentId',
    ],
    ['a number', { documentId: 1 }, 'documentId'],
    ['null beside a query', { documentId: null, query: AD_HOC }, 'documentId'],
    [
      'persistedQuery: null beside a query',
      { extensions: { persistedQuery: null }, query: AD_HOC },
      'extensions.persistedQuery.version',
    ],
  ])('an id as %s is BAD_USER_INPUT naming the field, without echoing it', async (_, body, field) => {
    const answer = await postJson(typeof body === 'function' ? body() : body);
    expectRefused(answer, 'BAD_USER_INPUT');
    expect(answer.body.errors![0].extensions?.field).toBe(field);
    expect(answer.body.errors![0].message.length).toBeLessThan(200);
  });
});

describe('passing for an admin, who may send ad-hoc documents', () => {
  const sign = (claims: Record<string, unknown>, audience: string | string[] = TEST_USER_TOKENS.audience) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('intruder')
      .setIssuer(TEST_USER_TOKENS.issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(TEST_USER_TOKENS.secret));

  it('a viewer token whose role claim was rewritten to admin, or left unsigned, is UNAUTHENTICATED', async () => {
    const [header, payload, signature] = (await sign({ role: 'viewer' })).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    for (const token of [`${header}.${forged}.${signature}`, `${none}.${forged}.`]) {
      expectRefused(await postJson({ query: AD_HOC }, token), 'UNAUTHENTICATED');
    }
  });

  it('an admin token for another audience, or the gateway’s own admin credential for a shard, is UNAUTHENTICATED', async () => {
    expectRefused(await postJson({ query: AD_HOC }, await sign({ role: 'admin' }, 'another-app')), 'UNAUTHENTICATED');
    expectRefused(await postJson({ query: AD_HOC }, await hubTokenFor(ADMIN, CODE)), 'UNAUTHENTICATED');
  });

  it('admin spelled otherwise, or in another claim, grants nothing', async () => {
    for (const role of ['Admin', ['admin'], 'admin ']) {
      expectRefused(await postJson({ query: AD_HOC }, await sign({ role })), 'UNAUTHENTICATED');
    }
    const viewer = await sign({ role: 'viewer', roles: ['admin'], admin: true });
    expectRefused(await postJson({ query: AD_HOC }, viewer), 'TRUSTED_DOCUMENT_REQUIRED');
  });
});

describe('after every attack above', () => {
  it('the gateway counted no server failure', async () => {
    // One more caller mistake of each kind, in case this test runs alone.
    await postBodyToGateway(hub, { documentId: documentIdOf(live), operationName: 'Evil' });
    await postBodyToGateway(hub, { query: AD_HOC });
    const metrics = await (await fetch(new URL('/metrics', hub.gatewayUrl))).text();
    expect(metrics).toMatch(/http_request_duration_seconds_count\{route="\/graphql",method="POST",status="400"\}/);
    expect(metrics).not.toMatch(/status="5\d\d"/);
  });
});
