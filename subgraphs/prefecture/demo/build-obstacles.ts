import { EscalationLevel, ObstacleCategory } from '../../../schema/contract/project-enums.js';
import { ProjectStage } from '../../../schema/contract/project-stage.js';
import { addDays, daysBetween } from '../../../lib/calendar.js';
import type { DemoObstacleRow } from './demo-rows.js';
import { OBSTACLE_TEXTS } from './demo-texts.js';
import { activeUntil, type ProjectScene } from './project-scene.js';
import { dayBetween } from './project-plan.js';
import type { Rng } from './prng.js';

/** The 要素保障 problems of the seed, land and environment being the most common. */
const CATEGORY_WEIGHTS: readonly (readonly [ObstacleCategory, number])[] = [
  [ObstacleCategory.LAND_QUOTA, 18],
  [ObstacleCategory.ENVIRONMENTAL_ASSESSMENT, 14],
  [ObstacleCategory.FINANCING, 14],
  [ObstacleCategory.FOREST_LAND_QUOTA, 12],
  [ObstacleCategory.INDUSTRY_PLANNING_SITING, 10],
  [ObstacleCategory.ENERGY_QUOTA, 8],
  [ObstacleCategory.INVESTOR_SIDE, 10],
  [ObstacleCategory.POLICY_NOT_DELIVERED, 6],
  [ObstacleCategory.OTHER, 6],
];

/** Stuck projects (signed or preparing) report obstacles more often than moving ones. */
function obstacleOdds(stage: ProjectStage): number {
  if (stage === ProjectStage.NEGOTIATING) return 0;
  return stage === ProjectStage.SIGNED || stage === ProjectStage.PREPARING ? 0.4 : 0.2;
}

/** Obstacles of a share of the projects; about half resolved, the rest open and escalating with age. */
export function buildObstacles(rng: Rng, scene: ProjectScene): DemoObstacleRow[] {
  const { plan, county, prefecture } = scene;
  if (!plan.signedOn || !rng.chance(obstacleOdds(plan.stage))) return [];
  const until = activeUntil(scene);
  const rows: DemoObstacleRow[] = [];
  for (let i = rng.int(1, 3); i > 0; i--) {
    const category = rng.weighted(CATEGORY_WEIGHTS);
    const texts = OBSTACLE_TEXTS[category];
    const [problem, fix] = rng.pick(texts.cases);
    const raisedOn = dayBetween(rng, plan.signedOn, until);
    const resolvedCandidate = addDays(raisedOn, rng.int(7, 240));
    const resolvedOn = rng.chance(0.55) && resolvedCandidate <= until ? resolvedCandidate : null;
    const openDays = daysBetween(raisedOn, resolvedOn ?? until);
    const escalationLevel =
      openDays > 120
        ? rng.weighted([
            [EscalationLevel.PROVINCE, 1],
            [EscalationLevel.PREFECTURE, 2],
          ] as const)
        : openDays > 60
          ? EscalationLevel.PREFECTURE
          : EscalationLevel.COUNTY;
    const unit = escalationLevel === EscalationLevel.COUNTY ? county.name : prefecture.nameZh;
    rows.push({
      project: scene.id,
      category,
      description: problem,
      responsibleDepartment: `${unit}${texts.department}`,
      raisedOn,
      resolvedOn,
      resolution: resolvedOn ? fix : null,
      escalationLevel,
    });
  }
  return rows;
}
