import type ExcelJS from 'exceljs';
import type { LedgerColumn } from './ledger-columns.js';

/** The name of a ledger's data sheet, in the template and in project exports. */
export const LEDGER_SHEET_NAME = '台账 Ledger';

/** Yuan with thousands separators and fen. */
export const MONEY_YUAN_FORMAT = '#,##0.00';
/** 亿元 figures (yuan ÷ 100,000,000), four decimals so 10,000 yuan still shows. */
export const MONEY_YI_FORMAT = '#,##0.0000';
export const DATE_FORMAT = 'yyyy-mm-dd';
/** A rate stored as a fraction (0.764), shown as 76.4%. */
export const PERCENT_FORMAT = '0.0%';

type AnySheet = ExcelJS.Worksheet;

/**
 * Column widths and the two header rows (Chinese, then English) of a sheet of `columns`, bold on a
 * light fill. Works for a workbook sheet and a streamed one (the rows are committed as written).
 */
export function styleHeaderRows(
  sheet: AnySheet,
  columns: readonly Pick<LedgerColumn, 'headerZh' | 'headerEn' | 'width'>[],
): void {
  sheet.columns = columns.map((c) => ({ width: c.width }));
  for (const headers of [columns.map((c) => c.headerZh), columns.map((c) => c.headerEn)]) {
    const row = sheet.addRow(headers);
    row.font = { bold: true };
    row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    row.commit();
  }
}
