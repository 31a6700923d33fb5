import { parseCsv } from './csv.js';
import { cut, plainCellValue, readCell } from './ledger-cells.js';
import { columnOfHeader, LEDGER_COLUMNS, type LedgerColumn } from './ledger-columns.js';
import { FileErrorCode, type LedgerRowError, type LedgerRowInput } from './ledger-row.js';
import { firstSheetRows } from './xlsx-first-sheet.js';

/** Most data rows one file may hold (a prefecture's ledger has a few thousand). */
const MAX_LEDGER_ROWS = 50_000;

type LedgerFormat = 'xlsx' | 'csv';

/** A file error located in the file: the spreadsheet row and the column header it concerns. */
interface LocatedError extends LedgerRowError {
  readonly rowNumber: number;
}

export interface ParsedLedger {
  readonly format: LedgerFormat;
  /** Rows whose every cell could be read: these go to the shard. */
  readonly rows: LedgerRowInput[];
  /** Rows refused in the file, by row number (never sent to a shard). */
  readonly rowErrors: Map<number, LedgerRowError[]>;
  /** Every data row with the cells that could be read, refused ones included (for previews). */
  readonly allRows: LedgerRowInput[];
  /** What makes the whole file unusable (bad header, not a spreadsheet): nothing is imported. */
  readonly fileErrors: LocatedError[];
}

type Cell = string | number | Date | null;

/** An xlsx file starts with a zip header; anything else is read as CSV text. */
function ledgerFormatOf(bytes: Uint8Array): LedgerFormat {
  return startsWith(bytes, ZIP_HEADER) ? 'xlsx' : 'csv';
}

const ZIP_HEADER = [0x50, 0x4b, 0x03, 0x04];
/** Excel 97–2003 (.xls) workbooks are OLE compound files; many ledgers are still kept in them. */
const OLE_HEADER = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, header: readonly number[]): boolean {
  return header.every((byte, i) => bytes[i] === byte);
}

/** Nothing at all, or only a byte-order mark and whitespace. */
function isBlank(bytes: Buffer): boolean {
  return (
    bytes.length <= 64 &&
    bytes
      .toString('latin1')
      .replace(/^\xEF\xBB\xBF/, '')
      .trim() === ''
  );
}

/** Why a file's bytes cannot be read as text, in both languages (the message is the English). */
class UnreadableText extends Error {
  constructor(
    readonly messageZh: string,
    messageEn: string,
  ) {
    super(messageEn);
  }
}

/**
 * Reads a ledger (.xlsx: its first sheet; or CSV, UTF-8 or GBK) into LedgerRowInputs. Row 1 holds the
 * headers (Chinese or English); a second header row of the other language is skipped. Every cell is
 * read by its column's type; a row with any unreadable cell, no ledger number nor national code, or a
 * ledger number / national code another row also has, is refused here with each error located.
 */
export async function parseLedgerFile(bytes: Buffer): Promise<ParsedLedger> {
  const format = ledgerFormatOf(bytes);
  if (isBlank(bytes)) return refused(format, FileErrorCode.EMPTY_FILE, '文件是空的', 'the file is empty');
  if (startsWith(bytes, OLE_HEADER)) {
    return refused(
      format,
      FileErrorCode.BAD_FILE,
      '这是旧版 Excel 97-2003 (.xls) 文件，无法读取：请在 Excel 中“另存为”Excel 工作簿 (.xlsx) 后再导入',
      'this is an Excel 97-2003 (.xls) file, which cannot be read: save it in Excel as an Excel Workbook (.xlsx) and import that',
    );
  }
  let table: Cell[][];
  try {
    table = format === 'xlsx' ? await xlsxTable(bytes) : csvTable(bytes);
  } catch (error) {
    if (error instanceof UnreadableText) return refused(format, FileErrorCode.BAD_FILE, error.messageZh, error.message);
    const reason = (error as Error).message;
    return refused(
      format,
      FileErrorCode.BAD_FILE,
      `无法读取文件（${format}）：${reason}`,
      `cannot read the ${format} file: ${reason}`,
    );
  }
  const headerCells = table[0]?.length ?? 0;
  if (headerCells > MAX_HEADER_CELLS) {
    return refused(
      format,
      FileErrorCode.BAD_HEADER,
      `第一行有 ${headerCells} 个单元格，台账模板只有 ${LEDGER_COLUMNS.length} 列：这不是台账文件`,
      `the first row has ${headerCells} cells and the ledger template ${LEDGER_COLUMNS.length} columns: this is not a ledger`,
    );
  }
  const header = readHeader(table[0] ?? []);
  if ('error' in header) return { format, rows: [], rowErrors: new Map(), allRows: [], fileErrors: [header.error] };
  const firstData = isSecondHeaderRow(table[1] ?? [], header.columns) ? 2 : 1;
  const candidates: LedgerRowInput[] = [];
  const rowErrors = new Map<number, LedgerRowError[]>();
  for (let index = firstData; index < table.length; index++) {
    const cells = table[index];
    if (cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))) continue;
    const rowNumber = index + 1;
    const row: LedgerRowInput = { rowNumber };
    const errors: LedgerRowError[] = [];
    header.columns.forEach((column, i) => {
      if (!column?.field) return;
      const reading = readCell(column, cells[i] ?? null);
      if (reading === null) return;
      if ('error' in reading) errors.push(reading.error);
      else row[column.field] = reading.value;
    });
    errors.push(...missingValues(row, errors));
    if (errors.length) rowErrors.set(rowNumber, errors);
    candidates.push(row);
  }
  if (candidates.length === 0) {
    return refused(format, FileErrorCode.EMPTY_FILE, '文件中没有数据行', 'the file has no data rows');
  }
  if (candidates.length > MAX_LEDGER_ROWS) {
    const n = candidates.length;
    return refused(
      format,
      FileErrorCode.TOO_MANY_ROWS,
      `数据行过多：${n}，一个文件最多 ${MAX_LEDGER_ROWS} 行`,
      `too many rows: ${n}; at most ${MAX_LEDGER_ROWS} per file`,
    );
  }
  markDuplicates(candidates, rowErrors);
  const rows = candidates.filter((row) => !rowErrors.has(row.rowNumber));
  return { format, rows, rowErrors, allRows: candidates, fileErrors: [] };
}

