import ExcelJS from 'exceljs';
import { csvLine, UTF8_BOM } from '../../lib/ledger/csv.js';
import { LEDGER_COLUMNS, enumLabelOf } from '../../lib/ledger/ledger-columns.js';
import { buildLedgerTemplate } from '../../lib/ledger/ledger-template.js';

/** A cell as a test writes it: what an officer would type (Date for an Excel date). */
type TestCell = string | number | Date | null;
export type TestRow = Partial<Record<string, TestCell>>;

/**
 * A real .xlsx ledger as an officer fills it: the hub's template, rows typed into its data sheet
 * from row 3 (under the two header rows), keyed by LedgerRowInput field.
 */
export async function ledgerXlsx(rows: readonly TestRow[]): Promise<Buffer> {
  const workbook = buildLedgerTemplate();
  const sheet = workbook.worksheets[0];
  rows.forEach((row, i) => {
    const excelRow = sheet.getRow(i + 3);
    LEDGER_COLUMNS.forEach((column, c) => {
      const value = row[column.field!];
      if (value !== undefined) excelRow.getCell(c + 1).value = value;
    });
    excelRow.commit();
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The same ledger as CSV (UTF-8 with BOM, Chinese headers and the English row). */
export function ledgerCsv(rows: readonly TestRow[]): Buffer {
  const lines = [
    csvLine(LEDGER_COLUMNS.map((c) => c.headerZh)),
    csvLine(LEDGER_COLUMNS.map((c) => c.headerEn)),
    ...rows.map((row) =>
      csvLine(
        LEDGER_COLUMNS.map((c) => {
          const value = row[c.field!];
          return value instanceof Date ? value.toISOString().slice(0, 10) : (value ?? null);
        }),
      ),
    ),
  ];
  return Buffer.from(UTF8_BOM + lines.join(''), 'utf8');
}

let serial = 0;

/** A valid row of a project signed at an event, with a fresh ledger number; fields override. */
export function validRow(overrides: TestRow = {}): TestRow {
  serial++;
  return {
    ledgerNumber: `T-${process.pid}-${serial}`,
    name: `测试项目 ${serial}`,
    stage: enumLabelOf(
      LEDGER_COLUMNS.find((c) => c.field === 'stage')!,
      'SIGNED',
    ),
    eventKind: '南博会',
    signedOn: new Date(Date.UTC(2024, 4, 20)),
    signingLevel: '州市级',
    industry: '绿色铝',
    investorName: `测试投资有限公司 ${serial}`,
    agreedInvestment: 12_000_000.5,
    ...overrides,
  };
}

/** The workbook's first sheet as rows of plain values (exports read back with exceljs). */
export async function readXlsx(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.worksheets[0];
}
