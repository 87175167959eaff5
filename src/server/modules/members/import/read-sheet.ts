/**
 * Reads the first sheet of an .xlsx or a .csv into a header row and data rows of raw cell values.
 * Bad input is refused with a clear Vietnamese error before anything is planned: an empty file,
 * a file that is not a spreadsheet, too many bytes or rows, formula cells, merged header cells.
 * .xlsx is read with exceljs's streaming reader so a 200,000-row sheet stops at the row limit
 * instead of filling memory.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { Utf8WorkbookReader } from './xlsx-utf8.ts';
import JSZip from 'jszip';
import { parse as parseCsv } from 'csv-parse/sync';
import { AppError } from '../../../http/errors.ts';
import { bufferSource, inspectZipOrReject } from '../../../files/zip-inspect.ts';
import { matchHeaders, type ColumnTarget } from '../../../../common/members/headers.ts';

export const MAX_IMPORT_BYTES = 30 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 100_000;
/** The header row is looked for among the first rows: lists often start with a title block. */
const HEADER_SEARCH_ROWS = 15;

export type CellValue = string | number | Date | boolean | null;

export interface SheetRow {
  /** Row number as the spreadsheet shows it (1-based, header included). */
  rowNumber: number;
  cells: CellValue[];
}

export interface Sheet {
  kind: 'xlsx' | 'csv';
  headerRow: number;
  headers: string[];
  rows: SheetRow[];
}

const importError = (code: string, title: string, status = 400) => new AppError(status, `import.${code}`, title);

export function sniffKind(buf: Buffer, name = ''): 'xlsx' | 'csv' {
  if (buf.length === 0) throw importError('empty', 'Tệp rỗng: không có dữ liệu để nhập.');
  if (buf.length > MAX_IMPORT_BYTES)
    throw importError(
      'too_large',
      `Tệp quá lớn (${Math.round(buf.length / 1024 / 1024)} MB). Dung lượng tối đa là ${MAX_IMPORT_BYTES / 1024 / 1024} MB; hãy chia danh sách thành nhiều tệp.`,
      413,
    );
  if (buf[0] === 0x50 && buf[1] === 0x4b) return 'xlsx';
  if (buf[0] === 0xd0 && buf[1] === 0xcf)
    throw importError(
      'xls',
      'Tệp Excel đời cũ (.xls) chưa được hỗ trợ. Hãy mở bằng Excel hoặc LibreOffice và lưu lại dạng .xlsx.',
      415,
    );
  const head = buf.subarray(0, 4096);
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (!utf16 && head.includes(0))
    throw importError('not_spreadsheet', `Tệp "${name || 'đã chọn'}" không phải bảng tính .xlsx hay .csv.`, 415);
  if (/^%PDF|^\{\\rtf|^<!DOCTYPE|^<html/i.test(head.toString('latin1')))
    throw importError('not_spreadsheet', `Tệp "${name || 'đã chọn'}" không phải bảng tính .xlsx hay .csv.`, 415);
  return 'csv';
}

function cellText(v: CellValue): string {
  if (v === null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).trim();
}

function colName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The header row: the first of the top rows where at least two columns are recognized. */
function findHeader(rows: SheetRow[], mapping: Record<string, ColumnTarget>): SheetRow | undefined {
  const top = rows.slice(0, HEADER_SEARCH_ROWS);
  return (
    top.find((r) => matchHeaders(r.cells.map(cellText), mapping).filter((m) => m.target && m.target !== 'ignore').length >= 2) ??
    top.find((r) => r.cells.some((c) => cellText(c) !== ''))
  );
}

function tooManyRows(): AppError {
  return importError(
    'too_many_rows',
    `Bảng tính có quá nhiều dòng (hơn ${MAX_IMPORT_ROWS.toLocaleString('vi-VN')}). Hãy chia thành nhiều tệp nhỏ hơn.`,
    413,
  );
}

// ---------------------------------------------------------------------------------------------
// .xlsx

type ExcelValue = ExcelJS.CellValue;

function fromExcel(v: ExcelValue, ref: () => string): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('formula' in v || 'sharedFormula' in v) {
      throw importError(
        'formula',
        `Ô ${ref()} chứa công thức. Hãy sao chép cả bảng và dán dưới dạng giá trị (Paste Special → Values) rồi nhập lại.`,
      );
    }
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('error' in v) return null;
  }
  return null;
}

