import { EventKind, ObstacleCategory } from '../../../schema/contract/project-enums.js';
import { ProjectStage } from '../../../schema/contract/project-stage.js';
import type { Rng } from './prng.js';

/** Wording of demo narratives, obstacles and supervision findings, as officers write them. */

export function eventNameFor(
  rng: Rng,
  kind: EventKind,
  year: number,
  placeShort: string,
  investorOrigin: string,
): string | null {
  switch (kind) {
    case EventKind.SOUTH_ASIA_EXPO:
      return `${year}年中国—南亚博览会重大项目签约仪式`;
    case EventKind.INVESTMENT_FAIR:
      return `${year}年昆明投资贸易洽商会`;
    case EventKind.LEADER_DELEGATION:
      return `省领导率团赴${investorOrigin}开展经济合作交流活动`;
    default:
      return rng.chance(0.7) ? `${placeShort}${year}年招商引资项目推介会` : null;
  }
}

const NARRATIVES: Readonly<Record<ProjectStage, readonly string[]>> = {
  NEGOTIATING: ['双方就投资规模和用地条件继续洽谈。'],
  SIGNED: [
    '已签订投资协议，正在办理公司注册。',
    '投资方已完成项目选址踏勘，正在编制可行性研究报告。',
    '项目公司注册材料已提交，等待核准。',
  ],
  PREPARING: [
    '正在办理项目备案、用地预审和环评手续。',
    '项目用地已完成征收，正在办理林地使用手续。',
    '初步设计已完成，正在开展施工图审查。',
    '已完成公司注册和项目备案，正在办理用地手续。',
  ],
  UNDER_CONSTRUCTION: [
    '主体工程施工中，完成年度计划的约一半。',
    '厂房基础施工完成，钢结构安装中。',
    '设备采购合同已签订，部分设备已进场安装。',
    '场地平整完成，主体工程开工建设。',
  ],
  PARTIALLY_PRODUCING: ['一期已投产，二期主体工程施工中。', '首条生产线已投产，其余生产线安装调试中。'],
  OPERATING: ['项目已竣工投产，产能逐步释放。', '项目已投入运营，运行平稳。'],
  AT_CAPACITY: ['项目已达产，生产经营正常。'],
  TERMINATED: ['项目已终止。'],
};

const NEXT_STEPS: Readonly<Record<ProjectStage, readonly string[]>> = {
  NEGOTIATING: ['推动尽快签订正式协议。'],
  SIGNED: ['加快公司注册和项目备案。', '协调落实项目用地。'],
  PREPARING: ['加快办理环评、用地、林地手续，力争早日开工。', '协调解决用地指标，推动项目开工。'],
  UNDER_CONSTRUCTION: ['加快施工进度，确保按计划投产。', '督促资金到位，加快设备安装。'],
  PARTIALLY_PRODUCING: ['推进后续工程建设，力争全面投产。'],
  OPERATING: ['做好达产服务，协调解决生产要素保障。'],
  AT_CAPACITY: ['持续跟踪服务。'],
  TERMINATED: ['做好后续处置工作。'],
};

export const narrativeFor = (rng: Rng, stage: ProjectStage) => rng.pick(NARRATIVES[stage]);
export const nextStepsFor = (rng: Rng, stage: ProjectStage) => rng.pick(NEXT_STEPS[stage]);

/** Per category: problems as officers write them, each with the fix that closed it, and the department that answers. */
export const OBSTACLE_TEXTS: Readonly<
  Record<ObstacleCategory, { department: string; cases: readonly (readonly [problem: string, fix: string])[] }>
> = {
  INDUSTRY_PLANNING_SITING: {
    department: '发展和改革局',
    cases: [
      ['项目选址与园区产业规划不符，需调整规划。', '已完成园区规划调整。'],
      ['项目未纳入省级产业布局规划，待省级部门确认。', '已纳入产业布局规划。'],
    ],
  },
  ENVIRONMENTAL_ASSESSMENT: {
    department: '生态环境局',
    cases: [
      ['环境影响评价报告书审批未完成。', '环评已获批复。'],
      ['项目涉及生态保护红线，需调整用地范围。', '已调整用地范围避让生态保护红线。'],
    ],
  },
  FINANCING: {
    department: '地方金融管理局',
    cases: [
      ['银行贷款审批未通过，项目资金缺口较大。', '已协调银行完成授信。'],
      ['投资方融资受限，资金到位慢。', '引入产业基金解决资金缺口。'],
    ],
  },
  LAND_QUOTA: {
    department: '自然资源局',
    cases: [
      ['建设用地指标不足，用地报批未完成。', '已调剂用地指标并完成报批。'],
      ['土地征收补偿未达成一致。', '征地补偿已完成。'],
    ],
  },
  FOREST_LAND_QUOTA: {
    department: '林业和草原局',
    cases: [
      ['林地定额不足，使用林地审核未完成。', '已获得使用林地审核同意书。'],
      ['项目用地涉及公益林，需调整。', '已调整用地范围，避让公益林。'],
    ],
  },
  ENERGY_QUOTA: {
    department: '发展和改革局（能源局）',
    cases: [
      ['光伏项目未纳入年度开发建设方案。', '已纳入年度开发建设方案。'],
      ['用能指标不足，节能审查未通过。', '已通过节能审查。'],
    ],
  },
  POLICY_NOT_DELIVERED: {
    department: '投资促进局',
    cases: [
      ['协议约定的招商引资优惠政策未兑现。', '优惠政策已兑现。'],
      ['约定的基础设施配套未按期建成。', '配套基础设施已建成。'],
    ],
  },
  INVESTOR_SIDE: {
    department: '投资促进局',
    cases: [
      ['投资方战略调整，项目推进放缓。', '投资方已恢复推进。'],
      ['投资方股权变更，项目暂缓。', '股权变更已完成，项目恢复推进。'],
    ],
  },
  OTHER: {
    department: '人民政府',
    cases: [
      ['施工用电、用水接入未完成。', '已完成用电、用水接入。'],
      ['周边群众诉求未妥善解决。', '群众诉求已妥善解决。'],
    ],
  },
};

const FINDINGS: Readonly<Record<ProjectStage, readonly string[]>> = {
  ...NARRATIVES,
  SIGNED: ['项目签约后推进缓慢，前期手续办理滞后。', '项目公司尚未注册。'],
  PREPARING: ['前期手续办理进度滞后于计划。', '要素保障问题尚未解决，开工时间推迟。'],
  UNDER_CONSTRUCTION: ['项目建设进度基本符合计划。', '施工进度滞后，资金到位不足。'],
};

export const findingsFor = (rng: Rng, stage: ProjectStage) => rng.pick(FINDINGS[stage]);

export const REQUIRED_FIXES = [
  '限期完成前期手续办理。',
  '制定资金到位计划并报送。',
  '加快施工进度，每月报送进展。',
  '协调解决要素保障问题。',
];
export const SUPERVISION_OUTCOMES = [
  '已按期完成整改。',
  '部分完成整改，继续跟踪督办。',
  '未按期完成整改，已约谈相关负责人。',
];
export const FUNDING_SOURCES = ['企业自有资金', '银行贷款', '股东增资', '产业投资基金'];
