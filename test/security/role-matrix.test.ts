import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../schema/contract/hub-credential.js';
import { mintUserToken } from '../../lib/auth/mint-user-token.js';
import { startHubHarness, TEST_USER_TOKENS, type HubHarness } from '../../bench/support/hub-harness.js';
import { generateGatewayKeyPair } from '../../lib/auth/gateway-key-pair.js';
import { ADMIN, ANALYST, craftCredential, hubTokenFor, officerOf, VIEWER } from '../../bench/support/hub-tokens.js';
import { connectTestRedis, deleteQueueKeys, testQueuePrefix } from '../support/metrics-harness.js';
import { projectInput, tableCounts } from '../../bench/support/project-fixtures.js';
import { runsQueue } from '../../lib/jobs/metrics.queue.js';
import type { Redis } from 'ioredis';
import type { Queue } from 'bullmq';

const OWN = '530100';
const OTHER = '530300';
type Operation = 'read' | 'writeOwn' | 'writeOther' | 'runMetrics' | 'changeSchedule' | 'boundSchedules';
const OPERATIONS: Record<
  Operation,
  { subgraph: 'own' | 'other' | 'province'; query: string; variables?: () => Record<string, unknown> }
> = {
  read: { subgraph: 'own', query: '{ projectStats { total } }' },
  writeOwn: {
    subgraph: 'own',
    query: 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }',
    variables: () => ({ input: projectInput(OWN) }),
  },
  writeOther: {
    subgraph: 'other',
    query: 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }',
    variables: () => ({ input: projectInput(OTHER) }),
  },
  runMetrics: {
    subgraph: 'province',
    query: 'mutation { runMetrics(asOf: "2026-10-31", prefectures: ["530100"]) { id } }',
  },
  changeSchedule: {
    subgraph: 'province',
    query: 'mutation { setMetricsSchedule(pattern: "0 3 * * *", timezone: "Asia/Shanghai") { pattern } }',
  },
  boundSchedules: {
    subgraph: 'province',
    query: 'mutation { setMinimumScheduleInterval(minutes: 60) { minimumIntervalMinutes } }',
  },
};

const OFFICER = officerOf(OWN);
const MATRIX: [string, Omit<Actor, 'requestId'>, Record<Operation, boolean>][] = [
  [
    'viewer',
    VIEWER,
    { read: true, writeOwn: false, writeOther: false, runMetrics: false, changeSchedule: false, boundSchedules: false },
  ],
  [
    'analyst',
    ANALYST,
    { read: true, writeOwn: false, writeOther: false, runMetrics: true, changeSchedule: true, boundSchedules: false },
  ],
  [
    'officer of 530100',
    OFFICER,
    { read: true, writeOwn: true, writeOther: false, runMetrics: false, changeSchedule: false, boundSchedules: false },
  ],
  [
    'admin',
    ADMIN,
    { read: true, writeOwn: true, writeOther: true, runMetrics: true, changeSchedule: true, boundSchedules: true },
  ],
];

interface Outcome {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function post(
  url: string,
  query: string,
  variables: Record<string, unknown> | undefined,
  headers: Record<string, string>,
): Promise<Outcome> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Outcome['body'] };
}

function allowed(outcome: Outcome): boolean {
  return outcome.status === 200 && !outcome.body.errors?.length && !!outcome.body.data;
}

