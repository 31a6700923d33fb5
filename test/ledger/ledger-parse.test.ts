import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../lib/ledger/csv.js';
import { LEDGER_COLUMNS } from '../../lib/ledger/ledger-columns.js';
import { parseLedgerFile } from '../../lib/ledger/ledger-parse.js';
import { buildLedgerTemplate } from '../../lib/ledger/ledger-template.js';
import { ledgerCsv, ledgerXlsx, validRow } from './ledger-file.js';

/** `text` in GBK: each character's two bytes found by decoding every GBK pair (Node can decode GBK, not encode it). */
function gbkBytes(text: string): Buffer {
  const decoder = new TextDecoder('gbk');
  const pairs = new Map<string, [number, number]>();
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++)
      if (trail !== 0x7f) pairs.set(decoder.decode(Uint8Array.of(lead, trail)), [lead, trail]);
  const bytes: number[] = [];
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) bytes.push(char.charCodeAt(0));
    else bytes.push(...pairs.get(char)!);
  }
  return Buffer.from(bytes);
}

const codesOf = (errors: { code: string; field: string | null }[] | undefined) =>
  (errors ?? []).map((e) => `${e.field}:${e.code}`);

describe('the ledger template', () => {
  it('has Chinese and English headers, drop-downs for the enumerations, a notes sheet and example rows', async () => {
    const bytes = Buffer.from(await buildLedgerTemplate().xlsx.writeBuffer());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const [data, , notes, examples] = workbook.worksheets;
    expect(data.getRow(1).getCell(2).value).toBe('项目名称');
    expect(data.getRow(2).getCell(2).value).toBe('Project name');
    const stageColumn = LEDGER_COLUMNS.findIndex((c) => c.field === 'stage') + 1;
    const validation = data.getRow(3).getCell(stageColumn).dataValidation;
    expect(validation.type).toBe('list');
    expect(String(validation.formulae[0])).toContain('选项');
    expect(notes.rowCount).toBeGreaterThan(LEDGER_COLUMNS.length);
    expect(examples.rowCount).toBe(4);
    // The examples are on their own sheet: the template as downloaded imports nothing.
    const parsed = await parseLedgerFile(bytes);
    expect(parsed.fileErrors.map((e) => e.code)).toEqual(['EMPTY_FILE']);
  });
});

