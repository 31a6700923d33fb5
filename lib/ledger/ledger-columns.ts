import { labelledValues, type LabelledEnum } from '../../schema/enum-labels.js';

/**
 * The columns of a prefecture ledger (招商引资项目台账), in ONE place: the template, the parser and
 * the project export all read this table, so a file exported by the hub imports back unchanged.
 * Each column maps to one field of the contract's LedgerRowInput (schema/prefecture.graphql);
 * export-only columns (the project id, the prefecture, 亿元 figures) have no field and are ignored
 * when a file is imported.
 */

type LedgerColumnType = 'text' | 'date' | 'money' | 'enum' | 'int';

/** One enumeration value: the contract's value and how a Chinese ledger writes it (schema/enum-labels.json). */
interface EnumLabel {
  readonly value: string;
  readonly zh: string;
}

export interface LedgerColumn {
  /** The LedgerRowInput field; null for export-only columns. */
  readonly field: LedgerField | null;
  readonly headerZh: string;
  readonly headerEn: string;
  readonly type: LedgerColumnType;
  /** Non-null in LedgerRowInput: a row without it is refused in the file (REQUIRED). */
  readonly required?: boolean;
  readonly enumLabels?: readonly EnumLabel[];
  /** What the explanation sheet says about the column. */
  readonly noteZh: string;
  readonly noteEn: string;
  /** Column width in the template and exports, characters. */
  readonly width: number;
}

/** The fields of LedgerRowInput a file fills (rowNumber is the spreadsheet row itself). */
export type LedgerField =
  | 'ledgerNumber'
  | 'name'
  | 'stage'
  | 'eventKind'
  | 'eventName'
  | 'signedOn'
  | 'cohortYear'
  | 'signingLevel'
  | 'industry'
  | 'investorName'
  | 'agreedInvestment'
  | 'nationalCode'
  | 'agreementType'
  | 'signingUnit'
  | 'county'
  | 'industryDepartment'
  | 'leadOfficial'
  | 'promotionPlan'
  | 'supportingPolicy'
  | 'promotionTeam'
  | 'investorCreditCode'
  | 'investorOrigin'
  | 'investmentCompleted'
  | 'fundsInPlace'
  | 'fundsInPlaceAsOf'
  | 'plannedRegistrationOn'
  | 'actualRegistrationOn'
  | 'plannedLandSupplyOn'
  | 'actualLandSupplyOn'
  | 'plannedStartOn'
  | 'actualStartOn'
  | 'plannedProductionOn'
  | 'actualProductionOn'
  | 'plannedCapacityOn'
  | 'actualCapacityOn';

/** An enumeration's values and Chinese labels, from the one label table the dashboard reads too. */
const labelsOf = (enumName: LabelledEnum): readonly EnumLabel[] =>
  labelledValues(enumName).map(([value, [zh]]) => ({ value, zh }));

/**
 * Yunnan's priority industries, offered as a drop-down in the template. Industry is free text in
 * the contract (there is no industry reference table in schema/), so the drop-down only suggests:
 * Excel lets an officer type another industry, and the hub accepts it.
 */
export const SUGGESTED_INDUSTRIES: readonly string[] = [
  '绿色能源',
  '绿色铝',
  '硅光伏',
  '新能源电池',
  '生物医药',
  '高原特色农业',
  '烟草配套',
  '文化旅游',
  '数字经济',
  '现代物流',
  '新材料',
  '先进装备制造',
  '康养服务',
];

const text = (
  field: LedgerField,
  headerZh: string,
  headerEn: string,
  noteZh: string,
  noteEn: string,
  width = 16,
): LedgerColumn => ({ field, headerZh, headerEn, type: 'text', noteZh, noteEn, width });
const date = (field: LedgerField, headerZh: string, headerEn: string): LedgerColumn => ({
  field,
  headerZh,
  headerEn,
  type: 'date',
  noteZh: '日期，如 2024-03-15（可用 Excel 日期格式或文本）',
  noteEn: 'A date such as 2024-03-15 (an Excel date or text)',
  width: 12,
});

