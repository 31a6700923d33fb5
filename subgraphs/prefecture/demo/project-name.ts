import type { DemoCounty, DemoPlace } from './demo-places.js';
import type { DemoIndustry } from './demo-industries.js';
import type { Rng } from './prng.js';

/** "曲靖陆良 20万吨绿色铝精深加工项目": place, then capacity and product of the industry. */
export function drawProjectName(rng: Rng, industry: DemoIndustry, place: DemoPlace, county: DemoCounty): string {
  // "大理大理" reads wrong: a county named like its prefecture goes by its full name alone.
  const where = county.short === place.short ? county.name : `${place.short}${county.short}`;
  const kind = rng.pick(industry.kinds);
  const what = kind.template.replace('{n}', () => String(rng.int(kind.min ?? 1, kind.max ?? 1)));
  const phase = rng.weighted([
    ['', 8],
    ['（一期）', 1],
    ['（二期）', 1],
  ] as const);
  return `${where} ${what}${phase}`;
}
