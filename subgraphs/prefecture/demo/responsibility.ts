import { SigningLevel } from '../../../schema/contract/project-enums.js';
import type { PrefectureInfo } from '../../../schema/prefectures.js';
import type { DemoCounty } from './demo-places.js';
import type { Rng } from './prng.js';

/** "谁签约、谁负责": who signed, who leads, and the "四个一" texts of provincial major projects. */
export interface Responsibility {
  signingUnit: string;
  leadOfficial: string;
  promotionPlan: string | null;
  supportingPolicy: string | null;
  promotionTeam: string | null;
}

function countyDeputyTitle(county: DemoCounty): string {
  if (county.name.endsWith('区')) return '副区长';
  if (county.name.endsWith('市')) return '副市长';
  return '副县长';
}

const POLICIES = [
  '优先保障项目建设用地和林地指标',
  '按规定享受省级产业发展专项资金支持',
  '享受西部大开发企业所得税优惠政策',
  '项目审批实行容缺受理、并联审批',
];

export function drawResponsibility(
  rng: Rng,
  input: {
    level: SigningLevel;
    prefecture: PrefectureInfo;
    county: DemoCounty;
    lead: string;
    projectName: string;
    department: string;
    year: number;
  },
): Responsibility {
  const { level, prefecture, county, lead } = input;
  const provincial = level !== SigningLevel.PREFECTURE;
  const title = provincial ? (prefecture.kind === 'city' ? '副市长' : '副州长') : countyDeputyTitle(county);
  const leadOfficial = `${lead}（${title}）`;
  const signingUnit = provincial ? `${prefecture.nameZh}人民政府` : `${county.name}人民政府`;
  // Only the provincial major-project list runs the "四个一" mechanism; a few others copy it.
  const fourOnes = level === SigningLevel.PROVINCIAL_MAJOR_PROJECT || rng.chance(0.1);
  if (!fourOnes) return { signingUnit, leadOfficial, promotionPlan: null, supportingPolicy: null, promotionTeam: null };
  return {
    signingUnit,
    leadOfficial,
    promotionPlan: `《${input.projectName}推进方案》：${input.year}年完成公司注册和前期手续，${input.year + 1}年开工建设，${input.year + 3}年建成投产。`,
    supportingPolicy: `按《云南省省级重大招商引资项目推进工作办法》（云政办发〔2017〕100号）开设绿色通道；${rng.pick(POLICIES)}。`,
    promotionTeam: `组长：${leadOfficial}；成员单位：${input.department}、${prefecture.nameZh}投资促进局、${county.name}人民政府。`,
  };
}