/** The importable columns, in the order of the template. */
export const LEDGER_COLUMNS: readonly LedgerColumn[] = [
  text(
    'ledgerNumber',
    '台账编号',
    'Ledger number',
    '本州市台账中的编号；与全国投资项目代码至少填一项，再次导入时据此匹配已有项目',
    "The prefecture's own ledger number; this or the national code is required, re-imports match projects by it",
    14,
  ),
  { ...text('name', '项目名称', 'Project name', '必填', 'Required', 36), required: true },
  {
    field: 'stage',
    headerZh: '项目阶段',
    headerEn: 'Stage',
    type: 'enum',
    enumLabels: labelsOf('ProjectStage'),
    noteZh: '从下拉列表选择；不填时有签约日期为“签约”，否则为“在谈”',
    noteEn: 'From the drop-down; empty: SIGNED when a signing date is given, else NEGOTIATING',
    width: 12,
  },
  {
    field: 'eventKind',
    headerZh: '签约活动类别',
    headerEn: 'Event kind',
    type: 'enum',
    required: true,
    enumLabels: labelsOf('EventKind'),
    noteZh: '必填，从下拉列表选择',
    noteEn: 'Required, from the drop-down',
    width: 14,
  },
  text('eventName', '签约活动名称', 'Event name', '如“第8届南博会”', 'e.g. “8th China–South Asia Expo”', 20),
  date('signedOn', '签约日期', 'Signed on'),
  {
    field: 'cohortYear',
    headerZh: '批次年度',
    headerEn: 'Cohort year',
    type: 'int',
    noteZh: '签约项目为签约年度；不填时自动取签约年度',
    noteEn: 'The signing year for signed projects; filled from the signing date when empty',
    width: 10,
  },
  {
    field: 'signingLevel',
    headerZh: '项目层级',
    headerEn: 'Signing level',
    type: 'enum',
    required: true,
    enumLabels: labelsOf('SigningLevel'),
    noteZh: '必填，从下拉列表选择',
    noteEn: 'Required, from the drop-down',
    width: 24,
  },
  {
    ...text(
      'industry',
      '行业归属',
      'Industry',
      '必填；下拉列表为建议值，可填写其他行业',
      'Required; the drop-down suggests, other industries are accepted',
      14,
    ),
    required: true,
  },
  { ...text('investorName', '投资方名称', 'Investor', '必填', 'Required', 28), required: true },
  {
    field: 'agreedInvestment',
    headerZh: '协议投资额（元）',
    headerEn: 'Agreed investment (yuan)',
    type: 'money',
    required: true,
    noteZh: '必填，单位元，最多两位小数',
    noteEn: 'Required, in yuan, at most two decimals',
    width: 18,
  },
  text(
    'nationalCode',
    '全国投资项目代码',
    'National project code',
    '格式 YYYY-XXXXXX-XX-XX-XXXXXX',
    'Format YYYY-XXXXXX-XX-XX-XXXXXX',
    26,
  ),
  {
    field: 'agreementType',
    headerZh: '协议类型',
    headerEn: 'Agreement type',
    type: 'enum',
    enumLabels: labelsOf('AgreementType'),
    noteZh: '从下拉列表选择',
    noteEn: 'From the drop-down',
    width: 12,
  },
  text('signingUnit', '签约单位', 'Signing unit', '', ''),
  text('county', '所在县（市、区）', 'County', '', ''),
  text('industryDepartment', '行业主管部门', 'Industry department', '', ''),
  text('leadOfficial', '牵头领导', 'Lead official', '', '', 12),
  text('promotionPlan', '一个推进方案', 'Promotion plan', '“四个一”机制', 'The “four ones” mechanism', 20),
  text('supportingPolicy', '一个支持政策', 'Supporting policy', '“四个一”机制', 'The “four ones” mechanism', 20),
  text('promotionTeam', '一个工作专班', 'Promotion team', '“四个一”机制', 'The “four ones” mechanism', 20),
  text('investorCreditCode', '统一社会信用代码', 'Investor credit code', '18 位', '18 characters', 20),
  text('investorOrigin', '投资方来源地', 'Investor origin', '如“广东深圳”', 'e.g. “Shenzhen, Guangdong”', 14),
  {
    field: 'investmentCompleted',
    headerZh: '累计完成投资（元）',
    headerEn: 'Investment completed (yuan)',
    type: 'money',
    noteZh: '单位元，最多两位小数',
    noteEn: 'In yuan, at most two decimals',
    width: 18,
  },
  {
    field: 'fundsInPlace',
    headerZh: '资金到位累计（元）',
    headerEn: 'Funds in place (yuan)',
    type: 'money',
    noteZh: '累计到位资金；大于已记录数时按差额新增一笔到位记录，小于已记录数为错误',
    noteEn:
      'Cumulative funds arrived; above the recorded total adds one funding record of the difference, below it is an error',
    width: 18,
  },
  {
    field: 'fundsInPlaceAsOf',
    headerZh: '资金到位截至日期',
    headerEn: 'Funds as of',
    type: 'date',
    noteZh: '填写资金到位累计时必填',
    noteEn: 'Required when funds in place are given',
    width: 12,
  },
  date('plannedRegistrationOn', '计划注册日期', 'Planned registration'),
  date('actualRegistrationOn', '实际注册日期', 'Actual registration'),
  date('plannedLandSupplyOn', '计划供地日期', 'Planned land supply'),
  date('actualLandSupplyOn', '实际供地日期', 'Actual land supply'),
  date('plannedStartOn', '计划开工日期', 'Planned start'),
  date('actualStartOn', '实际开工日期', 'Actual start'),
  date('plannedProductionOn', '计划投产日期', 'Planned production'),
  date('actualProductionOn', '实际投产日期', 'Actual production'),
  date('plannedCapacityOn', '计划达产日期', 'Planned capacity'),
  date('actualCapacityOn', '实际达产日期', 'Actual capacity'),
];

