import type { Writable } from 'node:stream';
import { ErrorCode, hubError } from '../../lib/errors.js';
import { todayIn, HUB_TIME_ZONE } from '../../lib/calendar.js';
import {
  EXPORT_ONLY_COLUMNS,
  LEDGER_COLUMNS,
  enumLabelOf,
  type LedgerColumn,
} from '../../lib/ledger/ledger-columns.js';
import { LEDGER_SHEET_NAME } from '../../lib/ledger/ledger-sheet-style.js';
import {
  openTableWriter,
  type TableCell,
  type TableColumn,
  type TableColumnFormat,
} from '../../lib/ledger/table-writer.js';
import { zhLabel } from '../../schema/enum-labels.js';
import { PREFECTURES, PROVINCE, findPrefecture } from '../../schema/prefectures.js';
import type { ExportRequest } from './export-request.js';
import { codeOf, type GraphAnswer, type GraphExecutor } from './graph-executor.js';
import { projectsByPrefecture } from './prefecture-streams.js';

/**
 * Rows per page read through the graph. The pages go through the same operation limits as any
 * client's (MAX_COST, default 20,000): a project row of every ledger column costs ~140, so 100 rows
 * a page stay well inside; a stall flag with its project costs less.
 */
const PROJECT_PAGE_SIZE = 100;
const STALLED_PAGE_SIZE = 200;

/** An export is never half a file: a page the graph answers partially fails the whole download. */
export class ExportIncomplete extends Error {}

/** The file name a download is offered under. */
export function exportFileName(request: ExportRequest, today: string): string {
  const base = { PROJECTS: '项目台账', STALLED: '停滞项目', METRICS: '履约指标' }[request.kind];
  return `${base}-${today}.${request.format === 'CSV' ? 'csv' : 'xlsx'}`;
}

/**
 * Checks an export can be read before a byte is sent (the caller's filter, rights and every shard):
 * the first page (or figures) of it, through the graph. Throws the graph's first error.
 */
export async function checkExport(execute: GraphExecutor, request: ExportRequest): Promise<void> {
  const answer =
    request.kind === 'PROJECTS'
      ? await execute(
          `query($f: ProjectFilter, $o: ProjectOrder!) { projects(first: 1, filter: $f, orderBy: $o) { totalCount } }`,
          {
            f: request.filter,
            o: request.orderBy,
          },
        )
      : request.kind === 'STALLED'
        ? await execute(
            `query($a: LocalDate, $f: StallFilterInput) { stalledProjects(first: 1, asOf: $a, filter: $f) { totalCount } }`,
            {
              a: request.asOf,
              f: request.filter,
            },
          )
        : await execute(`query($a: LocalDate, $c: CohortInput) { metrics(asOf: $a, cohort: $c) { asOf } }`, {
            a: request.asOf,
            c: request.cohort,
          });
  failOnErrors(answer);
}

/**
 * Streams the export to `out`, page by page through the graph; `prefectureCodes` are the
 * prefectures a province-wide project export reads (the gateway's registry).
 */
export async function writeExport(
  execute: GraphExecutor,
  request: ExportRequest,
  out: Writable,
  prefectureCodes: readonly string[],
): Promise<void> {
  switch (request.kind) {
    case 'PROJECTS':
      return writeProjects(execute, request, out, prefectureCodes);
    case 'STALLED':
      return writeStalled(execute, request, out);
    case 'METRICS':
      return writeMetrics(execute, request, out);
  }
}

// ---- projects: the ledger's own columns, so an exported file imports back unchanged ----

const PROJECT_FIELDS = [
  'id',
  'prefectureCode',
  ...LEDGER_COLUMNS.map((c) => c.field).filter((f) => f !== 'fundsInPlaceAsOf'),
].join(' ');

const PROJECT_COLUMNS: readonly (LedgerColumn & { format: TableColumnFormat })[] = [
  ...LEDGER_COLUMNS,
  ...EXPORT_ONLY_COLUMNS,
].map((c) => ({ ...c, format: c.headerZh.includes('亿元') ? 'yi' : formatOf(c) }));

function formatOf(column: LedgerColumn): TableColumnFormat {
  return column.type === 'enum' ? 'text' : column.type;
}

