/**
 * Loading an existing library from a folder: a metadata sheet (documents.csv or documents.xlsx:
 * file, symbol, type, issuer, issue date, title, topics) and the files it names. Each file goes
 * through the same checks and text extraction as an upload. Safe to run twice: a document whose
 * symbol (or, without a symbol, whose file content) the unit already holds is skipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { fileTypeFromBuffer } from 'file-type';
import { rowsOf, type Db } from '../../db/client.ts';
import { documentFiles, documents, units } from '../../db/schema.ts';
import type { Storage } from '../../storage/storage.ts';
import { AppError } from '../../http/errors.ts';
import { foldVietnamese } from '../../../common/text/vietnamese.ts';
import type { CodeEntry } from '../../../common/documents/symbol.ts';
import { loadCatalog } from './codes.service.ts';
import { insertDocument, resolveFields } from './documents.service.ts';
import { attachFile } from './files.service.ts';
import { inspectFile } from './inspect.ts';
import { bufferSource, inspectZipOrReject, looksLikeZip } from '../../files/zip-inspect.ts';

export interface ImportOptions {
  folder: string;
  unitCode: string;
  publish: boolean;
  maxBytes: number;
  videoMaxBytes: number;
  now: Date;
}

export interface ImportReport {
  sheet: string;
  imported: Array<{ file: string; title: string; id: string }>;
  skipped: Array<{ file: string; reason: string }>;
  failed: Array<{ row: number; file: string; reason: string }>;
}

export class ImportError extends Error {}

type Row = Record<string, string>;

/** Header names in English or Vietnamese, any case or diacritics. */
const HEADERS: Record<string, string[]> = {
  file: ['file', 'tep', 'ten tep', 'tep tin'],
  symbol: ['symbol', 'so ky hieu', 'ky hieu', 'so hieu'],
  type: ['type', 'loai', 'loai van ban'],
  issuer: ['issuer', 'co quan ban hanh', 'noi ban hanh'],
  issueDate: ['issue date', 'issue_date', 'issuedate', 'ngay ban hanh', 'ngay'],
  title: ['title', 'tieu de', 'trich yeu', 'ten van ban'],
  topics: ['topics', 'chu de'],
};

function canonicalHeader(h: string): string | undefined {
  const f = foldVietnamese(h).replace(/[_-]/g, ' ');
  return Object.entries(HEADERS).find(([, names]) => names.includes(f) || names.includes(f.replace(/ /g, '_')))?.[0];
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
  }
  return String(v);
}

