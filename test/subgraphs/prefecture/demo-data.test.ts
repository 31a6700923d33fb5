import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseTarget } from '../../../lib/database-url.js';
import { EventKind, ObstacleCategory, ProjectEventKind, SigningLevel } from '../../../schema/contract/project-enums.js';
import { ProjectStage, stageRank } from '../../../schema/contract/project-stage.js';
import { PREFECTURES } from '../../../schema/prefectures.js';
import { openPrefectureDatabase } from '../../../subgraphs/prefecture/db/open-database.js';
import {
  cohortAllocationOf,
  generateDemoData,
  MAX_AGREED_INVESTMENT,
  MIN_AGREED_INVESTMENT,
  seedCohortAllocation,
  seedDemoData,
  SEED_2018_MAJOR_PROJECT_FUNDS,
  type DemoData,
} from '../../../subgraphs/prefecture/demo/index.js';
import { isProjectId } from '../../../subgraphs/prefecture/domain/project-id.js';
import { NATIONAL_PROJECT_CODE, UNIFIED_CREDIT_CODE } from '../../../subgraphs/prefecture/domain/project-rules.js';
import type { ProjectFilter } from '../../../subgraphs/prefecture/graphql/inputs/project-filter.input.js';
import type { ProjectStats } from '../../../subgraphs/prefecture/graphql/types/project-stats.type.js';
import { createProjectChildLoaders } from '../../../subgraphs/prefecture/services/project-child-loaders.js';
import { projectStats } from '../../../subgraphs/prefecture/services/project-reader.js';
import { createTestDatabase } from '../../../bench/support/test-databases.js';

const MAJOR_EVENTS_2018: ProjectFilter = { cohortYears: [2018], signingLevels: [SigningLevel.PROVINCIAL_MAJOR_EVENT] };
const MAJOR_PROJECTS_2018: ProjectFilter = {
  cohortYears: [2018],
  signingLevels: [SigningLevel.PROVINCIAL_MAJOR_PROJECT],
};

/** GB 32100 check character, written independently of the generator's. */
function creditCodeIsValid(code: string): boolean {
  const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = weights.reduce((acc, w, i) => acc + charset.indexOf(code[i]) * w, 0);
  return UNIFIED_CREDIT_CODE.test(code) && charset[(31 - (sum % 31)) % 31] === code[17];
}