async function writeProjects(
  execute: GraphExecutor,
  request: Extract<ExportRequest, { kind: 'PROJECTS' }>,
  out: Writable,
  prefectureCodes: readonly string[],
): Promise<void> {
  const writer = openTableWriter(request.format, out, LEDGER_SHEET_NAME, PROJECT_COLUMNS);
  // Funds in place are as the hub records them on the day of the export.
  const today = todayIn(HUB_TIME_ZONE);
  const rows = projectsByPrefecture<Record<string, string | number | null>>(execute, {
    codes: exportedPrefectures(request, prefectureCodes),
    filter: request.filter,
    orderBy: request.orderBy,
    fields: PROJECT_FIELDS,
    pageSize: PROJECT_PAGE_SIZE,
    check: failOnErrors,
  });
  for await (const node of rows) await writer.addRow(projectRow(node, today));
  await writer.finish();
}

/** The prefectures a project export reads: those its filter names, or all of `prefectureCodes`. */
export function exportedPrefectures(
  request: Extract<ExportRequest, { kind: 'PROJECTS' }>,
  prefectureCodes: readonly string[],
): readonly string[] {
  const chosen = request.filter?.prefectures;
  return Array.isArray(chosen) && chosen.length > 0 ? (chosen as string[]) : prefectureCodes;
}

function projectRow(node: Record<string, string | number | null>, today: string): TableCell[] {
  const ledger = LEDGER_COLUMNS.map((column): TableCell => {
    if (column.field === 'fundsInPlaceAsOf') return today;
    const value = node[column.field!] ?? null;
    if (value === null) return null;
    return column.type === 'enum' ? enumLabelOf(column, String(value)) : value;
  });
  const prefecture = findPrefecture(String(node.prefectureCode))?.nameZh ?? String(node.prefectureCode);
  return [...ledger, node.id, prefecture, node.agreedInvestment];
}

// ---- the stalled-project list ----

const STALLED_COLUMNS: readonly TableColumn[] = [
  { headerZh: '州市', headerEn: 'Prefecture', width: 12, format: 'text' },
  { headerZh: '项目ID', headerEn: 'Project id', width: 18, format: 'text' },
  { headerZh: '台账编号', headerEn: 'Ledger number', width: 14, format: 'text' },
  { headerZh: '项目名称', headerEn: 'Project name', width: 36, format: 'text' },
  { headerZh: '项目阶段', headerEn: 'Stage', width: 12, format: 'text' },
  { headerZh: '规则', headerEn: 'Rule', width: 22, format: 'text' },
  { headerZh: '等级', headerEn: 'Severity', width: 8, format: 'text' },
  { headerZh: '起始日期', headerEn: 'Since', width: 12, format: 'date' },
  { headerZh: '新增', headerEn: 'New', width: 6, format: 'text' },
  { headerZh: '依据', headerEn: 'Evidence', width: 50, format: 'text' },
  { headerZh: '协议投资额（元）', headerEn: 'Agreed investment (yuan)', width: 18, format: 'money' },
  { headerZh: '资金到位（元）', headerEn: 'Funds in place (yuan)', width: 18, format: 'money' },
];

const STAGE_COLUMN = LEDGER_COLUMNS.find((c) => c.field === 'stage')!;

async function writeStalled(
  execute: GraphExecutor,
  request: Extract<ExportRequest, { kind: 'STALLED' }>,
  out: Writable,
): Promise<void> {
  const writer = openTableWriter(request.format, out, '停滞项目 Stalled', STALLED_COLUMNS);
  const query = `query($a: LocalDate, $f: StallFilterInput, $after: String) {
    stalledProjects(first: ${STALLED_PAGE_SIZE}, asOf: $a, filter: $f, after: $after) {
      items { projectId prefectureCode rule severity since evidence isNew
        project { ledgerNumber name stage agreedInvestment fundsInPlace } }
      endCursor
    }
  }`;
  let after: string | null = null;
  for (;;) {
    const answer = await execute(query, { a: request.asOf, f: request.filter, after });
    failOnErrors(answer);
    const page = answer.data!.stalledProjects as {
      items: {
        projectId: string;
        prefectureCode: string;
        rule: string;
        severity: string;
        since: string;
        evidence: string;
        isNew: boolean;
        project: Record<string, string | null> | null;
      }[];
      endCursor: string | null;
    };
    for (const item of page.items) {
      const p = item.project;
      await writer.addRow([
        findPrefecture(item.prefectureCode)?.nameZh ?? item.prefectureCode,
        item.projectId,
        p?.ledgerNumber ?? null,
        p?.name ?? null,
        p?.stage ? enumLabelOf(STAGE_COLUMN, p.stage) : null,
        zhLabel('StallRule', item.rule),
        zhLabel('StallSeverity', item.severity),
        item.since,
        item.isNew ? '是' : '',
        item.evidence,
        p?.agreedInvestment ?? null,
        p?.fundsInPlace ?? null,
      ]);
    }
    if (!page.endCursor) break;
    after = page.endCursor;
  }
  await writer.finish();
}

