import type { EntityManager } from '@mikro-orm/knex';
import { LedgerErrorCode } from '../../../../schema/contract/ledger.js';
import { findPrefecture } from '../../../../schema/prefectures.js';
import type { LedgerRowError } from '../../graphql/types/ledger-import-result.type.js';
import { findProjectRows, type ProjectRow } from '../project-rows.js';
import type { LedgerRow } from './ledger-row.js';
import { rowError } from './ledger-row-errors.js';

/** Existing projects of this prefecture the rows of one call name, read in two queries. */
export interface LedgerMatches {
  readonly byLedgerNumber: ReadonlyMap<string, ProjectRow>;
  readonly byNationalCode: ReadonlyMap<string, readonly ProjectRow[]>;
}

/**
 * Reads every project a row names by ledger number or national code, all rows at once: one
 * query per key over the whole chunk instead of one or two per row.
 */
export async function findLedgerMatches(em: EntityManager, rows: readonly LedgerRow[]): Promise<LedgerMatches> {
  const ledgerNumbers = unique(rows.map((row) => row.ledgerNumber));
  const nationalCodes = unique(rows.map((row) => row.nationalCode));
  const [byLedger, byCode] = await Promise.all([
    ledgerNumbers.length ? findProjectRows(em, { ledgerNumber: { $in: ledgerNumbers } }) : [],
    nationalCodes.length ? findProjectRows(em, { nationalCode: { $in: nationalCodes } }) : [],
  ]);
  const byNationalCode = new Map<string, ProjectRow[]>();
  for (const project of byCode) {
    const list = byNationalCode.get(project.nationalCode!) ?? [];
    list.push(project);
    byNationalCode.set(project.nationalCode!, list);
  }
  return { byLedgerNumber: new Map(byLedger.map((p) => [p.ledgerNumber!, p])), byNationalCode };
}

/** The project a row updates (null: it creates one), or why no single project can be chosen. */
export type RowMatch = { readonly project: ProjectRow | null } | { readonly error: LedgerRowError };

/** Matching (the contract): by ledger number, else by national code. */
export function matchRow(row: LedgerRow, matches: LedgerMatches): RowMatch {
  const byLedger = row.ledgerNumber ? matches.byLedgerNumber.get(row.ledgerNumber) : undefined;
  const byCode = row.nationalCode ? (matches.byNationalCode.get(row.nationalCode) ?? []) : [];
  if (byLedger) {
    const other = byCode.find((project) => project.id !== byLedger.id);
    if (other && !byCode.some((project) => project.id === byLedger.id)) {
      return ambiguous(
        row,
        `is that of project ${other.id}, not of ${byLedger.id} (ledger number ${row.ledgerNumber})`,
        `属于项目 ${other.id}，而台账编号 ${row.ledgerNumber} 对应项目 ${byLedger.id}`,
      );
    }
    return { project: byLedger };
  }
  if (byCode.length > 1) {
    const ids = byCode.map((p) => p.id).join(', ');
    return ambiguous(
      row,
      `matches several projects (${ids}); give the row its ledger number`,
      `对应多个项目（${ids}），请填写台账编号`,
    );
  }
  const [project] = byCode;
  if (project && row.ledgerNumber && project.ledgerNumber && project.ledgerNumber !== row.ledgerNumber) {
    return ambiguous(
      row,
      `is that of project ${project.id}, whose ledger number is ${project.ledgerNumber}, not ${row.ledgerNumber}`,
      `属于项目 ${project.id}，其台账编号为 ${project.ledgerNumber}，不是 ${row.ledgerNumber}`,
    );
  }
  return { project: project ?? null };
}

function ambiguous(row: LedgerRow, en: string, zh: string): RowMatch {
  return {
    error: rowError('nationalCode', LedgerErrorCode.AMBIGUOUS_MATCH, `投资项目代码 ${row.nationalCode} ${zh}`, en),
  };
}

/**
 * Rows of one call naming the same ledger number or national code: every one of them is refused,
 * since which of them is right only the officer knows.
 */
export function duplicatesInFile(rows: readonly LedgerRow[]): Map<LedgerRow, LedgerRowError[]> {
  const found = new Map<LedgerRow, LedgerRowError[]>();
  for (const field of ['ledgerNumber', 'nationalCode'] as const) {
    const rowsOf = new Map<string, LedgerRow[]>();
    for (const row of rows) {
      const value = row[field];
      if (value) rowsOf.set(value, [...(rowsOf.get(value) ?? []), row]);
    }
    for (const [value, same] of rowsOf) {
      if (same.length < 2) continue;
      const numbers = same.map((row) => row.rowNumber).join(', ');
      const label = field === 'ledgerNumber' ? '台账编号' : '投资项目代码';
      for (const row of same) {
        const error = rowError(
          field,
          LedgerErrorCode.DUPLICATE_IN_FILE,
          `${label} ${value} 在文件中重复出现（第 ${numbers} 行）`,
          `${value} appears on more than one row of the file (rows ${numbers})`,
        );
        found.set(row, [...(found.get(row) ?? []), error]);
      }
    }
  }
  return found;
}

/**
 * A national code's area (its second part) names where the project is filed: one in another
 * prefecture of the province is that prefecture's project, not this one's. Null when it is not.
 */
export function otherPrefectureError(row: LedgerRow, prefectureCode: string): LedgerRowError | null {
  const area = row.nationalCode?.split('-')[1];
  if (!area || area.length !== 6 || area.slice(0, 4) === prefectureCode.slice(0, 4)) return null;
  const owner = findPrefecture(`${area.slice(0, 4)}00`);
  if (!owner) return null;
  return rowError(
    'nationalCode',
    LedgerErrorCode.OTHER_PREFECTURE,
    `投资项目代码 ${row.nationalCode} 属于${owner.nameZh}（${owner.code}），不能导入本州市（${prefectureCode}）`,
    `${row.nationalCode} is a project of ${owner.nameEn} (${owner.code}), not of prefecture ${prefectureCode}`,
  );
}

function unique(values: readonly (string | null)[]): string[] {
  return [...new Set(values.filter((value): value is string => !!value))];
}
