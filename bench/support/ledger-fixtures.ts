/** Ledger rows and the import mutation, as tests and benchmarks of the shard's bulk path send them. */

export { IMPORT_LEDGER_ROWS } from '../../gateway/ledger/ledger-import.js';

interface LedgerRowResultShape {
  rowNumber: number;
  action: 'CREATE' | 'UPDATE' | 'UNCHANGED' | 'ERROR';
  projectId: string | null;
  errors: { field: string | null; code: string; messageZh: string; messageEn: string }[];
}

export interface LedgerImportResultShape {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** True when the shard answered an earlier call's outcome again (same Idempotency-Key). */
  replayed: boolean;
  rows: LedgerRowResultShape[];
}

/** A valid ledger row of a signed project of `code`, numbered `rowNumber`; override any field. */
export function ledgerRow(code: string, rowNumber: number, overrides: Record<string, unknown> = {}) {
  const n = String(rowNumber).padStart(6, '0');
  return {
    rowNumber,
    ledgerNumber: `TZ-${n}`,
    name: `台账项目 ${n}`,
    stage: 'SIGNED',
    eventKind: 'SOUTH_ASIA_EXPO',
    eventName: '第6届南博会',
    signedOn: '2019-06-15',
    signingLevel: 'PROVINCIAL_MAJOR_EVENT',
    industry: '绿色铝',
    county: '陆良县',
    investorName: '广东某铝业集团有限公司',
    investorOrigin: '广东',
    agreedInvestment: '1200000000.00',
    nationalCode: `2019-${code}-44-03-${n}`,
    plannedStartOn: '2019-09-01',
    promotionPlan: '一个项目、一套推进方案、一项支持政策、一个工作专班，按月调度推进',
    ...overrides,
  };
}

/** The input of one call: `rows` of `code` from the file `fileName`. */
export function importInput(code: string, rows: readonly object[], dryRun: boolean, fileName = '昆明市台账.xlsx') {
  return {
    prefectureCode: code,
    dryRun,
    source: { fileName, sha256: 'ab'.repeat(32) },
    rows,
  };
}
