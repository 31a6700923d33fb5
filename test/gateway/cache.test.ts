import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubHarness, type HubHarness } from '../../bench/support/hub-harness.js';
import { dashboardQueries, FIRST_VIEW, firstViewVariables } from '../../bench/support/dashboard-queries.js';
import { CREATE_PROJECT, projectInput, createProject } from '../../bench/support/project-fixtures.js';
import type { CacheSettings } from '../../gateway/cache/gateway-cache.js';
import { downloadLink, exportLink } from '../ledger/ledger-http.js';
import { cacheCounts, grown } from '../support/cache-counts.js';
import { errorsWithCode, untilAllServing } from '../support/gateway-http.js';
import { seedProjects } from '../support/hub-seed.js';
import { shardProxies } from '../support/shard-proxies.js';
import type { ShardProxy } from '../support/shard-proxy.js';

const CODES = ['530100', '530300', '530400', '530500'];
const PROXIED = '530300';
const CACHE: CacheSettings = { ttlMs: 60_000, maxMemoryChars: 8 * 1024 * 1024, resultsPollMs: 3_600_000 };
const STATS = `query Stats($filter: ProjectFilter) { projectStats(filter: $filter) { total agreedInvestment } }`;
const officer = { subject: 'officer-1', role: 'officer' as const, prefectureCode: PROXIED };
const viewer = { subject: 'viewer-1', role: 'viewer' as const };

