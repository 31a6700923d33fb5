/**
 * Yunnan's priority industries as the demo uses them: what a project of the industry is called,
 * which department follows it, and the words an investor of that trade puts in its name.
 */
interface ProductKind {
  /** Name after the place; `{n}` becomes a capacity drawn from [min, max]. */
  readonly template: string;
  readonly min?: number;
  readonly max?: number;
}

export interface DemoIndustry {
  readonly name: string;
  /** Prefecture department that follows projects of the industry (行业归属). */
  readonly department: string;
  /** Two-digit industry part of the national project code (国民经济行业 division). */
  readonly codeDivision: string;
  readonly companyWords: readonly string[];
  readonly kinds: readonly ProductKind[];
  /** Relative frequency among background projects. */
  readonly weight: number;
}

const kind = (template: string, min?: number, max?: number): ProductKind => ({ template, min, max });

export const DEMO_INDUSTRIES: readonly DemoIndustry[] = [
  {
    name: '绿色能源',
    department: '发展和改革委员会（能源局）',
    codeDivision: '44',
    weight: 12,
    companyWords: ['新能源', '清洁能源', '能源科技'],
    kinds: [
      kind('{n}万千瓦光伏发电项目', 5, 100),
      kind('{n}万千瓦风电项目', 5, 60),
      kind('{n}万千瓦农光互补光伏电站项目', 5, 50),
      kind('{n}万千瓦抽水蓄能电站项目', 60, 140),
    ],
  },
  {
    name: '绿色铝',
    department: '工业和信息化局',
    codeDivision: '32',
    weight: 6,
    companyWords: ['铝业', '轻合金', '金属材料'],
    kinds: [
      kind('{n}万吨绿色铝精深加工项目', 5, 60),
      kind('{n}万吨再生铝项目', 5, 30),
      kind('{n}万吨铝合金新材料项目', 5, 40),
    ],
  },
  {
    name: '硅光伏',
    department: '工业和信息化局',
    codeDivision: '30',
    weight: 6,
    companyWords: ['硅业', '光伏科技', '硅材料'],
    kinds: [
      kind('{n}万吨工业硅项目', 5, 20),
      kind('{n}GW单晶硅拉棒切片项目', 5, 30),
      kind('{n}GW高效光伏组件项目', 2, 20),
    ],
  },
  {
    name: '新能源电池',
    department: '工业和信息化局',
    codeDivision: '38',
    weight: 6,
    companyWords: ['锂电', '储能科技', '新能源材料'],
    kinds: [
      kind('{n}万吨磷酸铁锂正极材料项目', 2, 30),
      kind('{n}GWh储能电池项目', 2, 20),
      kind('{n}万吨锂电池电解液项目', 2, 10),
    ],
  },
  {
    name: '生物医药',
    department: '工业和信息化局',
    codeDivision: '27',
    weight: 6,
    companyWords: ['生物科技', '药业', '健康科技'],
    kinds: [
      kind('三七中药饮片生产基地项目'),
      kind('{n}吨天然药物提取项目', 100, 2000),
      kind('生物医药产业园项目'),
      kind('灯盏花种植及提取加工项目'),
    ],
  },
  {
    name: '高原特色农业',
    department: '农业农村局',
    codeDivision: '01',
    weight: 12,
    companyWords: ['农业发展', '农业科技', '食品'],
    kinds: [
      kind('{n}万亩咖啡种植及精深加工项目', 1, 10),
      kind('{n}万亩高原蔬菜基地项目', 1, 5),
      kind('{n}万头生猪养殖项目', 5, 50),
      kind('{n}万亩生态茶园项目', 1, 5),
      kind('鲜切花冷链加工项目'),
      kind('{n}万亩坚果种植加工项目', 1, 10),
    ],
  },
  {
    name: '烟草配套',
    department: '工业和信息化局',
    codeDivision: '16',
    weight: 3,
    companyWords: ['包装材料', '印务', '实业'],
    kinds: [kind('烟草薄片生产线项目'), kind('烟用材料生产项目'), kind('{n}万箱卷烟配套包装项目', 10, 80)],
  },
  {
    name: '文化旅游',
    department: '文化和旅游局',
    codeDivision: '90',
    weight: 10,
    companyWords: ['文化旅游', '旅游开发', '文旅'],
    kinds: [
      kind('古镇文旅综合体项目'),
      kind('温泉康旅度假区项目'),
      kind('国际旅游度假区项目'),
      kind('民族文化体验园项目'),
    ],
  },
  {
    name: '数字经济',
    department: '工业和信息化局',
    codeDivision: '65',
    weight: 7,
    companyWords: ['数字科技', '信息技术', '云计算'],
    kinds: [
      kind('{n}千架数据中心项目', 1, 20),
      kind('跨境数字贸易产业园项目'),
      kind('智算中心项目'),
      kind('软件和信息服务产业园项目'),
    ],
  },
  {
    name: '现代物流',
    department: '商务局',
    codeDivision: '59',
    weight: 7,
    companyWords: ['供应链', '物流', '国际货运'],
    kinds: [
      kind('冷链物流园项目'),
      kind('国际陆港物流园项目'),
      kind('跨境物流枢纽项目'),
      kind('{n}万吨农产品仓储配送中心项目', 5, 50),
    ],
  },
  {
    name: '新材料',
    department: '工业和信息化局',
    codeDivision: '32',
    weight: 6,
    companyWords: ['新材料', '稀贵金属', '化工'],
    kinds: [
      kind('{n}吨锗材料深加工项目', 10, 100),
      kind('{n}万吨磷化工新材料项目', 5, 30),
      kind('{n}吨稀贵金属新材料项目', 50, 500),
    ],
  },
  {
    name: '先进装备制造',
    department: '工业和信息化局',
    codeDivision: '36',
    weight: 6,
    companyWords: ['智能装备', '汽车零部件', '机械'],
    kinds: [
      kind('新能源汽车零部件项目'),
      kind('{n}台电动载货车整车项目', 1000, 20000),
      kind('智能电网装备制造项目'),
      kind('农机装备制造项目'),
    ],
  },
  {
    name: '康养服务',
    department: '民政局',
    codeDivision: '85',
    weight: 5,
    companyWords: ['健康产业', '康养', '养老服务'],
    kinds: [kind('健康养老社区项目'), kind('森林康养基地项目'), kind('国际康养中心项目')],
  },
];