describe('reading a ledger file', () => {
  it('reads Excel dates and text dates, money as numbers or text, Chinese or English enumeration values', async () => {
    const bytes = await ledgerXlsx([
      validRow({ ledgerNumber: 'A-1', signedOn: new Date(Date.UTC(2024, 2, 15)), agreedInvestment: 1234.5 }),
      validRow({ ledgerNumber: 'A-2', signedOn: '2024/3/5', agreedInvestment: '1,000,000', stage: 'OPERATING' }),
      validRow({ ledgerNumber: 'A-3', signedOn: '2024年3月6日', eventKind: 'INVESTMENT_FAIR', cohortYear: 2024 }),
    ]);
    const parsed = await parseLedgerFile(bytes);
    expect(parsed.format).toBe('xlsx');
    expect([...parsed.rowErrors]).toEqual([]);
    expect(parsed.rows.map((r) => [r.rowNumber, r.signedOn, r.agreedInvestment, r.stage, r.eventKind])).toEqual([
      [3, '2024-03-15', '1234.50', 'SIGNED', 'SOUTH_ASIA_EXPO'],
      [4, '2024-03-05', '1000000.00', 'OPERATING', 'SOUTH_ASIA_EXPO'],
      [5, '2024-03-06', '12000000.50', 'SIGNED', 'INVESTMENT_FAIR'],
    ]);
    expect(parsed.rows[2].cohortYear).toBe(2024);
  });

  it('locates every error class by row and field, with messages in Chinese and English', async () => {
    const bytes = await ledgerXlsx([
      validRow({ signedOn: '2024-02-30' }),
      validRow({ stage: '已开工吧' }),
      validRow({ agreedInvestment: 100.123 }),
      validRow({ ledgerNumber: 'DUP-1' }),
      validRow({ ledgerNumber: 'DUP-1' }),
      validRow({ ledgerNumber: 'N-1', nationalCode: '2024-530100-32-01-000001' }),
      validRow({ ledgerNumber: 'N-2', nationalCode: '2024-530100-32-01-000001' }),
      validRow({ ledgerNumber: null }),
      validRow({ cohortYear: '二〇二四' }),
      validRow(),
    ]);
    const parsed = await parseLedgerFile(bytes);
    const errors = Object.fromEntries([...parsed.rowErrors].map(([row, list]) => [row, codesOf(list)]));
    expect(errors).toEqual({
      3: ['signedOn:BAD_DATE'],
      4: ['stage:UNKNOWN_ENUM'],
      5: ['agreedInvestment:MONEY_DECIMALS'],
      6: ['ledgerNumber:DUPLICATE_IN_FILE'],
      7: ['ledgerNumber:DUPLICATE_IN_FILE'],
      8: ['nationalCode:DUPLICATE_IN_FILE'],
      9: ['nationalCode:DUPLICATE_IN_FILE'],
      10: ['ledgerNumber:REQUIRED'],
      11: ['cohortYear:BAD_INT'],
    });
    expect(parsed.rows.map((r) => r.rowNumber)).toEqual([12]);
    const [badDate] = parsed.rowErrors.get(3)!;
    expect(badDate.messageZh).toContain('2024-02-30');
    expect(badDate.messageEn).toContain('not a real date');
    expect(parsed.rowErrors.get(6)![0].messageEn).toContain('also row 7');
  });

  it('refuses a file whose header is not the template’s, naming the columns', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('x');
    sheet.addRow(['项目名称', '阶段?', '投资方名称']);
    sheet.addRow(['某项目', '签约', '某公司']);
    const parsed = await parseLedgerFile(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(parsed.rows).toEqual([]);
    expect(parsed.fileErrors).toHaveLength(1);
    expect(parsed.fileErrors[0]).toMatchObject({ rowNumber: 1, code: 'BAD_HEADER' });
    expect(parsed.fileErrors[0].messageZh).toContain('阶段?');
    expect(parsed.fileErrors[0].messageEn).toContain('missing required columns');
  });

  it('reads the same file the same way every time, many at once', async () => {
    // exceljs's own streaming zip loop dropped workbook parts at random under load (an empty
    // sheet or a TypeError a few times in a thousand); 800 reads, 10 at a time, caught it.
    const bytes = await ledgerXlsx([validRow(), validRow(), validRow({ signedOn: 'not a date' })]);
    const outcomes = new Map<string, number>();
    for (let round = 0; round < 80; round++) {
      const parsed = await Promise.all(Array.from({ length: 10 }, () => parseLedgerFile(bytes)));
      for (const p of parsed) {
        const outcome = `${p.rows.length} rows, ${p.rowErrors.size} refused, ${p.fileErrors.map((e) => e.messageEn).join('; ')}`;
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    }
    expect([...outcomes]).toEqual([['2 rows, 1 refused, ', 800]]);
  });

  it('refuses a zip that is not a workbook, saying what is missing', async () => {
    const zip = new JSZip();
    zip.file('readme.txt', '台账');
    const parsed = await parseLedgerFile(await zip.generateAsync({ type: 'nodebuffer' }));
    expect(parsed.fileErrors.map((e) => [e.code, e.messageEn])).toEqual([
      ['BAD_FILE', 'cannot read the xlsx file: not a workbook: it has no xl/workbook.xml'],
    ]);
  });

  it('reads Chinese text whole wherever the zip hands it over in chunks that split a character', async () => {
    // Several hundred KiB of three-byte characters: many chunk boundaries, most inside a character.
    const rows = Array.from({ length: 2_000 }, (_, i) =>
      validRow({
        name: `云南省重点招商引资项目${i}号：绿色铝产业链延伸与配套园区建设`,
        investorName: `滇中新区投资集团第${i}分公司`,
      }),
    );
    const parsed = await parseLedgerFile(await ledgerXlsx(rows));
    expect(parsed.fileErrors).toEqual([]);
    expect(parsed.rows.map((r) => [r.name, r.investorName])).toEqual(rows.map((r) => [r.name, r.investorName]));
  });

  it('refuses a zip bomb: shared strings that unzip to more than 64 MiB', async () => {
    const zip = await JSZip.loadAsync(await ledgerXlsx([validRow()]));
    const huge = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>${'台'.repeat(23 * 1024 * 1024)}</t></si></sst>`;
    zip.file('xl/sharedStrings.xml', huge);
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const parsed = await parseLedgerFile(bomb);
    expect(parsed.fileErrors.map((e) => [e.code, e.messageEn])).toEqual([
      ['BAD_FILE', 'cannot read the xlsx file: xl/sharedStrings.xml unzip to more than 64 MiB (解压后超过 64 MiB)'],
    ]);
  });

  it('reads CSV (UTF-8 with BOM) exactly as it reads xlsx', async () => {
    const rows = [validRow({ ledgerNumber: 'C-1', name: '含,逗号"引号"的项目' }), validRow({ ledgerNumber: 'C-2' })];
    const fromCsv = await parseLedgerFile(ledgerCsv(rows));
    const fromXlsx = await parseLedgerFile(await ledgerXlsx(rows));
    expect(fromCsv.format).toBe('csv');
    expect(fromCsv.rows).toEqual(fromXlsx.rows);
    expect(fromCsv.rows[0].name).toBe('含,逗号"引号"的项目');
  });

  it('reads CSV as Excel on a Chinese Windows saves it (GBK) exactly as it reads UTF-8', async () => {
    const rows = [
      validRow({ ledgerNumber: 'G-1', name: '昆明滇池国际会展中心二期' }),
      validRow({ ledgerNumber: 'G-2' }),
    ];
    const utf8 = ledgerCsv(rows);
    const gbk = gbkBytes(utf8.toString('utf8').replace(/^\uFEFF/, ''));
    expect(gbk.includes(Buffer.from('昆明'))).toBe(false); // really not UTF-8
    const fromGbk = await parseLedgerFile(gbk);
    expect(fromGbk.fileErrors).toEqual([]);
    expect(fromGbk.rows).toEqual((await parseLedgerFile(utf8)).rows);
    expect(fromGbk.rows[0].name).toBe('昆明滇池国际会展中心二期');
  });

  it('refuses a UTF-8 file with a GBK character pasted in, naming its line, instead of reading it all as garbled GBK', async () => {
    const rows = [validRow({ ledgerNumber: 'M-1', name: '昆明项目' }), validRow({ ledgerNumber: 'M-2' })];
    const utf8 = ledgerCsv(rows);
    const lines = utf8.toString('utf8').split('\r\n');
    // Line 3 (the first data row) gets "—" as GBK writes it (A1 AA), not as UTF-8.
    lines[2] = lines[2].replace('昆明项目', '昆明\u0000项目');
    const mixed = Buffer.from(lines.join('\r\n'), 'utf8');
    const at = mixed.indexOf(0);
    const bytes = Buffer.concat([mixed.subarray(0, at), Buffer.from([0xa1, 0xaa]), mixed.subarray(at + 1)]);
    const parsed = await parseLedgerFile(bytes);
    expect(parsed.rows).toEqual([]);
    expect(parsed.fileErrors.map((e) => e.code)).toEqual(['BAD_FILE']);
    expect(parsed.fileErrors[0].messageEn).toContain('line 3 holds characters in another encoding');
    expect(parsed.fileErrors[0].messageZh).toContain('第 3 行');
  });

  it('calls an empty upload empty, and never repeats more than a few cut-short headers of a file', async () => {
    for (const empty of [Buffer.alloc(0), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(' \r\n')]) {
      const parsed = await parseLedgerFile(empty);
      expect(parsed.fileErrors.map((e) => [e.code, e.messageEn])).toEqual([['EMPTY_FILE', 'the file is empty']]);
    }
    // Garbage read as text: one header cell of a megabyte, and 500 more unknown ones.
    const header = ['x'.repeat(1024 * 1024), ...Array.from({ length: 500 }, (_, i) => `col${i}`)].join(',');
    const parsed = await parseLedgerFile(Buffer.from(`${header}\r\n1,2\r\n`));
    const [error] = parsed.fileErrors;
    expect(error.code).toBe('BAD_HEADER');
    expect(error.messageEn.length + error.messageZh.length).toBeLessThan(4_000);
    expect(error.messageEn).toContain(`${'x'.repeat(40)}…, col0,`);
    expect(error.messageEn).toContain('col8 and 491 more');
    expect(error.messageZh).toContain('col8 等 501 列');

    // Hundreds of thousands of cells in the first row: no ledger, said at once.
    const wide = await parseLedgerFile(Buffer.from('ab,'.repeat(350_000)));
    expect(wide.fileErrors.map((e) => [e.code, e.messageEn])).toEqual([
      [
        'BAD_HEADER',
        expect.stringMatching(
          /^the first row has 350001 cells and the ledger template \d+ columns: this is not a ledger$/,
        ),
      ],
    ]);
  });

  it('refuses bytes that are neither UTF-8 nor GBK text, and an .xls workbook, saying what to do in both languages', async () => {
    const garbage = await parseLedgerFile(Buffer.from([0x80, 0xff, 0xfe, 0x2c, 0x0a]));
    expect(garbage.fileErrors.map((e) => e.code)).toEqual(['BAD_FILE']);
    expect(garbage.fileErrors[0].messageEn).toContain('neither an .xlsx workbook nor CSV text in UTF-8 or GBK');
    expect(garbage.fileErrors[0].messageZh).toContain('另存为');

    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    const old = await parseLedgerFile(xls);
    expect(old.fileErrors.map((e) => e.code)).toEqual(['BAD_FILE']);
    expect(old.fileErrors[0].messageEn).toContain('Excel 97-2003 (.xls)');
    expect(old.fileErrors[0].messageZh).toContain('.xlsx');
  });
});

describe('CSV', () => {
  it('splits quoted cells with commas, quotes and line breaks', () => {
    expect(parseCsv('\uFEFFa,"b,c","d""e","f\r\ng"\r\n1,2,3,4')).toEqual([
      ['a', 'b,c', 'd"e', 'f\r\ng'],
      ['1', '2', '3', '4'],
    ]);
  });
});