async function readSheet(folder: string): Promise<{ sheet: string; rows: Row[] }> {
  const csv = path.join(folder, 'documents.csv');
  const xlsx = path.join(folder, 'documents.xlsx');
  let raw: string[][];
  let sheet: string;
  if (fs.existsSync(csv)) {
    sheet = 'documents.csv';
    raw = parseCsv(fs.readFileSync(csv), { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } else if (fs.existsSync(xlsx)) {
    sheet = 'documents.xlsx';
    const bytes = fs.readFileSync(xlsx);
    try {
      await inspectZipOrReject(bufferSource(bytes), 'Tệp documents.xlsx');
    } catch (err) {
      throw new ImportError(err instanceof AppError ? err.title : String(err));
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    raw = [];
    ws?.eachRow((row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => (cells[col - 1] = cellText(cell.value)));
      raw.push(cells);
    });
  } else throw new ImportError(`Không thấy documents.csv hay documents.xlsx trong thư mục ${folder}.`);
  const [header, ...body] = raw;
  const keys = (header ?? []).map((h) => canonicalHeader(String(h ?? '')));
  if (!keys.includes('file') || !keys.includes('title'))
    throw new ImportError(`${sheet}: cần có ít nhất hai cột "file" và "title" (tệp, tiêu đề).`);
  const rows = body.map((cells) => {
    const r: Row = {};
    keys.forEach((k, i) => {
      if (k)
        r[k] = String(cells[i] ?? '')
          .normalize('NFC')
          .trim();
    });
    return r;
  });
  return { sheet, rows };
}

/** "57", "NQ" or "Nghị quyết" → the catalog code. */
function codeOf(entries: CodeEntry[], typed: string): string | undefined {
  const f = foldVietnamese(typed);
  return entries.find(
    (e) => foldVietnamese(e.code) === f || foldVietnamese(e.name) === f || foldVietnamese(e.name).split(/,\s*/).includes(f),
  )?.code;
}

/** YYYY-MM-DD or DD/MM/YYYY. */
function isoDate(s: string): string | null | undefined {
  if (!s) return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : vn ? [vn[3], vn[2]!.padStart(2, '0'), vn[1]!.padStart(2, '0')] : [];
  if (!y) return undefined;
  const out = `${y}-${m}-${d}`;
  return Number.isNaN(Date.parse(out)) ? undefined : out;
}

const KINDS: Record<string, 'pdf' | 'docx' | 'xlsx' | 'image' | 'video'> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/webp': 'image',
  'video/mp4': 'video',
};

export async function importFolder(db: Db, storage: Storage, opts: ImportOptions): Promise<ImportReport> {
  const [unit] = await db
    .select({ id: units.id, path: units.path, status: units.status })
    .from(units)
    .where(eq(units.code, opts.unitCode));
  if (!unit || unit.status !== 'active') throw new ImportError(`Không có đơn vị đang hoạt động mang mã "${opts.unitCode}".`);
  const { sheet, rows } = await readSheet(opts.folder);
  const catalog = await loadCatalog(db);
  const report: ImportReport = { sheet, imported: [], skipped: [], failed: [] };
  const source = { actorId: null, requestId: 'documents-import', at: opts.now };

  for (const [i, r] of rows.entries()) {
    const rowNo = i + 2;
    const name = r.file ?? '';
    const fail = (reason: string) => report.failed.push({ row: rowNo, file: name, reason });
    if (!name) {
      fail('Thiếu tên tệp.');
      continue;
    }
    if (/[\\/]/.test(name) || name.startsWith('.')) {
      fail('Tên tệp không được chứa đường dẫn thư mục.');
      continue;
    }
    const full = path.join(opts.folder, name);
    if (!fs.existsSync(full) || !fs.statSync(full).isFile()) {
      fail('Không tìm thấy tệp trong thư mục.');
      continue;
    }
    const bytes = fs.readFileSync(full);
    // file-type inflates a zip's [Content_Types].xml whole: the shared bomb inspection comes first.
    if (looksLikeZip(bytes)) {
      const refused = await inspectZipOrReject(bufferSource(bytes), 'Tệp').then(
        () => null,
        (err: unknown) => (err instanceof AppError ? err.title : String(err)),
      );
      if (refused) {
        fail(refused);
        continue;
      }
    }
    const mime = (await fileTypeFromBuffer(bytes))?.mime ?? '';
    const kind = KINDS[mime];
    if (!kind) {
      fail('Nội dung tệp không phải PDF, Word (.docx), Excel (.xlsx), ảnh hay video MP4.');
      continue;
    }
    if (bytes.length > (kind === 'video' ? opts.videoMaxBytes : opts.maxBytes)) {
      fail(`Tệp quá lớn (${Math.round(bytes.length / 1024 / 1024)} MB).`);
      continue;
    }
    const typeCode = r.type ? codeOf(catalog.types, r.type) : undefined;
    if (r.type && !typeCode) {
      fail(`Loại văn bản "${r.type}" chưa có trong danh mục.`);
      continue;
    }
    const issuerCode = r.issuer ? codeOf(catalog.issuers, r.issuer) : undefined;
    if (r.issuer && !issuerCode) {
      fail(`Cơ quan ban hành "${r.issuer}" chưa có trong danh mục.`);
      continue;
    }
    const issueDate = isoDate(r.issueDate ?? '');
    if (issueDate === undefined) {
      fail(`Ngày ban hành "${r.issueDate}" không đọc được (dùng YYYY-MM-DD hoặc DD/MM/YYYY).`);
      continue;
    }
    let fields;
    try {
      fields = await resolveFields(
        db,
        'document',
        {
          title: r.title ?? '',
          symbol: r.symbol || null,
          ...(typeCode ? { typeCode } : {}),
          ...(issuerCode ? { issuerCode } : {}),
          issueDate,
          topics: (r.topics ?? '')
            .split(/[;,]/)
            .map((x) => x.trim())
            .filter(Boolean),
        },
        catalog,
      );
    } catch (err) {
      fail(err instanceof AppError ? err.title : String(err));
      continue;
    }
    if (!fields.title || fields.title.length < 3) {
      fail('Thiếu tiêu đề.');
      continue;
    }
    // Already there from an earlier run (or entered by hand): skip.
    const sha = createHash('sha256').update(bytes).digest('hex');
    const dup = fields.symbolKey
      ? await db
          .select({ id: documents.id })
          .from(documents)
          .where(and(eq(documents.unitId, unit.id), eq(documents.symbolKey, fields.symbolKey)))
      : await db
          .execute(
            sql`SELECT d.id FROM ${documents} d JOIN ${documentFiles} f ON f.document_id = d.id JOIN stored_files s ON s.id = f.stored_file_id WHERE d.unit_id = ${unit.id} AND s.sha256 = ${sha} LIMIT 1`,
          )
          .then((res) => rowsOf<{ id: string }>(res));
    if (dup.length > 0) {
      report.skipped.push({ file: name, reason: 'Đã có trong thư viện của đơn vị (bỏ qua).' });
      continue;
    }
    let inspection;
    try {
      inspection =
        kind === 'video' ? { kind, text: '', textStatus: 'none' as const, pageCount: null } : await inspectFile(kind, bytes);
    } catch (err) {
      fail(err instanceof AppError ? err.title : 'Không đọc được tệp.');
      continue;
    }
    const stored = await storage.put(bytes, { prefix: 'doc' });
    try {
      const id = await db.transaction(async (tx) => {
        const docId = await insertDocument(tx, source, unit, {
          kind: 'document',
          unitId: unit.id,
          fields,
          targetUnitIds: [unit.id],
          status: opts.publish ? 'published' : 'draft',
          publishAt: opts.now,
        });
        const row = {
          id: crypto.randomUUID(),
          storageKey: stored.key,
          originalName: name,
          mime,
          size: stored.size,
          sha256: stored.sha256,
          createdBy: null,
          createdAt: opts.now,
        };
        await attachFile(tx, source, unit, docId, row, inspection);
        return docId;
      });
      report.imported.push({ file: name, title: fields.title, id });
    } catch (err) {
      await storage.remove(stored.key);
      fail(err instanceof AppError ? err.title : `Lỗi khi lưu: ${(err as Error).message}`);
    }
  }
  return report;
}
