import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvLine, UTF8_BOM } from './csv.js';
import {
  DATE_FORMAT,
  MONEY_YI_FORMAT,
  MONEY_YUAN_FORMAT,
  PERCENT_FORMAT,
  styleHeaderRows,
} from './ledger-sheet-style.js';

/** How a column of an exported table is shown. */
export type TableColumnFormat = 'text' | 'int' | 'date' | 'money' | 'yi' | 'percent';

export interface TableColumn {
  readonly headerZh: string;
  readonly headerEn: string;
  readonly width: number;
  readonly format: TableColumnFormat;
}

/**
 * A cell as exporters give it: text, a whole number, a YYYY-MM-DD date, Money text (yuan, for
 * `money` and `yi` columns), a fraction for `percent`, or empty.
 */
export type TableCell = string | number | null;

export interface TableWriter {
  /** Writes one row; resolves when the output can take more (back-pressure of a slow download). */
  addRow(cells: readonly TableCell[]): Promise<void>;
  /** Ends the file (the xlsx zip's central directory, or the CSV's last line). */
  finish(): Promise<void>;
}

const NUMBER_FORMATS: Partial<Record<TableColumnFormat, string>> = {
  date: DATE_FORMAT,
  money: MONEY_YUAN_FORMAT,
  yi: MONEY_YI_FORMAT,
  percent: PERCENT_FORMAT,
};

/**
 * Streams one table to `out` as .xlsx (exceljs's streaming WorkbookWriter: each row is committed,
 * zipped and written as it comes, so memory stays flat however many rows) or as CSV (UTF-8 with BOM).
 * Both have the Chinese header row and the English one under it; the xlsx freezes them and puts
 * an autofilter on them, with number formats for money (元, 亿元), dates and percentages.
 */
export function openTableWriter(
  format: 'XLSX' | 'CSV',
  out: Writable,
  sheetName: string,
  columns: readonly TableColumn[],
): TableWriter {
  return format === 'CSV' ? csvWriter(out, columns) : xlsxWriter(out, sheetName, columns);
}

function xlsxWriter(out: Writable, sheetName: string, columns: readonly TableColumn[]): TableWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: columns.length } };
  styleHeaderRows(sheet, columns);
  // Column styles are what new cells take: one style per column, not one per cell.
  columns.forEach((column, i) => {
    const numFmt = NUMBER_FORMATS[column.format];
    if (numFmt) sheet.getColumn(i + 1).numFmt = numFmt;
  });
  return {
    async addRow(cells) {
      sheet.addRow(cells.map((cell, i) => xlsxValue(columns[i].format, cell))).commit();
      await zipCaughtUp(sheet);
      if (out.writableNeedDrain) await once(out, 'drain');
    },
    async finish() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

/**
 * The sheet's rows as exceljs 4.4 hands them to the zip (undocumented): each filled 64 KiB buffer
 * is written to the zip entry's stream (readable-stream's PassThrough) without waiting for it, so
 * rows made faster than they are deflated pile up there — a 160,000-row export held ~350 MiB.
 * Waiting for that stream's `drain` when it asks for one carries the zip's back-pressure to the rows.
 */
interface SheetStream {
  readonly stream?: {
    readonly pipes?: readonly (NodeJS.EventEmitter & { _writableState?: { needDrain?: boolean } })[];
  };
}

async function zipCaughtUp(sheet: unknown): Promise<void> {
  const entry = (sheet as SheetStream).stream?.pipes?.[0];
  if (entry?._writableState?.needDrain) await once(entry, 'drain');
}

function xlsxValue(format: TableColumnFormat, cell: TableCell): string | number | Date | null {
  if (cell === null) return null;
  if (format === 'date' && typeof cell === 'string') return new Date(`${cell}T00:00:00Z`);
  if (format === 'money' && typeof cell === 'string') return exactNumber(cell) ?? cell;
  if (format === 'yi' && typeof cell === 'string') return Number(cell) / 100_000_000;
  return cell;
}

/** Money text as a number when the double reads back as the same text, else null (kept as text). */
function exactNumber(money: string): number | null {
  const value = Number(money);
  const [whole, fraction = ''] = money.split('.');
  const back = value.toFixed(fraction.length);
  return back === `${whole}${fraction ? `.${fraction}` : ''}` ? value : null;
}

function csvWriter(out: Writable, columns: readonly TableColumn[]): TableWriter {
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  let started = false;
  const start = async () => {
    started = true;
    await write(UTF8_BOM + csvLine(columns.map((c) => c.headerZh)) + csvLine(columns.map((c) => c.headerEn)));
  };
  return {
    async addRow(cells) {
      if (!started) await start();
      await write(csvLine(cells.map((cell, i) => csvValue(columns[i].format, cell))));
    },
    async finish() {
      if (!started) await start();
      out.end();
      if (!out.writableFinished) await once(out, 'finish');
    },
  };
}

function csvValue(format: TableColumnFormat, cell: TableCell): string | number | null {
  if (cell === null) return null;
  if (format === 'yi' && typeof cell === 'string') return (Number(cell) / 100_000_000).toFixed(4);
  if (format === 'percent' && typeof cell === 'number') return `${(cell * 100).toFixed(1)}%`;
  return cell;
}