/** The cells of the workbook's first sheet, read row by row (see firstSheetRows). */
async function xlsxTable(bytes: Buffer): Promise<Cell[][]> {
  const table: Cell[][] = [];
  for await (const row of firstSheetRows(bytes)) {
    const values = row.values;
    table[row.number - 1] = Array.from({ length: Math.max(values.length - 1, 0) }, (_, i) =>
      plainCellValue(values[i + 1]),
    );
  }
  return Array.from(table, (r) => r ?? []);
}

function csvTable(bytes: Buffer): Cell[][] {
  return parseCsv(csvText(bytes));
}

/**
 * UTF-8 (with or without a byte-order mark), as the hub's exports and Excel's "CSV UTF-8" write
 * it; otherwise GB18030 (a superset of GBK), which Excel on a Chinese Windows writes for plain
 * "CSV (逗号分隔)". A file that is neither is refused, never read as mojibake; so is a UTF-8 file
 * with a few bytes of another encoding pasted in (read as GB18030, its Chinese would be garbled).
 */
function csvText(bytes: Buffer): string {
  const utf8 = decoded(bytes, 'utf-8');
  if (utf8 !== null) return utf8;
  const damaged = damagedUtf8Line(bytes);
  if (damaged !== null) {
    throw new UnreadableText(
      `文件是 UTF-8 编码，但第 ${damaged} 行含有其他编码（如 GBK）的字符：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”，或改正该行后再导入`,
      `the file is UTF-8, but line ${damaged} holds characters in another encoding (such as GBK): save it in Excel as "CSV UTF-8 (Comma delimited)" or correct that line, and import again`,
    );
  }
  const gbk = decoded(bytes, 'gb18030');
  if (gbk !== null) return gbk;
  throw new UnreadableText(
    '文件既不是 .xlsx 工作簿，也不是 UTF-8 或 GBK 编码的 CSV 文本：请在 Excel 中另存为 .xlsx 或“CSV UTF-8（逗号分隔）”后再导入',
    'the file is neither an .xlsx workbook nor CSV text in UTF-8 or GBK: save it in Excel as .xlsx or "CSV UTF-8 (Comma delimited)" and import that',
  );
}

/** `bytes` as text in `encoding`, or null when they are not. */
function decoded(bytes: Buffer, encoding: 'utf-8' | 'gb18030'): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') return null;
    throw error;
  }
}

/**
 * The line of the first byte that is not UTF-8, when the file is otherwise plainly UTF-8: more of
 * its characters are three-byte UTF-8 (Chinese) than there are bad bytes. GBK text read as UTF-8
 * gives mostly bad bytes and almost never a valid three-byte sequence, so it is not taken for this.
 */
function damagedUtf8Line(bytes: Buffer): number | null {
  const text = new TextDecoder('utf-8').decode(bytes);
  let threeByte = 0;
  let bad = 0;
  let firstBad = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0xfffd) {
      bad++;
      if (firstBad < 0) firstBad = i;
    } else if (code >= 0x800 && (code < 0xd800 || code > 0xdfff)) threeByte++;
  }
  if (firstBad < 0 || threeByte <= bad) return null;
  return text.slice(0, firstBad).split('\n').length;
}

