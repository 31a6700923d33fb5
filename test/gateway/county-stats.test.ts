import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubHarness, type HubHarness } from '../../bench/support/hub-harness.js';
import { ADMIN, officerOf } from '../../bench/support/hub-tokens.js';
import { createProject, errorCodes } from '../../bench/support/project-fixtures.js';
import { formatFen, parseYuan } from '../../schema/contract/money.js';
import { untilAllServing } from '../support/gateway-http.js';

const CODE = '530300';
const OTHER = '530400';

const STATS_FIELDS = `
  total signed withRegisteredCompany agreedInvestment fundsInPlace investmentCompleted
  byStage { negotiating signed preparing underConstruction partiallyProducing operating atCapacity terminated }
`;
const COUNTY_STATS = `query($prefecture: String!, $filter: ProjectFilter) {
  countyStats(prefecture: $prefecture, filter: $filter) { county stats { ${STATS_FIELDS} } }
}`;
const PROJECT_STATS = `query($filter: ProjectFilter) { projectStats(filter: $filter) { ${STATS_FIELDS} } }`;
const VOID = `mutation($input: VoidProjectInput!) { voidProject(input: $input) { id } }`;

type Stats = Record<string, any>;
interface CountyRow {
  county: string | null;
  stats: Stats;
}

/** Adds two ProjectStats answers field by field (Money as exact decimals in fen). */
function add(a: Stats, b: Stats): Stats {
  const sum: Stats = {};
  for (const [key, value] of Object.entries(a)) {
    if (typeof value === 'object') sum[key] = add(value, b[key]);
    else if (typeof value === 'number') sum[key] = value + b[key];
    else sum[key] = formatFen(parseYuan(value) + parseYuan(b[key]));
  }
  return sum;
}

describe('countyStats: projectStats of one prefecture county by county (real shards through the gateway)', () => {
  let hub: HubHarness;

  beforeAll(async () => {
    hub = await startHubHarness({ codes: [CODE, OTHER] });
    await untilAllServing(hub);
    const shard = hub.shards.get(CODE)!.harness;
    const projects: Record<string, unknown>[] = [
      { county: '麒麟区', industry: '绿色铝', agreedInvestment: '100.10' },
      { county: '麒麟区', industry: '硅光伏', agreedInvestment: '200.20', signedOn: '2019-03-01' },
      { county: '麒麟区', industry: '绿色铝', agreedInvestment: '300.30' },
      { county: '陆良县', industry: '绿色铝', agreedInvestment: '400.40' },
      { county: '陆良县', industry: '硅光伏', agreedInvestment: '500.50' },
      { county: '宣威市', industry: '绿色铝', agreedInvestment: '600.60' },
      { county: null, industry: '绿色铝', agreedInvestment: '700.70' },
      // Voided below: in no county's figures, as in no projectStats.
      { county: '会泽县', industry: '绿色铝', agreedInvestment: '800.80' },
    ];
    const created = [];
    for (const overrides of projects) created.push(await createProject(shard, overrides));
    const voided = await hub.query(
      VOID,
      { input: { projectId: created.at(-1)!.id, reason: '重复录入' } },
      officerOf(CODE),
    );
    expect(voided.errors).toBeUndefined();
    // Another prefecture's projects in a county of the same name must not count.
    await createProject(hub.shards.get(OTHER)!.harness, { county: '麒麟区' });
  });
  afterAll(() => hub?.close());

  async function countyStats(filter?: Record<string, unknown>, actor = ADMIN): Promise<CountyRow[]> {
    const result = await hub.query(COUNTY_STATS, { prefecture: CODE, filter }, actor);
    expect(result.errors).toBeUndefined();
    return result.data!.countyStats as CountyRow[];
  }

  async function projectStats(filter: Record<string, unknown>, actor = ADMIN): Promise<Stats> {
    const result = await hub.query(PROJECT_STATS, { filter }, actor);
    expect(result.errors).toBeUndefined();
    return result.data!.projectStats as Stats;
  }

  /** Each county equals projectStats filtered to it; all counties add up to the prefecture's projectStats. */
  async function expectAgreesWithProjectStats(filter: Record<string, unknown>) {
    const rows = await countyStats(filter);
    for (const row of rows.filter((r) => r.county !== null)) {
      expect(row.stats, row.county!).toEqual(
        await projectStats({ ...filter, prefectures: [CODE], counties: [row.county] }),
      );
    }
    const whole = await projectStats({ ...filter, prefectures: [CODE] });
    expect(rows.map((r) => r.stats).reduce(add)).toEqual(whole);
    return rows;
  }

  it('answers each county as projectStats does with filter.counties, adding up to the prefecture; voided projects left out', async () => {
    const rows = await expectAgreesWithProjectStats({});
    // Most signed first, ties by name, the projects without a county last.
    expect(rows.map((r) => [r.county, r.stats.signed])).toEqual([
      ['麒麟区', 3],
      ['陆良县', 2],
      ['宣威市', 1],
      [null, 1],
    ]);
    expect(rows.find((r) => r.county === null)!.stats.agreedInvestment).toBe('700.70');
  });

  it('applies the filter, as projectStats applies it', async () => {
    const rows = await expectAgreesWithProjectStats({ industries: ['硅光伏'] });
    expect(rows.map((r) => [r.county, r.stats.signed])).toEqual([
      ['陆良县', 1],
      ['麒麟区', 1],
    ]);
    const cohort = await expectAgreesWithProjectStats({ cohortYears: [2019] });
    expect(cohort.map((r) => r.county)).toEqual(['麒麟区']);
    // A filter naming other prefectures only leaves nothing of this one.
    expect(await countyStats({ prefectures: [OTHER] })).toEqual([]);
  });

  it('refuses a prefecture value that is no prefecture code, and one the shard it reaches does not serve', async () => {
    const bad = await hub.query(COUNTY_STATS, { prefecture: 'yunnan' }, ADMIN);
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors![0].extensions).toMatchObject({ field: 'countyStats.prefecture' });
    const wrong = await hub.query(COUNTY_STATS, { prefecture: `${CODE}9` }, ADMIN);
    expect(errorCodes(wrong)).toEqual(['WRONG_PREFECTURE']);
    expect(wrong.errors![0].extensions).toMatchObject({ field: 'prefecture' });
  });
});