/** Every broken invariant of a prefecture's rows, as readable lines (empty when all hold). */
function violations(data: DemoData, referenceDate: string): string[] {
  const problems: string[] = [];
  const code = data.prefectureCode;
  const endOfReference = Date.parse(`${referenceDate}T23:59:59.999Z`);
  const signedOnOf = new Map<string, string | null>();
  const fundsOf = new Map<string, bigint>();
  for (const p of data.projects) {
    const bad = (what: string) => problems.push(`${p.id} (${p.stage}): ${what}`);
    if (signedOnOf.has(p.id)) bad('duplicate id');
    signedOnOf.set(p.id, p.signedOn);
    fundsOf.set(p.id, 0n);
    if (!isProjectId(p.id) || !p.id.startsWith(`${code}-`) || p.prefectureCode !== code)
      bad('id or prefecture code of another prefecture');
    if (Number(p.id.slice(7, 11)) !== p.cohortYear) bad('id year is not the cohort year');
    if (p.stage === ProjectStage.NEGOTIATING) {
      if (p.signedOn !== null || p.agreementType !== null) bad('negotiating but signed');
      if (p.fundsInPlace !== 0n) bad('negotiating with funds in place');
      if (p.cohortYear > Number(referenceDate.slice(0, 4))) bad('listed after the reference year');
    } else if (p.stage !== ProjectStage.TERMINATED && !p.signedOn) bad('signed stage without signedOn');
    if (p.signedOn && Number(p.signedOn.slice(0, 4)) !== p.cohortYear) bad('cohortYear is not the signing year');
    const live = p.stage !== ProjectStage.TERMINATED;
    const reached = (floor: ProjectStage) => live && stageRank(p.stage) >= stageRank(floor);
    if (live && reached(ProjectStage.UNDER_CONSTRUCTION) !== Boolean(p.actualStartOn))
      bad('actualStartOn does not match the stage');
    if (live && reached(ProjectStage.PARTIALLY_PRODUCING) !== Boolean(p.actualProductionOn))
      bad('actualProductionOn does not match the stage');
    if (live && (p.stage === ProjectStage.AT_CAPACITY) !== Boolean(p.actualCapacityOn))
      bad('actualCapacityOn does not match the stage');
    const actual = [
      p.signedOn,
      p.actualRegistrationOn,
      p.actualLandSupplyOn,
      p.actualStartOn,
      p.actualProductionOn,
      p.actualCapacityOn,
    ];
    for (const day of actual)
      if (day && (day > referenceDate || (p.signedOn && day < p.signedOn)))
        bad(`actual date ${day} outside signing..reference`);
    const inOrder = (...days: (string | null)[]) =>
      days.filter(Boolean).every((d, i, all) => i === 0 || all[i - 1]! <= d!);
    if (!inOrder(p.actualStartOn, p.actualProductionOn, p.actualCapacityOn)) bad('actual milestones out of order');
    if (!inOrder(p.plannedStartOn, p.plannedProductionOn, p.plannedCapacityOn)) bad('planned milestones out of order');
    if (p.agreedInvestment < MIN_AGREED_INVESTMENT || p.agreedInvestment > MAX_AGREED_INVESTMENT)
      bad(`agreed ${p.agreedInvestment} out of range`);
    if (p.fundsInPlace < 0n || p.fundsInPlace > p.agreedInvestment) bad('funds in place above agreed');
    if (p.investmentCompleted < 0n || p.investmentCompleted > p.fundsInPlace)
      bad('investment completed above funds in place');
    if (p.investorCreditCode !== null && !creditCodeIsValid(p.investorCreditCode))
      bad(`invalid credit code ${p.investorCreditCode}`);
    if (p.nationalCode !== null && !NATIONAL_PROJECT_CODE.test(p.nationalCode))
      bad(`invalid national code ${p.nationalCode}`);
    if (!(
      p.createdAt <= p.stageChangedAt &&
      p.stageChangedAt <= p.updatedAt &&
      p.updatedAt.getTime() <= endOfReference
    ))
      bad('timestamps out of order');
    if (
      p.signingLevel === SigningLevel.PROVINCIAL_MAJOR_PROJECT &&
      !(p.promotionPlan && p.supportingPolicy && p.promotionTeam)
    )
      bad('"四个一" fields missing');
  }
  const within = (id: string, day: string, what: string) => {
    const signedOn = signedOnOf.get(id);
    if (signedOn === undefined) problems.push(`${what} of unknown project ${id}`);
    else if (!signedOn || day < signedOn || day > referenceDate)
      problems.push(`${id}: ${what} on ${day} outside signing..reference`);
  };
  for (const f of data.fundingRecords) {
    within(f.project, f.receivedOn, 'funding');
    if (f.amount <= 0n) problems.push(`${f.project}: funding record of ${f.amount}`);
    fundsOf.set(f.project, (fundsOf.get(f.project) ?? 0n) + f.amount);
  }
  for (const p of data.projects)
    if (fundsOf.get(p.id) !== p.fundsInPlace)
      problems.push(`${p.id}: funds ${p.fundsInPlace} ≠ records ${fundsOf.get(p.id)}`);
  const periods = new Set<string>();
  for (const r of data.progressReports) {
    if (periods.has(`${r.project} ${r.period}`)) problems.push(`${r.project}: two reports for ${r.period}`);
    periods.add(`${r.project} ${r.period}`);
    const signingMonth = signedOnOf.get(r.project)?.slice(0, 7);
    if (!signingMonth || r.period < signingMonth || r.period > referenceDate.slice(0, 7))
      problems.push(`${r.project}: report for ${r.period}`);
    if (r.submittedAt.getTime() > endOfReference)
      problems.push(`${r.project}: report submitted after the reference date`);
  }
  for (const o of data.obstacles) {
    within(o.project, o.raisedOn, 'obstacle');
    if (o.resolvedOn && (o.resolvedOn < o.raisedOn || o.resolvedOn > referenceDate))
      problems.push(`${o.project}: obstacle resolved ${o.resolvedOn}`);
    if (Boolean(o.resolvedOn) !== Boolean(o.resolution))
      problems.push(`${o.project}: resolution without resolvedOn or vice versa`);
  }
  for (const s of data.supervisionRecords) within(s.project, s.supervisedOn, 'supervision');
  const created = data.events.filter((e) => e.kind === ProjectEventKind.CREATED).map((e) => e.project);
  if (created.length !== data.projects.length || new Set(created).size !== created.length)
    problems.push('not exactly one CREATED event per project');
  return problems;
}

/** How many of the prefecture's projects sit in each stage of one 2018 provincial cohort. */
function cohortStages(data: DemoData, level: SigningLevel): Partial<Record<ProjectStage, number>> {
  const counts: Partial<Record<ProjectStage, number>> = {};
  for (const p of data.projects)
    if (p.cohortYear === 2018 && p.signingLevel === level) counts[p.stage] = (counts[p.stage] ?? 0) + 1;
  return counts;
}