/** Merged ranges of the first worksheet, read from its XML without loading the sheet. */
async function mergedRanges(buf: Buffer): Promise<Array<{ ref: string; top: number; bottom: number }>> {
  const zip = await JSZip.loadAsync(buf);
  const sheets = Object.keys(zip.files)
    .filter((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p))
    .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)![1]) - Number(/(\d+)\.xml$/.exec(b)![1]));
  const file = sheets[0] ? zip.file(sheets[0]) : null;
  if (!file) return [];
  const refs = new Set<string>();
  let tail = '';
  // JSZip's node stream is an old-style stream (events only), so it is read through events.
  await new Promise<void>((resolve, reject) => {
    const stream = file.nodeStream('nodebuffer');
    stream.on('data', (chunk: Buffer) => {
      const s = tail + chunk.toString('utf8');
      for (const m of s.matchAll(/<mergeCell\s+ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"/g)) refs.add(m[1]!);
      tail = s.slice(-100);
    });
    stream.on('end', () => resolve());
    stream.on('error', reject);
  });
  return [...refs].map((ref) => {
    const nums = [...ref.matchAll(/\d+/g)].map((m) => Number(m[0]));
    return { ref, top: Math.min(...nums), bottom: Math.max(...nums) };
  });
}

async function readXlsx(buf: Buffer): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  let reader: ExcelJS.stream.xlsx.WorkbookReader;
  try {
    reader = new Utf8WorkbookReader(Readable.from(buf), {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache',
      worksheets: 'emit',
      entries: 'emit',
    });
    for await (const ws of reader) {
      for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
        if (rows.length >= MAX_IMPORT_ROWS + HEADER_SEARCH_ROWS) throw tooManyRows();
        const values = (row.values as ExcelValue[]).slice(1);
        const cells = values.map((v, i) => fromExcel(v, () => `${colName(i)}${row.number}`));
        if (cells.some((c) => c !== null && cellText(c) !== '')) rows.push({ rowNumber: row.number, cells });
      }
      break; // the first sheet only
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw importError('not_spreadsheet', 'Không đọc được tệp .xlsx (tệp hỏng hoặc không phải bảng tính Excel).', 415);
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// .csv

function decodeText(buf: Buffer): string {
  if (buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  if (buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '');
  } catch {
    // Not UTF-8: an old Windows file. Its text is Windows-1252, which the TCVN3 / VNI detection reads next.
    return new TextDecoder('windows-1252').decode(buf);
  }
}

function readCsv(buf: Buffer): SheetRow[] {
  const text = decodeText(buf);
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1))
    if (++lines > MAX_IMPORT_ROWS + HEADER_SEARCH_ROWS) throw tooManyRows();
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [';', '\t', ','].map((d) => [d, first.split(d).length] as const).sort((a, b) => b[1] - a[1])[0]![0];
  let records: string[][];
  try {
    records = parseCsv(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  } catch {
    throw importError('csv', 'Tệp CSV bị lỗi định dạng (dấu ngoặc kép không đóng).');
  }
  const rows: SheetRow[] = [];
  records.forEach((cells, i) => {
    if (cells.some((c) => c.trim() !== ''))
      rows.push({ rowNumber: i + 1, cells: cells.map((c) => (c.trim() === '' ? null : c)) });
  });
  return rows;
}

export async function readSheet(
  buf: Buffer,
  opts: { name?: string; mapping?: Record<string, ColumnTarget> } = {},
): Promise<Sheet> {
  const kind = sniffKind(buf, opts.name);
  // Before ExcelJS or JSZip open it: the shared zip-bomb inspection (also for the command-line import).
  if (kind === 'xlsx') await inspectZipOrReject(bufferSource(buf), `Tệp "${opts.name || 'bảng tính'}"`);
  const all = kind === 'xlsx' ? await readXlsx(buf) : readCsv(buf);
  const header = findHeader(all, opts.mapping ?? {});
  if (!header) throw importError('empty', 'Bảng tính không có dòng dữ liệu nào.');
  const rows = all.filter((r) => r.rowNumber > header.rowNumber);
  if (rows.length > MAX_IMPORT_ROWS) throw tooManyRows();
  if (kind === 'xlsx') {
    const merges = (await mergedRanges(buf)).filter((m) => m.bottom >= header.rowNumber);
    const onHeader = merges.find((m) => m.top <= header.rowNumber);
    if (onHeader)
      throw importError(
        'merged_header',
        `Dòng tiêu đề có ô gộp (${onHeader.ref}). Mỗi cột cần một ô tiêu đề riêng trên một dòng: hãy bỏ gộp ô (Unmerge) và đặt tên từng cột.`,
      );
    if (merges[0])
      throw importError(
        'merged_cells',
        `Bảng dữ liệu có ô gộp (${merges[0].ref}). Hãy bỏ gộp ô để mỗi dòng có đủ giá trị rồi nhập lại.`,
      );
  }
  const headers = header.cells.map(cellText);
  if (rows.length === 0) throw importError('empty', 'Bảng tính chỉ có dòng tiêu đề, không có đảng viên nào.');
  return { kind, headerRow: header.rowNumber, headers, rows };
}
