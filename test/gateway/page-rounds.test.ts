import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../subgraphs/prefecture/entities/index.js';
import { startHubHarness, type HubHarness } from '../../bench/support/hub-harness.js';
import { shardProxies } from '../support/shard-proxies.js';
import type { ShardProxy } from '../support/shard-proxy.js';
import { syntheticProject } from '../support/synthetic-projects.js';

// Ids start with the prefecture code, so in ID order each shard's rows form one block: a page
// from the start takes every row from the lowest code, from the end from the highest.
const CODES = ['530100', '530300', '530400', '532900'];
const [LOWEST, , , HIGHEST] = CODES;
const ROWS = 30;
const PAGE = `query($first: Int!, $orderBy: ProjectOrder!, $after: String) {
  projects(first: $first, orderBy: $orderBy, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } }
}`;

/** `first` and whether an `after` was sent, of each query a shard received. */
function pagesAsked(proxy: ShardProxy): { first: number; after: boolean }[] {
  // An argument is a literal (the gateway's rounds) or the client's variable (passed on as is).
  const value = (text: string | undefined, variables?: Record<string, unknown>) =>
    text?.startsWith('$') ? variables?.[text.slice(1)] : text;
  return proxy.queryBodies.map(({ query, variables }) => ({
    first: Number(value(/first: (\d+|\$\w+)/.exec(query)?.[1], variables)),
    after: value(/after: ("|\$\w+)/.exec(query)?.[1], variables) != null,
  }));
}

describe('a fanned-out page in at most two rounds', () => {
  const { proxies, urlFor, close: closeProxies } = shardProxies();
  let hub: HubHarness;

  beforeAll(async () => {
    hub = await startHubHarness({ codes: CODES, urlFor });
    for (const code of CODES) {
      await hub.shards
        .get(code)!
        .harness.orm.em.fork()
        .insertMany(
          Project,
          Array.from({ length: ROWS }, (_, i) => syntheticProject(code, i + 1)),
        );
    }
  });
  afterAll(async () => {
    await hub?.close();
    await closeProxies();
  });

  async function page(first: number, orderBy: 'ID_ASC' | 'ID_DESC', after: string | null = null) {
    for (const proxy of proxies.values()) proxy.reset();
    const result = await hub.query(PAGE, { first, orderBy, after });
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return result.data!.projects;
  }

  const idsOf = (code: string, from: number, to: number) =>
    Array.from({ length: ROWS }, (_, i) => syntheticProject(code, i + 1).id!)
      .sort()
      .slice(from, to);

  it('asks every shard for a share first, then only the shards whose rows all made the page for the rest', async () => {
    // 20 rows over 4 shards: a share of max(5, ceil(2 × 20 / 4)) = 10 rows each. Round one's best 20
    // are the 10 of the lowest code and the 10 of the next: both may hide more, the others cannot.
    const projects = await page(20, 'ID_ASC');
    expect(projects.edges.map((e: any) => e.node.id)).toEqual(idsOf(LOWEST, 0, 20));
    expect(projects.totalCount).toBe(CODES.length * ROWS);
    expect(projects.pageInfo.hasNextPage).toBe(true);
    const twoRounds = [
      { first: 10, after: false },
      { first: 10, after: true },
    ];
    expect(pagesAsked(proxies.get(LOWEST)!)).toEqual(twoRounds);
    expect(pagesAsked(proxies.get(CODES[1])!)).toEqual(twoRounds);
    for (const code of CODES.slice(2)) expect(pagesAsked(proxies.get(code)!)).toEqual([{ first: 10, after: false }]);
  });

  it('continues on the next page from the merged cursor, completing only the shard that may hide rows', async () => {
    const first = await page(20, 'ID_ASC');
    const next = await page(20, 'ID_ASC', first.pageInfo.endCursor);
    expect(next.edges.map((e: any) => e.node.id)).toEqual([...idsOf(LOWEST, 20, 30), ...idsOf(CODES[1], 0, 10)]);
    // The lowest code has just its last 10 rows left: no more to ask for.
    expect(pagesAsked(proxies.get(LOWEST)!)).toEqual([{ first: 10, after: true }]);
    expect(pagesAsked(proxies.get(CODES[1])!)).toEqual([
      { first: 10, after: true },
      { first: 10, after: true },
    ]);
    expect(pagesAsked(proxies.get(HIGHEST)!)).toEqual([{ first: 10, after: true }]);
  });

  it('asks for the whole page in one round when a share would not be smaller', async () => {
    // 5 rows over 4 shards: a share would be max(5, ceil(2 × 5 / 4)) = 5, the whole page.
    await page(5, 'ID_ASC');
    for (const proxy of proxies.values()) expect(pagesAsked(proxy)).toEqual([{ first: 5, after: false }]);
  });

  describe('when a shard fails in round two', () => {
    const THREE = { prefectures: [LOWEST, CODES[1], CODES[2]] };
    const isRoundTwo = (request: { query: string }) => /after: "/.test(request.query);
    afterAll(() => {
      proxies.get(LOWEST)!.tamper = null;
    });

    // 20 rows over 3 shards: shares of max(5, ceil(40 / 3)) = 14. Round one's best 20 are the
    // lowest code's 14 and the next code's first 6; only the lowest code may hide more, and it fails.
    async function pageOfThree(after: string | null = null) {
      const result = await hub.query(
        `query($f: ProjectFilter, $after: String) {
        projects(first: 20, orderBy: ID_ASC, filter: $f, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } }
      }`,
        { f: THREE, after },
      );
      return { projects: result.data!.projects, errors: result.errors ?? [] };
    }

    it('stops the page where the others’ rows are certain instead of skipping rows, and names the shard', async () => {
      proxies.get(LOWEST)!.tamper = (request) => (isRoundTwo(request) ? 'garbage' : null);
      const { projects, errors } = await pageOfThree();
      // Without the failed shard the next code's 14 rows are all that is certain: its 15th could sort
      // before anything the third code sent.
      expect(projects.edges.map((e: any) => e.node.id)).toEqual(idsOf(CODES[1], 0, 14));
      expect(projects.pageInfo.hasNextPage).toBe(true);
      expect(errors.map((e) => [e.extensions?.code, e.extensions?.prefecture, e.extensions?.reason])).toEqual([
        ['PREFECTURE_UNAVAILABLE', LOWEST, 'BAD_RESPONSE'],
      ]);

      const next = await pageOfThree(projects.pageInfo.endCursor);
      expect(next.projects.edges.map((e: any) => e.node.id)).toEqual([
        ...idsOf(CODES[1], 14, 30),
        ...idsOf(CODES[2], 0, 4),
      ]);
    });

    it('treats a round-two page whose edges are not a list as that shard’s failure, not the request’s', async () => {
      proxies.get(LOWEST)!.tamper = (request) =>
        isRoundTwo(request) ? (answer: any) => void (answer.data.projects.edges = 'not a list') : null;
      const { projects, errors } = await pageOfThree();
      expect(projects.edges.map((e: any) => e.node.id)).toEqual(idsOf(CODES[1], 0, 14));
      expect(errors.map((e) => [e.extensions?.code, e.extensions?.prefecture, e.extensions?.reason])).toEqual([
        ['PREFECTURE_UNAVAILABLE', LOWEST, 'BAD_RESPONSE'],
      ]);
    });
  });

  it('passes a page size the contract refuses to the shards unchanged, so they refuse it', async () => {
    for (const proxy of proxies.values()) proxy.reset();
    const result = await hub.query(PAGE, { first: 501, orderBy: 'ID_ASC' });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    for (const proxy of proxies.values()) expect(pagesAsked(proxy)).toEqual([{ first: 501, after: false }]);
  });
});
