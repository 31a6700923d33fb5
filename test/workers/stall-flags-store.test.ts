import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSubgraphDatabase } from '../../lib/db/open-database.js';
import { PROVINCE_DATABASE } from '../../lib/hub-database/schema-definition.js';
import { StallFlagChange } from '../../lib/hub-database/entities/stall-flag-change.entity.js';
import { StallFlagRecord } from '../../lib/hub-database/entities/stall-flag.entity.js';
import { replaceFlags } from '../../lib/hub-database/store/stall-flags.store.js';
import { readStalledProjects } from '../../subgraphs/province/services/stall-reader.js';
import { StallRule, type StallFlag } from '../../lib/metrics-rules/index.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../bench/support/test-databases.js';

const CODE = '530100';
const [NIGHT1, NIGHT2] = ['2026-10-30', '2026-10-31'];

function flag(
  projectId: string,
  rule: StallRule,
  severity: StallFlag['severity'],
  obstacleId: string | null = null,
): StallFlag {
  return {
    projectId: `${CODE}-2018-${projectId}`,
    prefectureCode: CODE,
    rule,
    obstacleId,
    severity,
    since: '2026-09-01',
    evidence: { days: 90 },
  };
}

describe.each(DIALECTS)('stall flags in the hub database (%s)', (dialect) => {
  let db: TestDatabase;
  let orm: MikroORM;
  const em = () => orm.em.fork() as EntityManager;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    orm = await openSubgraphDatabase(PROVINCE_DATABASE, db.target, { migrate: true });
  });
  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  const stored = async (asOf: string) =>
    (await em().find(StallFlagRecord, { asOf, prefectureCode: CODE }, { orderBy: { flagKey: 'asc' } })).map(
      (f) => `${f.flagKey} ${f.severity}${f.isNew ? ' new' : ''}`,
    );
  const changes = async (asOf: string) =>
    (await em().find(StallFlagChange, { asOf, prefectureCode: CODE }, { orderBy: { flagKey: 'asc' } })).map(
      (c) => `${c.change} ${c.flagKey} ${c.severity}`,
    );

  const night1 = [
    flag('0001', StallRule.START_OVERDUE, 'YELLOW'),
    flag('0002', StallRule.LOW_FUNDS, 'RED'),
    flag('0003', StallRule.OBSTACLE_OPEN, 'YELLOW', 'ob-7'),
  ];
  // 0001 turned red, 0002 cleared, 0003's obstacle still open, 0004 new.
  const night2 = [
    flag('0001', StallRule.START_OVERDUE, 'RED'),
    flag('0003', StallRule.OBSTACLE_OPEN, 'YELLOW', 'ob-7'),
    flag('0004', StallRule.MISSING_REPORT, 'YELLOW'),
  ];

  it("writes a first night's flags all as new", async () => {
    expect(await replaceFlags(em(), NIGHT1, 'run-1', CODE, night1)).toEqual({ raised: 3, cleared: 0 });
    expect(await stored(NIGHT1)).toEqual([
      `${CODE}-2018-0001|START_OVERDUE YELLOW new`,
      `${CODE}-2018-0002|LOW_FUNDS RED new`,
      `${CODE}-2018-0003|OBSTACLE_OPEN|ob-7 YELLOW new`,
    ]);
  });

  it('diffs the next night against the previous one: new, turned red, cleared; unchanged flags not new', async () => {
    expect(await replaceFlags(em(), NIGHT2, 'run-2', CODE, night2)).toEqual({ raised: 2, cleared: 1 });
    expect(await stored(NIGHT2)).toEqual([
      `${CODE}-2018-0001|START_OVERDUE RED new`,
      `${CODE}-2018-0003|OBSTACLE_OPEN|ob-7 YELLOW`,
      `${CODE}-2018-0004|MISSING_REPORT YELLOW new`,
    ]);
    expect(await changes(NIGHT2)).toEqual([
      `NEW ${CODE}-2018-0001|START_OVERDUE RED`,
      `CLEARED ${CODE}-2018-0002|LOW_FUNDS RED`,
      `NEW ${CODE}-2018-0004|MISSING_REPORT YELLOW`,
    ]);
  });

  it('writes the same rows when the same night runs again, and leaves the earlier night alone', async () => {
    const [flagsBefore, changesBefore, night1Before] = [
      await stored(NIGHT2),
      await changes(NIGHT2),
      await stored(NIGHT1),
    ];
    expect(await replaceFlags(em(), NIGHT2, 'run-3', CODE, night2)).toEqual({ raised: 2, cleared: 1 });
    expect(await stored(NIGHT2)).toEqual(flagsBefore);
    expect(await changes(NIGHT2)).toEqual(changesBefore);
    expect(await stored(NIGHT1)).toEqual(night1Before);
  });

  it("stores each flagged project's cohort and industry, and the stalled list filters by them", async () => {
    const NIGHT3 = '2026-11-30';
    const sets: Record<string, { cohortYear: number; signingLevel: string; eventKind: string; industry: string }> = {
      [`${CODE}-2018-0001`]: {
        cohortYear: 2018,
        signingLevel: 'PROVINCIAL_MAJOR_EVENT',
        eventKind: 'SOUTH_ASIA_EXPO',
        industry: '绿色能源',
      },
      [`${CODE}-2018-0003`]: {
        cohortYear: 2019,
        signingLevel: 'PREFECTURE',
        eventKind: 'OTHER',
        industry: '高原特色农业',
      },
    };
    await replaceFlags(em(), NIGHT3, 'run-4', CODE, night2, (id) => sets[id]);
    const ids = async (filter: Parameters<typeof readStalledProjects>[1]) =>
      (await readStalledProjects(em(), filter, NIGHT3, 50, null)).items.map((f) => f.projectId.slice(-4)).sort();
    expect(await ids({})).toEqual(['0001', '0003', '0004']);
    expect(await ids({ cohort: { year: 2018 } })).toEqual(['0001']);
    expect(await ids({ cohort: { year: 2019, signingLevel: 'PREFECTURE' } })).toEqual(['0003']);
    expect(await ids({ cohort: { year: 2018, eventKind: 'OTHER' } })).toEqual([]);
    expect(await ids({ industries: ['高原特色农业', '绿色能源'] })).toEqual(['0001', '0003']);
    // A flag written without its project's set (an older run) matches no cohort filter.
    expect((await readStalledProjects(em(), { cohort: { year: 2018 } }, NIGHT3, 50, null)).totalCount).toBe(1);
  });
});
