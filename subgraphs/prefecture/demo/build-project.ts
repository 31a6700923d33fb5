import { AgreementType, ProjectEventKind } from '../../../schema/contract/project-enums.js';
import { ProjectStage, stageRank } from '../../../schema/contract/project-stage.js';
import type { PrefectureInfo } from '../../../schema/prefectures.js';
import { buildFundingRecords } from './build-funding.js';
import { buildMilestones } from './build-milestones.js';
import { buildObstacles } from './build-obstacles.js';
import { buildProgressReports } from './build-progress-reports.js';
import { buildSupervisionRecords } from './build-supervision.js';
import { instantOn, yearOf } from './dates.js';
import { DEMO_INDUSTRIES } from './demo-industries.js';
import { drawInvestor } from './demo-investors.js';
import { personName } from './demo-people.js';
import type { DemoPlace } from './demo-places.js';
import type { DemoData } from './demo-rows.js';
import { eventNameFor } from './demo-texts.js';
import { drawMoney } from './draw-money.js';
import { drawProjectName } from './project-name.js';
import type { ProjectPlan } from './project-plan.js';
import type { ProjectScene } from './project-scene.js';
import type { Rng } from './prng.js';
import { drawResponsibility } from './responsibility.js';

export interface DemoSetting {
  readonly prefecture: PrefectureInfo;
  readonly place: DemoPlace;
  readonly referenceDate: string;
}

type ProjectRows = Omit<DemoData, 'prefectureCode'>;

/** Fills in one planned project and its follow-up records, appending every row to `out`. */
export function buildProject(rng: Rng, id: string, plan: ProjectPlan, setting: DemoSetting, out: ProjectRows): void {
  const { prefecture, place, referenceDate } = setting;
  const industry = rng.weighted(DEMO_INDUSTRIES.map((i) => [i, i.weight] as const));
  const county = rng.pick(place.counties);
  const name = drawProjectName(rng, industry, place, county);
  const investor = drawInvestor(rng, industry);
  const money = drawMoney(rng, plan);
  const milestones = buildMilestones(rng, plan, referenceDate);
  const department = `${prefecture.nameZh}${industry.department}`;
  const responsibility = drawResponsibility(rng, {
    level: plan.signingLevel,
    prefecture,
    county,
    lead: personName(rng),
    projectName: name,
    department,
    year: plan.cohortYear,
  });
  const scene: ProjectScene = {
    id,
    plan,
    milestones,
    referenceDate,
    prefecture,
    place,
    county,
    officer: personName(rng),
    investorFromAbroad: investor.creditCode === null,
  };
  const fundingRecords = buildFundingRecords(rng, scene, money.fundsInPlace);
  const progressReports = buildProgressReports(rng, scene, fundingRecords);
  const obstacles = buildObstacles(rng, scene);
  const supervisionRecords = buildSupervisionRecords(rng, scene);

  const { stageChangedOn, ...dates } = milestones;
  // The national code is assigned at filing, which comes with company registration.
  const filed =
    dates.actualRegistrationOn && stageRank(plan.stage) >= stageRank(ProjectStage.PREPARING) && rng.chance(0.9);
  const nationalCode = filed
    ? `${yearOf(dates.actualRegistrationOn!)}-${prefecture.code}-${industry.codeDivision}-${rng.pick(['01', '02', '03'])}-${String(rng.int(0, 999_999)).padStart(6, '0')}`
    : null;
  const createdAt = instantOn(plan.listedOn, 1, rng.int(0, 59));
  const stageChangedAt =
    plan.stage === ProjectStage.NEGOTIATING ? createdAt : instantOn(stageChangedOn, 3, rng.int(0, 59));
  const childTimes = [
    ...fundingRecords.map((r) => r.recordedAt.getTime()),
    ...progressReports.map((r) => r.submittedAt.getTime()),
  ];
  const updatedAt = new Date(Math.max(stageChangedAt.getTime(), ...childTimes));

  out.projects.push({
    id,
    prefectureCode: prefecture.code,
    name,
    nationalCode,
    stage: plan.stage,
    version: 1,
    eventKind: plan.eventKind,
    eventName: eventNameFor(rng, plan.eventKind, yearOf(plan.listedOn), place.short, investor.origin),
    signedOn: plan.signedOn,
    cohortYear: plan.cohortYear,
    agreementType: plan.signedOn
      ? rng.weighted([
          [AgreementType.FORMAL, 65],
          [AgreementType.FRAMEWORK, 35],
        ] as const)
      : null,
    signingLevel: plan.signingLevel,
    county: county.name,
    industry: industry.name,
    industryDepartment: department,
    ...responsibility,
    investorName: investor.name,
    investorCreditCode: investor.creditCode,
    investorOrigin: investor.origin,
    ...money,
    ...dates,
    stageChangedAt,
    createdAt,
    updatedAt,
    // The prefecture's own ledger numbers (台账编号); derived from the id so the draws stay as they were.
    ledgerNumber: id.slice(prefecture.code.length + 1),
    voidedAt: null,
    voidReason: null,
  });
  out.fundingRecords.push(...fundingRecords);
  out.progressReports.push(...progressReports);
  out.obstacles.push(...obstacles);
  out.supervisionRecords.push(...supervisionRecords);
  out.events.push({
    project: id,
    kind: ProjectEventKind.CREATED,
    at: createdAt,
    actorSubject: 'demo-seed',
    actorRole: 'admin',
    fromStage: null,
    toStage: plan.stage,
    reason: '演示数据：按当前阶段导入',
    changes: null,
    source: 'demo-seed',
  });
}
