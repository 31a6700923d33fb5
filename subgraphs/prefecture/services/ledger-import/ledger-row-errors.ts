import { LedgerErrorCode } from '../../../../schema/contract/ledger.js';
import type { LedgerRowError } from '../../graphql/types/ledger-import-result.type.js';

/**
 * Chinese names of the ledger row's fields, for the Chinese messages (the file side maps `field`
 * to its own column header; a message must read on its own too).
 */
const FIELD_ZH: Record<string, string> = {
  ledgerNumber: '台账编号',
  name: '项目名称',
  stage: '项目阶段',
  eventKind: '签约活动类型',
  eventName: '签约活动名称',
  signedOn: '签约日期',
  cohortYear: '批次年份',
  signingLevel: '签约层级',
  industry: '行业',
  investorName: '投资方',
  agreedInvestment: '协议投资额',
  nationalCode: '投资项目代码',
  agreementType: '协议类型',
  signingUnit: '签约单位',
  county: '县（市、区）',
  industryDepartment: '行业主管部门',
  leadOfficial: '牵头领导',
  promotionPlan: '推进方案',
  supportingPolicy: '支持政策',
  promotionTeam: '工作专班',
  investorCreditCode: '统一社会信用代码',
  investorOrigin: '投资方来源地',
  investmentCompleted: '完成投资',
  plannedRegistrationOn: '计划注册日期',
  actualRegistrationOn: '实际注册日期',
  plannedLandSupplyOn: '计划供地日期',
  actualLandSupplyOn: '实际供地日期',
  plannedStartOn: '计划开工日期',
  actualStartOn: '实际开工日期',
  plannedProductionOn: '计划投产日期',
  actualProductionOn: '实际投产日期',
  plannedCapacityOn: '计划达产日期',
  actualCapacityOn: '实际达产日期',
  fundsInPlace: '资金到位累计',
  fundsInPlaceAsOf: '资金到位截止日期',
};

const STAGE_ZH: Record<string, string> = {
  NEGOTIATING: '在谈',
  SIGNED: '签约',
  PREPARING: '筹建',
  UNDER_CONSTRUCTION: '开工在建',
  PARTIALLY_PRODUCING: '部分投产',
  OPERATING: '竣工投产',
  AT_CAPACITY: '达产',
  TERMINATED: '终止',
};

export const fieldZh = (field: string): string => FIELD_ZH[field] ?? field;
export const stageZh = (stage: string): string => STAGE_ZH[stage] ?? stage;

export function rowError(
  field: string | null,
  code: LedgerErrorCode,
  messageZh: string,
  messageEn: string,
): LedgerRowError {
  return { field, code, messageZh, messageEn: field ? `${field}: ${messageEn}` : messageEn };
}

export const requiredError = (field: string, why = 'is required'): LedgerRowError =>
  rowError(field, LedgerErrorCode.REQUIRED, `${fieldZh(field)}为必填项`, why);

/**
 * One problem the project rules (domain/project-rules.ts) found, with its code and a Chinese
 * message. The rules speak English; these are the sentences they can say.
 */
export function ruleError(field: string, message: string): LedgerRowError {
  const label = fieldZh(field);
  const translations: [RegExp, LedgerErrorCode, (m: RegExpExecArray) => string][] = [
    [/^must not be in the future \((.+)\)$/, LedgerErrorCode.FUTURE_DATE, (m) => `${label}不能晚于今天（${m[1]}）`],
    [
      /^must not be before (\w+) \((.+)\)$/,
      LedgerErrorCode.DATE_ORDER,
      (m) => `${label}不能早于${fieldZh(m[1])}（${m[2]}）`,
    ],
    [/^must not be empty$/, LedgerErrorCode.REQUIRED, () => `${label}不能为空`],
    [/^must contain visible characters$/, LedgerErrorCode.INVALID_VALUE, () => `${label}须包含可见字符`],
    [/^must be at most (\d+) characters$/, LedgerErrorCode.INVALID_VALUE, (m) => `${label}不能超过${m[1]}个字符`],
    [
      /^must not contain control character (U\+\w+)$/,
      LedgerErrorCode.INVALID_VALUE,
      (m) => `${label}含有控制字符 ${m[1]}`,
    ],
    [/^must not contain a lone surrogate/, LedgerErrorCode.INVALID_VALUE, () => `${label}含有无效的 Unicode 字符`],
    [/^must look like (.+)$/, LedgerErrorCode.INVALID_VALUE, (m) => `${label}格式应如 ${m[1]}`],
    [
      /^must be an 18-character unified social credit code$/,
      LedgerErrorCode.INVALID_VALUE,
      () => `${label}应为18位统一社会信用代码`,
    ],
    [/^must not be negative$/, LedgerErrorCode.INVALID_VALUE, () => `${label}不能为负数`],
    [/^is implausibly large$/, LedgerErrorCode.INVALID_VALUE, () => `${label}数额过大，请核对`],
    [/^must be (\d{4}) or later$/, LedgerErrorCode.INVALID_VALUE, (m) => `${label}不能早于${m[1]}年`],
    [/^must be (\d{4}) or earlier$/, LedgerErrorCode.INVALID_VALUE, (m) => `${label}不能晚于${m[1]}年`],
    [
      /^must be the signing year (\d{4}) of a signed project$/,
      LedgerErrorCode.INVALID_VALUE,
      (m) => `已签约项目的${label}须为签约年份${m[1]}`,
    ],
  ];
  for (const [pattern, code, zh] of translations) {
    const match = pattern.exec(message);
    if (match) return rowError(field, code, zh(match), message);
  }
  return rowError(field, LedgerErrorCode.INVALID_VALUE, `${label}取值无效（${message}）`, message);
}