function readHeader(cells: Cell[]): { columns: (LedgerColumn | undefined)[] } | { error: LocatedError } {
  const columns: (LedgerColumn | undefined)[] = [];
  const unknown: string[] = [];
  const seen = new Set<LedgerColumn>();
  const repeated: string[] = [];
  cells.forEach((cell, i) => {
    const text = cell === null ? '' : String(cell instanceof Date ? cell.toISOString() : cell).trim();
    if (text === '') return;
    const column = columnOfHeader(text);
    if (!column) unknown.push(text);
    else if (seen.has(column)) repeated.push(text);
    else seen.add(column);
    columns[i] = column;
  });
  const missing = LEDGER_COLUMNS.filter((c) => c.required && !seen.has(c)).map((c) => c.headerZh);
  if (!unknown.length && !repeated.length && !missing.length) return { columns };
  const zh = [
    unknown.length ? `无法识别的列：${listed(unknown, '、', '等')}` : '',
    repeated.length ? `重复的列：${listed(repeated, '、', '等')}` : '',
    missing.length ? `缺少必需的列：${missing.join('、')}` : '',
  ].filter(Boolean);
  const en = [
    unknown.length ? `unknown columns: ${listed(unknown, ', ', 'and')}` : '',
    repeated.length ? `repeated columns: ${listed(repeated, ', ', 'and')}` : '',
    missing.length ? `missing required columns: ${missing.join(', ')}` : '',
  ].filter(Boolean);
  const error: LocatedError = {
    rowNumber: 1,
    field: null,
    code: FileErrorCode.BAD_HEADER,
    messageZh: `表头不符合台账模板（${zh.join('；')}）。请使用 npm run ledger -- template 生成的模板`,
    messageEn: `the header row does not match the ledger template (${en.join('; ')}); start from the template`,
  };
  return { error };
}

/** More header cells than this, and the file is no ledger (the template has a few dozen columns). */
const MAX_HEADER_CELLS = 1_000;

/** Most header cells of a file a message names; the rest are counted. */
const MAX_LISTED_HEADERS = 10;

/** The file's header texts for a message: a few, each cut short, and how many there are in all. */
function listed(texts: readonly string[], separator: string, more: '等' | 'and'): string {
  const shown = texts.slice(0, MAX_LISTED_HEADERS).map(cut).join(separator);
  const rest = texts.length - MAX_LISTED_HEADERS;
  if (rest <= 0) return shown;
  return more === '等' ? `${shown} 等 ${texts.length} 列` : `${shown} and ${rest} more`;
}

/** The template's second row: every header cell of row 1 repeated in its other language. */
function isSecondHeaderRow(cells: Cell[], columns: (LedgerColumn | undefined)[]): boolean {
  let matched = 0;
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i];
    const cell = cells[i];
    if (!column || cell === null || cell === undefined) continue;
    if (columnOfHeader(String(cell)) !== column) return false;
    matched++;
  }
  return matched > 0;
}

/**
 * What the file side requires beyond readable cells. The shard checks required fields itself
 * (REQUIRED, knowing whether the row creates or updates); a row with neither ledger number nor
 * national code is refused here, since nothing would match it on a re-import: it would be created again.
 */
function missingValues(row: LedgerRowInput, errors: LedgerRowError[]): LedgerRowError[] {
  const failed = new Set(errors.map((e) => e.field));
  const missing: LedgerRowError[] = [];
  if (row.ledgerNumber === undefined && row.nationalCode === undefined && !failed.has('ledgerNumber')) {
    missing.push({
      field: 'ledgerNumber',
      code: FileErrorCode.REQUIRED,
      messageZh: '“台账编号”与“全国投资项目代码”至少填一项：再次导入时据此匹配项目，不会重复建项',
      messageEn:
        'give a ledger number or a national project code: a re-import matches the project by them instead of creating it again',
    });
  }
  return missing;
}

/**
 * Two rows naming the same ledger number (or national code) would both match one project: neither
 * is sent, since which one the officer meant is not for the hub to guess.
 */
function markDuplicates(rows: LedgerRowInput[], rowErrors: Map<number, LedgerRowError[]>): void {
  for (const field of ['ledgerNumber', 'nationalCode'] as const) {
    const byValue = new Map<string, number[]>();
    for (const row of rows) {
      const value = row[field];
      if (value === undefined) continue;
      const key = String(value);
      byValue.set(key, [...(byValue.get(key) ?? []), row.rowNumber]);
    }
    const column = LEDGER_COLUMNS.find((c) => c.field === field)!;
    for (const [value, rowNumbers] of byValue) {
      if (rowNumbers.length < 2) continue;
      for (const rowNumber of rowNumbers) {
        const others = rowNumbers.filter((n) => n !== rowNumber).join(', ');
        const list = rowErrors.get(rowNumber) ?? [];
        list.push({
          field,
          code: FileErrorCode.DUPLICATE_IN_FILE,
          messageZh: `“${column.headerZh}” ${value} 在文件中重复（另见第 ${others} 行）`,
          messageEn: `${column.headerEn} ${value} appears more than once in the file (also row ${others})`,
        });
        rowErrors.set(rowNumber, list);
      }
    }
  }
}

function refused(format: LedgerFormat, code: string, messageZh: string, messageEn: string): ParsedLedger {
  return {
    format,
    rows: [],
    rowErrors: new Map(),
    allRows: [],
    fileErrors: [{ rowNumber: 1, field: null, code, messageZh, messageEn }],
  };
}
