import { isIsoDate } from '../calendar.js';
import { storedTextProblem } from '../text-rules.js';
import { enumValueOf, type LedgerColumn } from './ledger-columns.js';
import { FileErrorCode, type LedgerRowError } from './ledger-row.js';

/**
 * One cell of a ledger file read as its column's type. xlsx cells arrive as exceljs values
 * (numbers, strings, Dates, rich text, formula results), CSV cells as strings; both give the same
 * field value or the same error.
 */
export type CellReading = { readonly value: string | number } | { readonly error: LedgerRowError } | null;

/** Plain text of an exceljs cell value (rich text joined, formulas by their result); Dates stay Dates. */
export function plainCellValue(value: unknown): string | number | Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (Array.isArray(v.richText)) return v.richText.map((part) => part.text).join('');
    if ('result' in v) return plainCellValue(v.result);
    if (typeof v.text === 'string') return v.text;
    // An Excel error value (#N/A, #REF!) reads as its text: never a valid date, amount or label.
    if (typeof v.error === 'string') return v.error;
  }
  return JSON.stringify(value);
}

/** Reads one cell for `column`; null for an empty cell. */
export function readCell(column: LedgerColumn, raw: string | number | Date | null): CellReading {
  if (raw === null) return null;
  if (typeof raw === 'string') {
    // A leading apostrophe is how our CSV export keeps = + - @ from running as formulas.
    const trimmed = raw.replace(/^'(?=[=+\-@])/, '').trim();
    if (trimmed === '') return null;
    raw = trimmed;
  }
  switch (column.type) {
    case 'date':
      return readDate(column, raw);
    case 'money':
      return readMoney(column, raw);
    case 'int':
      return readInt(column, raw);
    case 'enum':
      return readEnum(column, String(raw instanceof Date ? isoOf(raw) : raw));
    case 'text':
      return readText(column, raw instanceof Date ? isoOf(raw) : String(raw));
  }
}

function readDate(column: LedgerColumn, raw: string | number | Date): CellReading {
  if (raw instanceof Date) {
    // exceljs reads an Excel date as that day's UTC midnight.
    if (!Number.isNaN(raw.getTime())) return { value: isoOf(raw) };
  } else if (typeof raw === 'number') {
    const fromSerial = excelSerialDate(raw);
    if (fromSerial) return { value: fromSerial };
  } else {
    const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(raw);
    if (match) {
      const iso = `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}`;
      if (isIsoDate(iso)) return { value: iso };
    }
  }
  const shown = raw instanceof Date ? 'an invalid date' : quoted(String(raw));
  return fail(
    column,
    FileErrorCode.BAD_DATE,
    `不是有效日期：${shown}，应为 2024-03-15 或 Excel 日期`,
    `not a real date: ${shown}; write 2024-03-15 or an Excel date`,
  );
}

/** Days from 1899-12-30: what a date cell holds when Excel lost its date format (1927–2173 only). */
function excelSerialDate(serial: number): string | null {
  if (!Number.isInteger(serial) || serial < 10_000 || serial > 100_000) return null;
  return isoOf(new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000));
}

function isoOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function readMoney(column: LedgerColumn, raw: string | number | Date): CellReading {
  // Excel keeps numbers as doubles; the shortest text that reads back the same is what was typed.
  const text = typeof raw === 'number' ? numberText(raw) : raw instanceof Date ? 'a date' : raw.replace(/[,，\s]/g, '');
  const match = /^(\d{1,16})(?:\.(\d+))?$/.exec(text);
  if (match && (match[2] ?? '').length > 2) {
    return fail(
      column,
      FileErrorCode.MONEY_DECIMALS,
      `金额最多两位小数（精确到分）：${cut(text)}`,
      `money has at most two decimals (fen): ${cut(text)}`,
    );
  }
  if (!match) {
    return fail(
      column,
      FileErrorCode.BAD_MONEY,
      `不是有效金额（元）：${quoted(text)}`,
      `not an amount of yuan: ${quoted(text)}`,
    );
  }
  return { value: `${match[1].replace(/^0+(?=\d)/, '')}.${(match[2] ?? '').padEnd(2, '0')}` };
}

function numberText(value: number): string {
  // Fixed notation for the whole range a ledger uses (toString switches to 1e+21 only beyond it).
  return Number.isFinite(value) ? String(value) : 'NaN';
}

function readInt(column: LedgerColumn, raw: string | number | Date): CellReading {
  const value = typeof raw === 'number' ? raw : raw instanceof Date ? NaN : /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (Number.isSafeInteger(value)) return { value };
  const shown = raw instanceof Date ? isoOf(raw) : String(raw);
  return fail(column, FileErrorCode.BAD_INT, `应为整数：${quoted(shown)}`, `must be a whole number: ${quoted(shown)}`);
}

function readEnum(column: LedgerColumn, raw: string): CellReading {
  const value = enumValueOf(column, raw);
  if (value) return { value };
  const allowed = column.enumLabels!.map((l) => l.zh).join('、');
  const allowedEn = column.enumLabels!.map((l) => l.value).join(', ');
  return fail(
    column,
    FileErrorCode.UNKNOWN_ENUM,
    `无法识别的“${column.headerZh}”：${quoted(raw)}，可选：${allowed}`,
    `unknown ${column.headerEn.toLowerCase()} ${quoted(raw)}; one of: ${allowedEn}`,
  );
}

function readText(column: LedgerColumn, raw: string): CellReading {
  const problem = storedTextProblem(raw);
  if (problem) return fail(column, FileErrorCode.BAD_TEXT, `文本无效：${problem}`, `unusable text: ${problem}`);
  return { value: raw };
}

function fail(column: LedgerColumn, code: string, messageZh: string, messageEn: string): CellReading {
  return { error: { field: column.field, code, messageZh, messageEn } };
}

/** Most characters of a file's own text an error message repeats. */
const MAX_ECHOED_CHARACTERS = 40;

/**
 * A file's text as an error message repeats it: cut to MAX_ECHOED_CHARACTERS, so that a huge cell
 * or header (garbage read as text) never makes a huge answer.
 */
export function cut(text: string): string {
  const start = [...text.slice(0, 2 * MAX_ECHOED_CHARACTERS)];
  return start.length > MAX_ECHOED_CHARACTERS || text.length > 2 * MAX_ECHOED_CHARACTERS
    ? `${start.slice(0, MAX_ECHOED_CHARACTERS).join('')}…`
    : text;
}

/** `cut(text)` in quotes. */
function quoted(text: string): string {
  return JSON.stringify(cut(text));
}