/** Columns a project export adds after the ledger's: read by people, ignored by an import. */
export const EXPORT_ONLY_COLUMNS: readonly LedgerColumn[] = [
  {
    field: null,
    headerZh: '项目ID',
    headerEn: 'Project id',
    type: 'text',
    noteZh: '系统编号（导入时忽略）',
    noteEn: "The hub's id (ignored on import)",
    width: 18,
  },
  {
    field: null,
    headerZh: '州市',
    headerEn: 'Prefecture',
    type: 'text',
    noteZh: '导入时忽略',
    noteEn: 'Ignored on import',
    width: 12,
  },
  {
    field: null,
    headerZh: '协议投资额（亿元）',
    headerEn: 'Agreed investment (100 million yuan)',
    type: 'money',
    noteZh: '导入时忽略',
    noteEn: 'Ignored on import',
    width: 14,
  },
];

const ALL_COLUMNS = [...LEDGER_COLUMNS, ...EXPORT_ONLY_COLUMNS];

/**
 * Every column by its normalized Chinese and English header, made once: a file may bring
 * hundreds of thousands of header cells. In column order, the first column of a header wins.
 */
const COLUMNS_BY_HEADER = new Map(
  ALL_COLUMNS.flatMap((column) =>
    [column.headerZh, column.headerEn].map((h) => [normalizeHeader(h), column] as const),
  ).reverse(),
);

/** A header cell's column: Chinese or English header, spaces and full-width brackets forgiven. */
export function columnOfHeader(header: string): LedgerColumn | undefined {
  return COLUMNS_BY_HEADER.get(normalizeHeader(header));
}

function normalizeHeader(header: string): string {
  return header.replace(/[（]/g, '(').replace(/[）]/g, ')').replace(/\s+/g, '').toLowerCase();
}

/** The column of a LedgerRowInput field (the shard's row errors name fields). */
export function columnOfField(field: string): LedgerColumn | undefined {
  return LEDGER_COLUMNS.find((c) => c.field === field);
}

/** The contract value of an enumeration cell: its Chinese label or the value itself. */
export function enumValueOf(column: LedgerColumn, cell: string): string | undefined {
  const wanted = cell.trim();
  return column.enumLabels?.find((l) => l.zh === wanted || l.value === wanted.toUpperCase())?.value;
}

/** How an enumeration value is written in a Chinese ledger. */
export function enumLabelOf(column: LedgerColumn, value: string): string {
  return column.enumLabels?.find((l) => l.value === value)?.zh ?? value;
}