// ---- a cohort's metrics: the province and each prefecture, with numerators and denominators ----

const RATES = [
  ['performanceRate', '履约率', 'Performance rate'],
  ['startRate', '开工率', 'Start rate'],
  ['productionRate', '投产率', 'Production rate'],
  ['fundsRate', '资金到位率', 'Funds rate'],
  ['landingRate', '落地率', 'Landing rate'],
] as const;

const METRICS_COLUMNS: readonly TableColumn[] = [
  { headerZh: '地区代码', headerEn: 'Code', width: 10, format: 'text' },
  { headerZh: '地区', headerEn: 'Region', width: 16, format: 'text' },
  { headerZh: '截至日期', headerEn: 'As of', width: 12, format: 'date' },
  { headerZh: '项目数', headerEn: 'Projects', width: 8, format: 'int' },
  { headerZh: '签约数', headerEn: 'Signed', width: 8, format: 'int' },
  { headerZh: '协议投资额（亿元）', headerEn: 'Agreed investment (100 million yuan)', width: 14, format: 'yi' },
  { headerZh: '资金到位（亿元）', headerEn: 'Funds in place (100 million yuan)', width: 14, format: 'yi' },
  ...RATES.flatMap(([, zh, en]): TableColumn[] => [
    { headerZh: `${zh}分子`, headerEn: `${en} numerator`, width: 10, format: 'text' },
    { headerZh: `${zh}分母`, headerEn: `${en} denominator`, width: 10, format: 'text' },
    { headerZh: zh, headerEn: en, width: 9, format: 'percent' },
  ]),
];

const METRICS_FIELDS = `asOf projects signed agreedInvestment fundsInPlace
  ${RATES.map(([field]) => `${field} { percent numerator denominator }`).join(' ')}`;

type Rate = { percent: number | null; numerator: string; denominator: string };

async function writeMetrics(
  execute: GraphExecutor,
  request: Extract<ExportRequest, { kind: 'METRICS' }>,
  out: Writable,
): Promise<void> {
  const writer = openTableWriter(request.format, out, '履约指标 Metrics', METRICS_COLUMNS);
  const answer = await execute(
    `query($a: LocalDate, $c: CohortInput) {
      province: metrics(asOf: $a, cohort: $c) { ${METRICS_FIELDS} }
      prefectures { code metrics(asOf: $a, cohort: $c) { ${METRICS_FIELDS} } }
    }`,
    { a: request.asOf, c: request.cohort },
  );
  failOnErrors(answer);
  const data = answer.data as {
    province: Record<string, unknown> | null;
    prefectures: { code: string; metrics: Record<string, unknown> | null }[];
  };
  const rows: [string, string, Record<string, unknown> | null][] = [
    [PROVINCE.code, PROVINCE.nameZh, data.province],
    ...PREFECTURES.map((p): [string, string, Record<string, unknown> | null] => [
      p.code,
      p.nameZh,
      data.prefectures.find((x) => x.code === p.code)?.metrics ?? null,
    ]),
  ];
  for (const [code, name, m] of rows) {
    if (!m) {
      await writer.addRow([code, name, ...METRICS_COLUMNS.slice(2).map(() => null)]);
      continue;
    }
    const rates = RATES.flatMap(([field]) => {
      const rate = m[field] as Rate;
      // Stored as a fraction so Excel's percentage format shows it; the exact fraction sits beside it.
      return [rate.numerator, rate.denominator, rate.percent === null ? null : rate.percent / 100];
    });
    await writer.addRow([
      code,
      name,
      m.asOf as string,
      m.projects as number,
      m.signed as number,
      m.agreedInvestment as string,
      m.fundsInPlace as string,
      ...rates,
    ]);
  }
  await writer.finish();
}

function failOnErrors(answer: GraphAnswer): void {
  const error = answer.errors?.[0];
  if (!error) return;
  const code = codeOf(error);
  if (code === ErrorCode.PREFECTURE_UNAVAILABLE) {
    throw new ExportIncomplete(`the export would be incomplete: ${error.message}`);
  }
  throw hubError(code as ErrorCode, error.message, { ...error.extensions });
}