describe('generateDemoData', () => {
  it('is deterministic: the same options give equal rows, another seed other rows', () => {
    const options = { prefectureCode: '530300', projects: 200 };
    const first = generateDemoData(options);
    expect(generateDemoData(options)).toEqual(first);
    expect(generateDemoData({ ...options, seed: 7 })).not.toEqual(first);
    // The seed cohorts draw from their own stream: the background count does not move them.
    const cohortOnly = generateDemoData({ ...options, projects: 0 });
    expect(first.projects.slice(0, cohortOnly.projects.length)).toEqual(cohortOnly.projects);
  });

  it.each(['2026-10-31', '2021-03-15'])(
    'keeps every row consistent with the lifecycle (reference date %s)',
    (referenceDate) => {
      for (const code of ['530100', '532800', '533400']) {
        const data = generateDemoData({ prefectureCode: code, projects: 600, referenceDate });
        expect(violations(data, referenceDate)).toEqual([]);
        expect(cohortStages(data, SigningLevel.PROVINCIAL_MAJOR_EVENT)).toEqual(cohortAllocationOf(code).majorEvent);
        expect(cohortStages(data, SigningLevel.PROVINCIAL_MAJOR_PROJECT)).toEqual(
          cohortAllocationOf(code).majorProject,
        );
      }
    },
  );

  it('mixes stages, events, levels, years, obstacle categories and origins', () => {
    const data = generateDemoData({ prefectureCode: '530100', projects: 1500 });
    const distinct = <T>(values: T[]) => new Set(values);
    expect(distinct(data.projects.map((p) => p.stage))).toEqual(new Set(Object.values(ProjectStage)));
    expect(distinct(data.projects.map((p) => p.eventKind))).toEqual(new Set(Object.values(EventKind)));
    expect(distinct(data.projects.map((p) => p.signingLevel))).toEqual(new Set(Object.values(SigningLevel)));
    expect(distinct(data.obstacles.map((o) => o.category))).toEqual(new Set(Object.values(ObstacleCategory)));
    expect(distinct(data.projects.filter((p) => p.signedOn).map((p) => p.cohortYear))).toEqual(
      new Set([2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]),
    );
    expect(data.obstacles.some((o) => o.resolvedOn) && data.obstacles.some((o) => !o.resolvedOn)).toBe(true);
    expect(
      data.projects.some((p) => p.investorCreditCode === null) &&
        data.projects.some((p) => p.investorOrigin === '广东'),
    ).toBe(true);
    expect(data.projects.every((p) => /^\S+ \S+项目(（[一二]期）)?$/.test(p.name))).toBe(true);
    // Background projects never join the seed's 2018 provincial cohorts.
    const provincial2018 = data.projects.filter(
      (p) => p.cohortYear === 2018 && p.signingLevel !== SigningLevel.PREFECTURE,
    );
    expect(provincial2018).toHaveLength(
      Object.values(cohortAllocationOf('530100').majorEvent).reduce((a, b) => a + b, 0) +
        Object.values(cohortAllocationOf('530100').majorProject).reduce((a, b) => a + b, 0),
    );
  });

  it('builds the allocation table from the registry, with Kunming the largest share', () => {
    const table = seedCohortAllocation();
    expect(table.map((row) => row.prefectureCode)).toEqual(PREFECTURES.map((p) => p.code));
    const size = (row: (typeof table)[number]) =>
      [...Object.values(row.majorEvent), ...Object.values(row.majorProject)].reduce((a, b) => a + b, 0);
    expect(Math.max(...table.map(size))).toBe(size(table[0]));
    expect(table.reduce((sum, row) => sum + row.majorProjectFunds, 0n)).toBe(SEED_2018_MAJOR_PROJECT_FUNDS);
  });

  it('refuses options it cannot honour', () => {
    expect(() => generateDemoData({ prefectureCode: '530200' })).toThrow(/not a Yunnan prefecture/);
    expect(() => generateDemoData({ prefectureCode: '530100', referenceDate: '2018-12-31' })).toThrow(/referenceDate/);
    expect(() => generateDemoData({ prefectureCode: '530100', projects: -1 })).toThrow(/projects/);
  });
});

interface SeededPrefecture {
  code: string;
  projects: number;
  majorEvents: ProjectStats;
  majorProjects: ProjectStats;
  foreignRows: number;
  fundingRecords: number;
  fundsMismatches: unknown[];
}

const statsCtx = (orm: MikroORM, code: string, dialect: DatabaseTarget['dialect']) => {
  const em = orm.em.fork() as EntityManager;
  return {
    em,
    actor: { subject: 'demo', role: 'admin' as const },
    prefectureCode: code,
    dialect,
    loaders: createProjectChildLoaders(em),
    idempotencyKey: null,
  };
};

