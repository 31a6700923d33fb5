/**
 * The credentials the gateway sends to subgraphs: signed with a key only the gateway holds, good
 * for one call to one audience within a minute. Real hub over loopback HTTP, real shards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateGatewayKeyPair } from '../../lib/auth/gateway-key-pair.js';
import { seedProjects, type SeededProject } from '../support/hub-seed.js';
import { startHubHarness, type HubHarness } from '../../bench/support/hub-harness.js';
import {
  ADMIN,
  craftCredential,
  hubTokenFor,
  officerOf,
  probeTokenFor,
  registryTokenFor,
  VIEWER,
} from '../../bench/support/hub-tokens.js';
import { projectInput, tableCounts } from '../../bench/support/project-fixtures.js';
import { shardProxies, type ShardProxies } from '../support/shard-proxies.js';

const A = '530100';
const B = '530300';
const CREATE = 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }';
const STATS = '{ projectStats { total } }';
const now = () => Math.floor(Date.now() / 1000);

type Registry = { code: string; shardUrl: string | null }[];

interface Outcome {
  readonly status: number;
  readonly body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

async function post(url: string, token: string, query: string, variables?: Record<string, unknown>): Promise<Outcome> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-token': token },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Outcome['body'] };
}

function expectRefused(outcome: Outcome, message: RegExp): void {
  expect(outcome.status, JSON.stringify(outcome.body)).toBe(401);
  expect(outcome.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  expect(outcome.body.errors?.[0].message).toMatch(message);
  expect(outcome.body.data).toBeUndefined();
}

function expectForbidden(outcome: Outcome): void {
  expect(outcome.status, JSON.stringify(outcome.body)).toBe(403);
  expect(outcome.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect(outcome.body.data ?? null).toBeNull();
}

describe('gateway credentials', () => {
  let hub: HubHarness;
  let proxies: ShardProxies;
  let seeded: Map<string, SeededProject[]>;
  const shardUrl = (code: string) => proxies.realUrls.get(code)!;

  beforeAll(async () => {
    proxies = shardProxies({ only: [A] });
    hub = await startHubHarness({ codes: [A, B], urlFor: proxies.urlFor });
    seeded = await seedProjects(hub, 2);
  });
  afterAll(async () => {
    await hub?.close();
    await proxies?.close();
  });

  describe('a credential captured on its way to one shard', () => {
    let captured: string;
    let capturedProbe: string;

    beforeAll(async () => {
      proxies.get(A).reset();
      const answer = await hub.query(`{ projects(first: 5, filter: { prefectures: ["${A}"] }) { totalCount } }`);
      expect(answer.data?.projects.totalCount).toBe(2);
      await hub.gateway.refresh();
      captured = proxies.get(A).hubTokens.find((t) => !t.probe)!.token;
      capturedProbe = proxies.get(A).hubTokens.find((t) => t.probe)!.token;
      expect([captured, capturedProbe].every(Boolean)).toBe(true);
    });

    it('is refused by every other shard and by the province: it names another audience', async () => {
      const elsewhere = /addressed to another audience/;
      expectRefused(await post(shardUrl(B), captured, STATS), /addressed to another audience: 530100, not 530300/);
      const registry = '{ prefectures { code } }';
      expectRefused(await post(hub.provinceUrl, captured, registry), /another audience: 530100, not province/);
      expectRefused(await post(shardUrl(B), capturedProbe, '{ _service { sdl } }'), elsewhere);
      expectRefused(await post(hub.provinceUrl, capturedProbe, '{ _service { sdl } }'), elsewhere);
    });

    it('is refused by its own shard too: it was used once already', async () => {
      expectRefused(await post(shardUrl(A), captured, STATS), /already used/);
    });
  });

  describe('a credential the gateway did not sign as it signs them', () => {
    const foreignKey = async (kid: string) => (await generateGatewayKeyPair(kid)).privateJwk;
    const refusals: [string, () => Promise<string>, RegExp][] = [
      [
        'signed with a key of another kid',
        async () => craftCredential({ key: await foreignKey('another-kid'), audience: B }),
        /does not trust/,
      ],
      [
        'signed with another key under the trusted kid',
        async () => craftCredential({ key: await foreignKey('test-gateway-key'), audience: B }),
        /invalid/,
      ],
      ['without an audience', () => craftCredential({ omit: ['aud'] }), /aud/],
      [
        'for several audiences, this one among them',
        () => craftCredential({ audience: [B, A] }),
        /exactly one audience/,
      ],
      [
        'living longer than the maximum, though not expired yet',
        () => craftCredential({ audience: B, issuedAt: now() - 3_540, lifetimeS: 3_600 }),
        /lives 3600 s, longer than/,
      ],
      [
        'issued in the future',
        () => craftCredential({ audience: B, issuedAt: now() + 120, lifetimeS: 30 }),
        /future|iat/,
      ],
      ['without a token id', () => craftCredential({ audience: B, omit: ['jti'] }), /jti/],
      ['without an expiry', () => craftCredential({ audience: B, omit: ['exp'] }), /exp/],
      ['without an issue time', () => craftCredential({ audience: B, omit: ['iat'] }), /iat/],
      ['of an unknown scope', () => craftCredential({ audience: B, claims: { scope: 'root' } }), /unknown scope/],
    ];
    for (const [what, make, message] of refusals) {
      it(`is refused when ${what}, and writes nothing`, async () => {
        const before = await tableCounts(hub.shards.get(B)!.harness);
        const token = await make();
        expectRefused(await post(shardUrl(B), token, CREATE, { input: projectInput(B) }), message);
        expect(await tableCounts(hub.shards.get(B)!.harness)).toEqual(before);
      });
    }

    it('is served when crafted as the gateway signs (so the refusals above are about what was changed)', async () => {
      const outcome = await post(shardUrl(B), await craftCredential({ audience: B }), STATS);
      expect(outcome.status).toBe(200);
      expect(outcome.body.data).toEqual({ projectStats: { total: 2 } });
    });
  });

  describe('a probe credential', () => {
    const projectId = () => seeded.get(B)![0].id;

    it('reads the SDL and the type name', async () => {
      const outcome = await post(shardUrl(B), await probeTokenFor(B), '{ __typename _service { sdl } }');
      expect(outcome.status).toBe(200);
      expect(outcome.body.data?.__typename).toBe('Query');
      expect(typeof (outcome.body.data?._service as { sdl: string }).sdl).toBe('string');
    });

    it('reads no data: not projects, not a Project entity, not through a root fragment', async () => {
      expectForbidden(await post(shardUrl(B), await probeTokenFor(B), '{ projects(first: 1) { totalCount } }'));
      const representation = `{ __typename: "Project", id: "${projectId()}" }`;
      const entities = `{ _entities(representations: [${representation}]) { ... on Project { id } } }`;
      expectForbidden(await post(shardUrl(B), await probeTokenFor(B), entities));
      const fragment = '{ _service { sdl } ... on Query { projects(first: 1) { totalCount } } }';
      expectForbidden(await post(shardUrl(B), await probeTokenFor(B), fragment));
      expectForbidden(await post(hub.provinceUrl, await probeTokenFor('province'), '{ prefectures { code } }'));
    });

    it('writes nothing', async () => {
      const before = await tableCounts(hub.shards.get(B)!.harness);
      expectForbidden(await post(shardUrl(B), await probeTokenFor(B), CREATE, { input: projectInput(B) }));
      expect(await tableCounts(hub.shards.get(B)!.harness)).toEqual(before);
    });
  });

  describe("the gateway's registry credential", () => {
    it('reads the shard URLs of the registry', async () => {
      const outcome = await post(hub.provinceUrl, await registryTokenFor(), '{ prefectures { code shardUrl } }');
      expect(outcome.status).toBe(200);
      const registry = outcome.body.data?.prefectures as Registry;
      const urls = Object.fromEntries(registry.map((p) => [p.code, p.shardUrl]));
      expect(urls[B]).toBe(hub.shards.get(B)!.url);
    });

    it('reads nothing else and writes nothing: no audit log, no other admin field, no registration', async () => {
      expectForbidden(await post(hub.provinceUrl, await registryTokenFor(), '{ auditLog { id } }'));
      const other = await post(hub.provinceUrl, await registryTokenFor(), '{ prefectures { code shardUrlChangedAt } }');
      expect(other.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const mutation = `mutation { registerPrefectureShard(code: "${B}", url: "http://127.0.0.1:1/graphql") { code } }`;
      expectForbidden(await post(hub.provinceUrl, await registryTokenFor(), mutation));
      const after = await post(hub.provinceUrl, await registryTokenFor(), '{ prefectures { code shardUrl } }');
      const registered = (after.body.data?.prefectures as Registry).find((p) => p.code === B);
      expect(registered?.shardUrl).toBe(hub.shards.get(B)!.url);
    });

    it('is refused by shards: its audience is the province', async () => {
      expectRefused(await post(shardUrl(B), await registryTokenFor(), STATS), /another audience: province/);
    });
  });

  it('still serves users through the gateway, each shard called with its own credential', async () => {
    const answer = await hub.query(`{ projects(first: 10) { totalCount } }`, undefined, ADMIN);
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.projects.totalCount).toBe(4);
    const officer = await post(shardUrl(B), await hubTokenFor(officerOf(B), B), STATS);
    expect(officer.status).toBe(200);
    expectRefused(await post(shardUrl(B), await hubTokenFor(VIEWER, A), STATS), /another audience/);
  });
});
