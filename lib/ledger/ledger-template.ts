import ExcelJS from 'exceljs';
import { LEDGER_COLUMNS, SUGGESTED_INDUSTRIES, enumLabelOf, type LedgerColumn } from './ledger-columns.js';
import { LEDGER_SHEET_NAME, styleHeaderRows, MONEY_YUAN_FORMAT, DATE_FORMAT } from './ledger-sheet-style.js';
import type { LedgerRowInput } from './ledger-row.js';

/** Rows of the data sheet the drop-downs and formats reach (a prefecture ledger has a few thousand). */
const TEMPLATE_ROWS = 10_000;
const LISTS_SHEET = '选项';

/** Two made-up rows showing how a ledger is filled; on their own sheet, so they are never imported. */
const EXAMPLES: readonly Omit<LedgerRowInput, 'rowNumber'>[] = [
  {
    ledgerNumber: 'KM-2024-001',
    name: '昆明安宁 20万吨绿色铝精深加工项目',
    stage: 'UNDER_CONSTRUCTION',
    eventKind: 'SOUTH_ASIA_EXPO',
    eventName: '第8届中国—南亚博览会',
    signedOn: '2024-08-08',
    signingLevel: 'PROVINCIAL_MAJOR_EVENT',
    industry: '绿色铝',
    investorName: '示例铝业科技有限公司',
    agreedInvestment: '1200000000.00',
    agreementType: 'FORMAL',
    county: '安宁市',
    fundsInPlace: '300000000.00',
    fundsInPlaceAsOf: '2025-06-30',
    plannedStartOn: '2025-03-01',
    actualStartOn: '2025-04-18',
    plannedProductionOn: '2026-12-31',
  },
  {
    ledgerNumber: 'KM-2024-002',
    name: '昆明呈贡 生物医药研发中心项目',
    stage: 'SIGNED',
    eventKind: 'INVESTMENT_FAIR',
    signedOn: '2024-05-20',
    signingLevel: 'PREFECTURE',
    industry: '生物医药',
    investorName: '示例生物医药有限公司',
    agreedInvestment: '350000000.00',
    agreementType: 'FRAMEWORK',
    county: '呈贡区',
    plannedStartOn: '2025-09-01',
  },
];

/**
 * The ledger template (.xlsx): the data sheet with Chinese headers and English ones under them,
 * drop-downs for the enumerations (and suggested industries), number and date formats; a sheet
 * explaining each column; a sheet of example rows. An import reads the first sheet only.
 */
export function buildLedgerTemplate(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Yunnan investment-project hub';
  const sheet = workbook.addWorksheet(LEDGER_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 2 }] });
  styleHeaderRows(sheet, LEDGER_COLUMNS);
  const lists = workbook.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  let listColumn = 0;
  LEDGER_COLUMNS.forEach((column, i) => {
    const letter = sheet.getColumn(i + 1).letter;
    const range = `${letter}3:${letter}${TEMPLATE_ROWS + 2}`;
    const options = column.enumLabels?.map((l) => l.zh) ?? (column.field === 'industry' ? SUGGESTED_INDUSTRIES : null);
    if (options) {
      listColumn++;
      const listLetter = lists.getColumn(listColumn).letter;
      lists.getCell(`${listLetter}1`).value = column.headerZh;
      options.forEach((option, n) => (lists.getCell(`${listLetter}${n + 2}`).value = option));
      withValidations(sheet).dataValidations.add(range, {
        type: 'list',
        allowBlank: !column.required,
        formulae: [`'${LISTS_SHEET}'!$${listLetter}$2:$${listLetter}$${options.length + 1}`],
        // Enumerations are refused when not in the list; industries only suggested (free text in the contract).
        showErrorMessage: column.type === 'enum',
        errorStyle: 'stop',
        errorTitle: column.headerZh,
        error: `请从下拉列表选择 / choose from the list`,
      });
    }
    if (column.type === 'money') sheet.getColumn(i + 1).numFmt = MONEY_YUAN_FORMAT;
    if (column.type === 'date') sheet.getColumn(i + 1).numFmt = DATE_FORMAT;
    // Ledger numbers and codes look like numbers to Excel, which would drop their leading zeros.
    if (column.type === 'text') sheet.getColumn(i + 1).numFmt = '@';
  });
  addNotesSheet(workbook);
  addExamplesSheet(workbook);
  return workbook;
}

/** exceljs has range validations (`dataValidations.add('C3:C10002', …)`) but its types leave them out. */
function withValidations(sheet: ExcelJS.Worksheet) {
  return sheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } };
}

function addNotesSheet(workbook: ExcelJS.Workbook): void {
  const notes = workbook.addWorksheet('填表说明 Notes', { views: [{ state: 'frozen', ySplit: 1 }] });
  notes.columns = [
    { header: '列（中文）', width: 22 },
    { header: 'Column', width: 28 },
    { header: '类型 Type', width: 10 },
    { header: '必填 Required', width: 12 },
    { header: '说明', width: 60 },
    { header: 'Notes', width: 70 },
    { header: '可选值 Values', width: 60 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const column of LEDGER_COLUMNS) {
    notes.addRow([
      column.headerZh,
      column.headerEn,
      column.type,
      column.required ? '是 yes' : '',
      column.noteZh,
      column.noteEn,
      column.enumLabels?.map((l) => `${l.zh} = ${l.value}`).join('；') ?? '',
    ]);
  }
  notes.addRow([]);
  notes.addRow([
    '导入',
    'Import',
    '',
    '',
    '只读取第一个工作表；第 1 行为中文表头，第 2 行英文表头可保留或删除。先预览（不写入），确认后再提交；同一文件再次导入不会重复建项。',
    'Only the first sheet is read; row 1 holds the Chinese headers, the English row 2 may stay or go. Preview first (nothing written), then commit; importing the same file again changes nothing.',
  ]);
}

function addExamplesSheet(workbook: ExcelJS.Workbook): void {
  const examples = workbook.addWorksheet('示例 Examples');
  styleHeaderRows(examples, LEDGER_COLUMNS);
  for (const example of EXAMPLES) {
    examples.addRow(LEDGER_COLUMNS.map((column) => exampleCell(column, example)));
  }
}

function exampleCell(column: LedgerColumn, row: Omit<LedgerRowInput, 'rowNumber'>): string | number | Date | null {
  const value = column.field ? row[column.field] : undefined;
  if (value === undefined) return null;
  if (column.type === 'enum') return enumLabelOf(column, String(value));
  if (column.type === 'money') return Number(value);
  if (column.type === 'date') return new Date(`${String(value)}T00:00:00Z`);
  return value;
}