describe('the gateway cache (in-process)', () => {
  const shards = shardProxies({ only: [PROXIED] });
  let hub: HubHarness;
  let proxy: ShardProxy;

  beforeAll(async () => {
    hub = await startHubHarness({ codes: CODES, urlFor: shards.urlFor, gateway: { cache: CACHE } });
    proxy = shards.get(PROXIED);
    await seedProjects(hub, 2);
    await untilAllServing(hub);
  });
  afterAll(async () => {
    await hub?.close();
    await shards.close();
  });

  async function total(actor: typeof viewer | typeof officer = viewer): Promise<number> {
    const result = await hub.query(STATS, {}, actor);
    expect(result.errors).toBeUndefined();
    return result.data!.projectStats.total as number;
  }

  it('keeps none of a ledger export’s pages: they bypass the cache, so an export cannot evict the dashboards’ answers', async () => {
    const before = await cacheCounts(hub.gateway);
    const { url, errors } = await exportLink(hub, viewer, { kind: 'PROJECTS', format: 'CSV' });
    expect(errors).toEqual([]);
    const file = await downloadLink(hub, viewer, url!);
    expect(file.status).toBe(200);
    const grew = grown(before, await cacheCounts(hub.gateway));
    // Every shard's page was a bypass; nothing was looked up or kept.
    for (const code of CODES) expect(grew[`fragment/${code}/bypass`]).toBeGreaterThan(0);
    expect(Object.keys(grew).filter((k) => k.startsWith('fragment/') && !k.endsWith('/bypass'))).toEqual([]);
  });

  it('answers a repeated query whole from the cache, and the read after a write sees the write', async () => {
    const first = await total();
    proxy.reset();
    let before = await cacheCounts(hub.gateway);
    expect(await total()).toBe(first);
    expect(grown(before, await cacheCounts(hub.gateway))).toEqual({ 'response/all/hit': 1 });
    expect(proxy.queries).toBe(0);

    const created = await hub.query(CREATE_PROJECT, { input: projectInput(PROXIED) }, officer);
    expect(created.errors).toBeUndefined();
    before = await cacheCounts(hub.gateway);
    expect(await total()).toBe(first + 1);
    // Only the prefecture written to is asked again; the other three answers come from the cache.
    expect(grown(before, await cacheCounts(hub.gateway))).toEqual({
      'response/all/miss': 1,
      [`fragment/${PROXIED}/miss`]: 1,
      ...Object.fromEntries(CODES.filter((c) => c !== PROXIED).map((c) => [`fragment/${c}/hit`, 1])),
    });
    expect(proxy.queries).toBe(2);
  });

  it('never keeps a partial answer or a failed shard answer', async () => {
    // A document and variables never asked before: nothing of them is cached yet.
    const filter = { cohortYears: [2016, 2017, 2018, 2019, 2020] };
    proxy.mode = 'garbage';
    try {
      for (let i = 0; i < 2; i++) {
        proxy.reset();
        const before = await cacheCounts(hub.gateway);
        const partial = await hub.query(STATS, { filter });
        expect(errorsWithCode(partial, 'PREFECTURE_UNAVAILABLE').map((e) => e.extensions?.prefecture)).toEqual([
          PROXIED,
        ]);
        // Asked again each time: neither the whole answer nor the shard's garbage was kept.
        expect(proxy.queries).toBe(1);
        expect(grown(before, await cacheCounts(hub.gateway))).toMatchObject({
          'response/all/miss': 1,
          [`fragment/${PROXIED}/miss`]: 1,
        });
      }
    } finally {
      proxy.mode = 'pass';
    }
    await untilAllServing(hub);
    proxy.reset();
    const complete = await hub.query(STATS, { filter });
    expect(complete.errors).toBeUndefined();
    expect(proxy.queries).toBe(1);
  });

  it('forgets what a shard answered before it was excluded and readmitted (its data may have changed)', async () => {
    const before = await total();
    expect(await total()).toBe(before);
    proxy.mode = 'incompatible';
    await hub.gateway.refresh();
    expect(hub.gateway.registry.get(PROXIED)!.state).toBe('INCOMPATIBLE');
    // Meanwhile its database changes without the gateway (say, restored from a backup with a row more).
    await createProject(hub.shards.get(PROXIED)!.harness, { name: '恢复后的项目' });
    proxy.mode = 'pass';
    await untilAllServing(hub);
    expect(await total()).toBe(before + 1);
  });

  it('keeps answers of different roles apart: a viewer never gets an admin’s answer', async () => {
    const REGISTRY = `{ prefectures { code shardUrl } }`;
    const admin = await hub.query(REGISTRY, {}, { subject: 'admin-1', role: 'admin' });
    expect(admin.errors).toBeUndefined();
    expect(admin.data!.prefectures.find((p: any) => p.code === PROXIED).shardUrl).toBe(proxy.url);
    const again = await hub.query(REGISTRY, {}, { subject: 'admin-2', role: 'admin' });
    expect(again).toEqual(admin);

    const before = await cacheCounts(hub.gateway);
    const refused = await hub.query(REGISTRY, {}, viewer);
    expect(errorsWithCode(refused, 'FORBIDDEN').length).toBeGreaterThan(0);
    expect(JSON.stringify(refused)).not.toContain(proxy.url);
    expect(grown(before, await cacheCounts(hub.gateway))).toEqual({ 'response/all/miss': 1 });
  });

  it('keys shard answers by the caller scope too: an officer does not read a viewer’s fragments', async () => {
    const filter = { cohortYears: [2018] };
    await hub.query(STATS, { filter }, viewer);
    const before = await cacheCounts(hub.gateway);
    const result = await hub.query(STATS, { filter }, officer);
    expect(result.errors).toBeUndefined();
    const growth = grown(before, await cacheCounts(hub.gateway));
    expect(Object.keys(growth).filter((k) => k.endsWith('/hit'))).toEqual([]);
  });

  it('keeps every query of the dashboard’s first view whole: each is answered from the cache when asked again', async () => {
    for (const { name, query } of dashboardQueries(FIRST_VIEW)) {
      const variables = firstViewVariables(name, PROXIED);
      const first = await hub.query(query, variables, viewer);
      expect(first.errors, name).toBeUndefined();
      const before = await cacheCounts(hub.gateway);
      expect(await hub.query(query, variables, viewer), name).toEqual(first);
      expect(grown(before, await cacheCounts(hub.gateway)), name).toEqual({ 'response/all/hit': 1 });
    }
  });

  it('answers the stall rules anew after an admin changes them (a province write bumps the province’s version)', async () => {
    const { query } = dashboardQueries(['Headline'])[0];
    const variables = firstViewVariables('Headline', PROXIED);
    const landing = async () => ((await hub.query(query, variables, viewer)).data as any).stallRules.landingDefinition;
    const before = await landing();
    const other = before === 'STARTED' ? 'FUNDS_ARRIVED' : 'STARTED';
    const changed = await hub.query(
      `mutation($d: String!) { setLandingDefinition(definition: $d) { landingDefinition } }`,
      { d: other },
      { subject: 'admin-1', role: 'admin' },
    );
    expect(changed.errors).toBeUndefined();
    expect(await landing()).toBe(other);
  });

  it('reports its counts, size and TTL on /metrics', async () => {
    const text = await (await fetch(hub.gatewayUrl.replace('/graphql', '/metrics'))).text();
    expect(text).toMatch(/hub_cache_requests_total\{layer="fragment",prefecture="530100",outcome="hit"\} \d+/);
    expect(text).toMatch(/hub_cache_entries\{backend="memory"\} [1-9]\d*/);
    expect(text).toContain('hub_cache_ttl_seconds 60');
    expect(text).toMatch(/hub_cache_version_bumps_total\{component="530300",reason="write"\} 1/);
  });
});
