import { Transform, type Readable, type TransformCallback } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

/** A row of the sheet as exceljs reads it: `values[1]` is column A. */
export interface SheetRow {
  readonly number: number;
  readonly values: unknown[];
}

/**
 * The part parsers of exceljs 4.4's streaming WorkbookReader (undocumented, pinned with the
 * package): each takes a stream of one zip part.
 */
interface WorkbookPartReader {
  model?: { sheets?: { rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(entry: Readable, sheetNo: string): Generator<{ value: AsyncIterable<SheetRow> }>;
}

/**
 * Most a workbook's parts may unzip to, all together: a 50,000-row ledger of every column unzips
 * to about 100 MiB. A zip bomb (a few hundred KiB that unzip to gigabytes) stops here.
 */
const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;
/** Most the shared strings may unzip to: exceljs holds them all in memory while the sheet is read. */
const MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024;

/**
 * The rows of an .xlsx workbook's first sheet (in the workbook's tab order), streamed: only that
 * sheet is inflated, and as a stream, so a large upload costs its compressed bytes plus a row.
 *
 * Why not `WorkbookReader.parse()` itself: its zip loop (unzipper 0.10's Parse) reports the end of
 * the zip when the last byte has been read, not when the last part has been handed out, so parts
 * still buffered at that moment are dropped at random (xl/workbook.xml, which exceljs writes last,
 * most often): the same file read "Cannot read properties of undefined (reading 'sheets')" or no
 * rows at all, a few times in a thousand. Here JSZip opens the zip (from its central directory,
 * nothing dropped) and the reader's own part parsers get the parts in the order they need them:
 * relationships, workbook (date system, sheet order), shared strings, styles (date formats), sheet.
 */
export async function* firstSheetRows(bytes: Buffer): AsyncGenerator<SheetRow> {
  const zip = await JSZip.loadAsync(bytes);
  let unzipped = 0;
  const part = (path: string, limit = MAX_UNZIPPED_BYTES): Readable | null => {
    const file = zip.file(path);
    if (!file) return null;
    let partBytes = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
        partBytes += chunk.length;
        unzipped += chunk.length;
        if (partBytes > limit || unzipped > MAX_UNZIPPED_BYTES) {
          const mib = Math.min(limit, MAX_UNZIPPED_BYTES) / 1024 / 1024;
          done(
            new Error(
              `${partBytes > limit ? path : 'its parts'} unzip to more than ${mib} MiB (解压后超过 ${mib} MiB)`,
            ),
          );
          return;
        }
        done(null, chunk);
      },
    });
    // Text, decoded across chunk boundaries: exceljs decodes each Buffer chunk on its own, which
    // broke a Chinese character split between two chunks into U+FFFD (and committed it).
    counted.setEncoding('utf8');
    // JSZip's node stream is an old-style stream: piped into a core stream, it reads as a core one.
    return (file.nodeStream('nodebuffer') as unknown as Readable).pipe(counted);
  };
  const required = (path: string): Readable => {
    const stream = part(path);
    if (!stream) throw new Error(`not a workbook: it has no ${path}`);
    return stream;
  };
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(required('xl/workbook.xml'), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as WorkbookPartReader;
  await reader._parseRels(required('xl/_rels/workbook.xml.rels'));
  await reader._parseWorkbook(required('xl/workbook.xml'));
  const sharedStrings = part('xl/sharedStrings.xml', MAX_SHARED_STRINGS_BYTES);
  if (sharedStrings) for await (const _ of reader._parseSharedStrings(sharedStrings));
  const styles = part('xl/styles.xml');
  if (styles) await reader._parseStyles(styles);

  const first = reader.model?.sheets?.[0];
  const target = reader.workbookRels?.find((rel) => rel.Id === first?.rId)?.Target;
  const sheetNo = target?.match(/worksheets\/sheet(\d+)\.xml$/)?.[1];
  if (!target || !sheetNo) throw new Error('the workbook has no sheet');
  const sheetPath = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  for (const { value: sheet } of reader._parseWorksheet(required(sheetPath), sheetNo)) {
    yield* sheet;
  }
}