/** Seeds one prefecture, then reads back what the tests check, through the service and raw SQL. */
async function seedAndMeasure(target: DatabaseTarget, code: string, projects: number): Promise<SeededPrefecture> {
  const orm = await openPrefectureDatabase(target, { migrate: true });
  try {
    const counts = await seedDemoData(orm.em.fork(), { prefectureCode: code, projects, batchSize: 20 });
    const connection = orm.em.fork().getConnection();
    const [foreign] = await connection.execute<{ n: number | string }[]>(
      `select count(*) as n from project where prefecture_code <> ? or id not like ?`,
      [code, `${code}-%`],
    );
    const [records] = await connection.execute<{ n: number | string }[]>('select count(*) as n from funding_record');
    const fundsMismatches = await connection.execute(
      `select p.id, cast(p.funds_in_place as text) as funds, cast(coalesce(f.total, 0) as text) as records from project p
       left join (select project_id, sum(amount) as total from funding_record group by project_id) f on f.project_id = p.id
       where p.funds_in_place <> coalesce(f.total, 0)`,
    );
    return {
      code,
      projects: counts.projects,
      majorEvents: await projectStats(statsCtx(orm, code, target.dialect), MAJOR_EVENTS_2018),
      majorProjects: await projectStats(statsCtx(orm, code, target.dialect), MAJOR_PROJECTS_2018),
      foreignRows: Number(foreign.n),
      fundingRecords: Number(records.n),
      fundsMismatches,
    };
  } finally {
    await orm.close(true);
  }
}

describe('seedDemoData into 16 SQLite prefecture databases', () => {
  const dir = mkdtempSync(join(tmpdir(), 'demo-seed-'));
  const seeded: SeededPrefecture[] = [];
  const sum = (pick: (s: SeededPrefecture) => number) => seeded.reduce((total, s) => total + pick(s), 0);

  beforeAll(async () => {
    for (const prefecture of PREFECTURES) {
      seeded.push(
        await seedAndMeasure({ dialect: 'sqlite', path: join(dir, `${prefecture.code}.sqlite`) }, prefecture.code, 50),
      );
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reproduces the 2018 major-event cohort: 110 signed, 53 building, 5 operating, 26 preparing', () => {
    const stage = (key: keyof ProjectStats['byStage']) => sum((s) => s.majorEvents.byStage[key]);
    expect(seeded).toHaveLength(PREFECTURES.length);
    expect(sum((s) => s.majorEvents.signed)).toBe(110);
    expect([stage('underConstruction'), stage('operating'), stage('preparing')]).toEqual([53, 5, 26]);
    const started = stage('underConstruction') + stage('partiallyProducing') + stage('operating') + stage('atCapacity');
    expect(started).toBe(58); // 开工率 58/110 ≈ 53%
    expect(stage('preparing') + started).toBe(84); // 履约率 84/110 ≈ 76%
  });

  it('reproduces the 2018 major projects: 45, 30 started, 12 signed or preparing, 3 negotiating, funds exact', () => {
    const stage = (key: keyof ProjectStats['byStage']) => sum((s) => s.majorProjects.byStage[key]);
    expect(sum((s) => s.majorProjects.total)).toBe(45);
    expect(stage('underConstruction') + stage('partiallyProducing')).toBe(30);
    expect(stage('signed') + stage('preparing')).toBe(12);
    expect(stage('negotiating')).toBe(3);
    expect(seeded.reduce((total, s) => total + s.majorProjects.fundsInPlace, 0n)).toBe(SEED_2018_MAJOR_PROJECT_FUNDS);
  });

  it('stores only ids of the own prefecture in each database', () => {
    expect(seeded.map((s) => s.foreignRows)).toEqual(seeded.map(() => 0));
    for (const s of seeded)
      expect(s.projects).toBe(generateDemoData({ prefectureCode: s.code, projects: 50 }).projects.length);
  });

  it("stores funds in place equal to the sum of each project's funding records", () => {
    expect(sum((s) => s.fundingRecords)).toBeGreaterThan(100);
    expect(seeded.flatMap((s) => s.fundsMismatches)).toEqual([]);
  });
});

describe('seedDemoData into PostgreSQL', () => {
  it('stores the same figures as SQLite', async () => {
    const database = await createTestDatabase('postgresql');
    const sqliteDir = mkdtempSync(join(tmpdir(), 'demo-seed-pg-'));
    try {
      const postgres = await seedAndMeasure(database.target, '530100', 120);
      const sqlite = await seedAndMeasure({ dialect: 'sqlite', path: join(sqliteDir, 'k.sqlite') }, '530100', 120);
      expect(postgres.fundsMismatches).toEqual([]);
      expect(postgres).toEqual(sqlite);
    } finally {
      rmSync(sqliteDir, { recursive: true, force: true });
      await database.drop();
    }
  });
});