describe('who may do what, through the gateway and directly at the subgraphs', () => {
  let hub: HubHarness;
  let redis: Redis;
  let prefix: string;
  let runs: Queue;
  beforeAll(async () => {
    redis = await connectTestRedis();
    prefix = testQueuePrefix();
    runs = runsQueue(redis, prefix);
    hub = await startHubHarness({ codes: [OWN, OTHER], runs });
  });
  afterAll(async () => {
    await hub?.close();
    await runs?.close();
    await deleteQueueKeys(redis, prefix);
    redis?.disconnect();
  });

  const urlOf = (subgraph: 'own' | 'other' | 'province') =>
    subgraph === 'province' ? hub.provinceUrl : hub.shards.get(subgraph === 'own' ? OWN : OTHER)!.url;
  const audienceOf = (subgraph: 'own' | 'other' | 'province') =>
    subgraph === 'province' ? 'province' : subgraph === 'own' ? OWN : OTHER;

  for (const [name, actor, expected] of MATRIX) {
    for (const [operation, allowedExpected] of Object.entries(expected) as [Operation, boolean][]) {
      const spec = OPERATIONS[operation];
      it(`${name}: ${operation} is ${allowedExpected ? 'allowed' : 'refused'} through the gateway`, async () => {
        const token = await mintUserToken(actor, TEST_USER_TOKENS);
        const outcome = await post(hub.gatewayUrl, spec.query, spec.variables?.(), {
          authorization: `Bearer ${token}`,
        });
        expect(allowed(outcome), JSON.stringify(outcome.body)).toBe(allowedExpected);
        if (!allowedExpected) expect(outcome.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      });

      it(`${name}: ${operation} is ${allowedExpected ? 'allowed' : 'refused'} when calling the subgraph directly`, async () => {
        const token = await hubTokenFor(actor, audienceOf(spec.subgraph));
        const outcome = await post(urlOf(spec.subgraph), spec.query, spec.variables?.(), { 'x-hub-token': token });
        expect(allowed(outcome), JSON.stringify(outcome.body)).toBe(allowedExpected);
        if (!allowedExpected) expect(outcome.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      });
    }
  }

  const badUserTokens: [string, () => Promise<string>][] = [
    ['an expired token', () => mintUserToken(VIEWER, TEST_USER_TOKENS, '-1m')],
    [
      'a token signed with another key',
      () => mintUserToken(VIEWER, { ...TEST_USER_TOKENS, secret: 'another-secret-that-is-long-enough-0000' }),
    ],
    ['a token for another audience', () => mintUserToken(VIEWER, { ...TEST_USER_TOKENS, audience: 'someone-else' })],
    ['a token from another issuer', () => mintUserToken(VIEWER, { ...TEST_USER_TOKENS, issuer: 'someone-else' })],
    [
      'an unsigned token (alg none)',
      () =>
        Promise.resolve(
          `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', role: 'admin', iss: TEST_USER_TOKENS.issuer, aud: TEST_USER_TOKENS.audience })).toString('base64url')}.`,
        ),
    ],
    [
      'a token with an unknown role',
      () =>
        new SignJWT({ role: 'root' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('x')
          .setIssuer(TEST_USER_TOKENS.issuer)
          .setAudience(TEST_USER_TOKENS.audience)
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(TEST_USER_TOKENS.secret)),
    ],
    [
      'a token without expiry',
      () =>
        new SignJWT({ role: 'viewer' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('x')
          .setIssuer(TEST_USER_TOKENS.issuer)
          .setAudience(TEST_USER_TOKENS.audience)
          .sign(new TextEncoder().encode(TEST_USER_TOKENS.secret)),
    ],
    ['garbage', () => Promise.resolve('not-a-jwt')],
  ];
  for (const [what, token] of badUserTokens) {
    it(`refuses ${what} at the gateway with 401 and no data, writing nothing`, async () => {
      const before = await tableCounts(hub.shards.get(OWN)!.harness);
      const outcome = await post(hub.gatewayUrl, OPERATIONS.writeOwn.query, OPERATIONS.writeOwn.variables!(), {
        authorization: `Bearer ${await token()}`,
      });
      expect(outcome.status).toBe(401);
      expect(outcome.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(outcome.body.errors?.[0].extensions?.requestId).toMatch(/\S/);
      // Said in Chinese too, for the officials who read it.
      expect(outcome.body.errors?.[0].extensions?.messageZh).toMatch(/登录令牌/);
      expect(outcome.body.data).toBeUndefined();
      expect(await tableCounts(hub.shards.get(OWN)!.harness)).toEqual(before);
    });
  }

  it('ignores a hub token a client sends to the gateway: the caller stays who the user token says', async () => {
    const forged = await hubTokenFor(ADMIN, OTHER);
    const viewer = await mintUserToken(VIEWER, TEST_USER_TOKENS);
    const outcome = await post(hub.gatewayUrl, OPERATIONS.writeOther.query, OPERATIONS.writeOther.variables!(), {
      authorization: `Bearer ${viewer}`,
      'x-hub-token': forged,
    });
    expect(outcome.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses subgraph calls without a token, with a forged one, or with a replayed one', async () => {
    const url = urlOf('other');
    const { query, variables } = { query: OPERATIONS.writeOther.query, variables: OPERATIONS.writeOther.variables!() };
    const before = await tableCounts(hub.shards.get(OTHER)!.harness);
    const none = await post(url, query, variables, {});
    const { privateJwk: foreignKey } = await generateGatewayKeyPair('foreign-key');
    const forgedToken = await craftCredential({ key: foreignKey, audience: OTHER, claims: { role: 'admin' } });
    const forged = await post(url, query, variables, { 'x-hub-token': forgedToken });
    expect([none.status, forged.status]).toEqual([401, 401]);
    const token = await hubTokenFor(ADMIN, OTHER);
    const first = await post(url, '{ projectStats { total } }', undefined, { 'x-hub-token': token });
    const replayed = await post(url, query, variables, { 'x-hub-token': token });
    expect(first.status).toBe(200);
    expect(replayed.status).toBe(401);
    expect(replayed.body.errors?.[0].message).toMatch(/already used/);
    expect(await tableCounts(hub.shards.get(OTHER)!.harness)).toEqual(before);
  });

  it('records who changed the hub, and only admins may read that record', async () => {
    const admin = await hub.query('{ auditLog(first: 10) { action actorSubject actorRole details } }', {}, ADMIN);
    expect(admin.errors).toBeUndefined();
    const actions = admin.data!.auditLog.map((entry: any) => `${entry.action} by ${entry.actorSubject}`);
    expect(actions).toContain(`setMetricsSchedule by ${ANALYST.subject}`);
    expect(actions).toContain(`runMetrics by ${ADMIN.subject}`);
    const viewer = await hub.query('{ auditLog { action } }', {}, VIEWER);
    expect(viewer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(
      await hub
        .query('{ __type(name: "Mutation") { fields { name } } }', {}, ADMIN)
        .then((r) => r.data!.__type.fields.map((f: any) => f.name)),
    ).not.toEqual(expect.arrayContaining([expect.stringMatching(/audit/i)]));
  });
});
