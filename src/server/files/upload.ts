/**
 * Uploads: one multipart file per request, stored while it streams in, typed by its bytes (never by
 * its name or the client's Content-Type), bounded in size, and removed again if anything after it
 * fails. Callers insert the `stored_files` row in their own transaction and call `discard()` when
 * that transaction fails, so no orphan file or row remains.
 */
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import type { FastifyRequest } from 'fastify';
import { fileTypeFromBuffer, fileTypeFromStream, type FileTypeResult } from 'file-type';
import { storedFiles } from '../db/schema.ts';
import { AppError, badRequest } from '../http/errors.ts';
import { TooLargeError, type Storage } from '../storage/storage.ts';
import { assertStorableText } from '../http/input-guard.ts';
import { inspectZipOrReject, looksLikeZip, storageSource } from './zip-inspect.ts';
import { toNfc } from '../../common/text/vietnamese.ts';

export type FileKind = 'pdf' | 'docx' | 'xlsx' | 'image' | 'video' | 'csv';

const KIND_MIMES: Record<FileKind, string[]> = {
  pdf: ['application/pdf'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  image: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'],
  video: ['video/mp4'],
  csv: ['text/csv'],
};

const KIND_LABELS: Record<FileKind, string> = {
  pdf: 'PDF',
  docx: 'Word (.docx)',
  xlsx: 'Excel (.xlsx)',
  image: 'ảnh (JPEG, PNG, WebP)',
  video: 'video MP4',
  csv: 'CSV',
};

export type NewStoredFile = typeof storedFiles.$inferInsert;

export interface ReceivedFile {
  row: NewStoredFile & { id: string };
  kind: FileKind;
  /** Other form fields sent with the file. */
  fields: Record<string, string>;
  /** Removes the stored bytes (the caller's transaction failed, or the upload was only read). */
  discard(): Promise<void>;
}

/** A display name without directories, control characters or trailing dots, in NFC. */
export function cleanFileName(name: string): string {
  const base = toNfc(name).split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  return cleaned || 'tep-tin';
}

/** Known formats that are not accepted, with what to do instead (shown in the 415 message). */
const NOT_ACCEPTED_HINTS: Array<{ mimes: string[]; when: FileKind; hint: string }> = [
  {
    // Excel 97–2003 (.xls), old Word (.doc), and any password-protected Office file are OLE containers.
    mimes: ['application/x-cfb'],
    when: 'xlsx',
    hint: 'Đây là bảng tính Excel đời cũ (.xls) hoặc tệp có đặt mật khẩu. Hãy mở tệp bằng Excel, LibreOffice hoặc WPS, bỏ mật khẩu nếu có, chọn "Lưu thành" (Save As) loại "Excel Workbook (.xlsx)" rồi tải tệp .xlsx lên.',
  },
  {
    mimes: ['application/x-cfb'],
    when: 'docx',
    hint: 'Đây là tệp Word đời cũ (.doc) hoặc tệp có đặt mật khẩu. Hãy mở bằng Word, LibreOffice hoặc WPS, bỏ mật khẩu nếu có, chọn "Lưu thành" loại "Word Document (.docx)" hoặc PDF rồi tải lên lại.',
  },
  {
    mimes: ['application/vnd.oasis.opendocument.spreadsheet'],
    when: 'xlsx',
    hint: 'Đây là bảng tính LibreOffice (.ods). Trong LibreOffice chọn "Tệp > Lưu thành", loại "Excel 2007-365 (.xlsx)", rồi tải tệp .xlsx lên.',
  },
  {
    mimes: ['application/vnd.oasis.opendocument.text'],
    when: 'docx',
    hint: 'Đây là văn bản LibreOffice (.odt). Trong LibreOffice chọn "Tệp > Lưu thành", loại "Word 2007-365 (.docx)" hoặc xuất PDF, rồi tải lên lại.',
  },
];

/**
 * What the bytes are. A zip (xlsx, docx, ods…) is told apart by its entries, which file-type reads
 * one after the other: LibreOffice writes `[Content_Types].xml` LAST, so the first 4 KB are not
 * enough and reading them alone ends in EndOfStreamError. Zips are therefore read from the whole
 * stored file (file-type stops as soon as it knows). A parse failure of a damaged file is "not a
 * known type", never a 500.
 */
async function detect(storage: Storage, key: string, head: Buffer): Promise<FileTypeResult | undefined> {
  if (!looksLikeZip(head)) return fileTypeFromBuffer(head).catch(() => undefined);
  const stream = storage.read(key);
  try {
    return await fileTypeFromStream(Readable.toWeb(stream) as ReadableStream<Uint8Array>);
  } catch {
    return undefined;
  } finally {
    stream.destroy();
  }
}

async function sniff(
  storage: Storage,
  key: string,
  head: Buffer,
  name: string,
): Promise<{ mime: string; kind: FileKind | undefined } | undefined> {
  const found = await detect(storage, key, head);
  if (found) {
    for (const [kind, mimes] of Object.entries(KIND_MIMES) as Array<[FileKind, string[]]>)
      if (mimes.includes(found.mime)) return { mime: found.mime, kind };
    return { mime: found.mime, kind: undefined };
  }
  // Text has no magic number: a .csv is accepted when its first bytes hold no NUL.
  if (/\.csv$/i.test(name) && head.length > 0 && !head.includes(0)) return { mime: 'text/csv', kind: 'csv' };
  return undefined;
}

async function readHead(storage: Storage, key: string, bytes = 4100): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of storage.read(key, { start: 0, end: bytes - 1 })) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export interface ReceiveOptions {
  accept: FileKind[];
  /** Per kind; a kind not listed uses `defaultMaxBytes`. */
  maxBytes?: Partial<Record<FileKind, number>>;
  defaultMaxBytes: number;
  actorId: string | null;
  now: Date;
  prefix?: string;
}

export async function receiveFile(request: FastifyRequest, storage: Storage, opts: ReceiveOptions): Promise<ReceivedFile> {
  if (!request.isMultipart()) throw new AppError(415, 'upload.not_multipart', 'Cần gửi tệp dưới dạng multipart/form-data.');
  const limit = Math.max(opts.defaultMaxBytes, ...opts.accept.map((k) => opts.maxBytes?.[k] ?? opts.defaultMaxBytes));
  const fields: Record<string, string> = {};
  let stored: Awaited<ReturnType<Storage['put']>> | undefined;
  let name = '';
  try {
    for await (const part of request.parts({ limits: { fileSize: limit, files: 1, fields: 30, fieldSize: 100_000 } })) {
      if (part.type === 'file') {
        if (stored) {
          part.file.resume();
          continue;
        }
        name = cleanFileName(part.filename ?? '');
        stored = await storage.put(part.file, { maxBytes: limit, prefix: opts.prefix ?? 'f' });
        if (part.file.truncated) throw new TooLargeError(limit);
      } else {
        fields[part.fieldname] = String(part.value ?? '');
      }
    }
    // Form fields skip the JSON body's guard (app.ts): the same refusal of text that cannot be stored.
    assertStorableText(fields);
  } catch (err) {
    // Best effort, so a failing store still reports the error that stopped the upload.
    if (stored) await storage.remove(stored.key).catch(() => undefined);
    if (err instanceof TooLargeError || (err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError(413, 'upload.too_large', `Tệp quá lớn. Dung lượng tối đa là ${Math.round(limit / 1024 / 1024)} MB.`);
    }
    throw err;
  }
  if (!stored) throw badRequest('upload.missing', 'Chưa chọn tệp để tải lên.', [{ field: 'file', message: 'Hãy chọn một tệp.' }]);
  const discard = () => storage.remove(stored.key);
  if (stored.size === 0) {
    await discard();
    throw badRequest('upload.empty', 'Tệp rỗng (0 byte).', [{ field: 'file', message: 'Tệp rỗng.' }]);
  }
  const head = await readHead(storage, stored.key);
  // A zip is inspected before anything opens it, file-type's sniffing included (it inflates
  // [Content_Types].xml whole): the shared bomb check of every zip-based input (files/zip-inspect.ts).
  if (looksLikeZip(head)) {
    try {
      await inspectZipOrReject(storageSource(storage, stored.key, stored.size), `Tệp "${name}"`);
    } catch (err) {
      await discard();
      throw err;
    }
  }
  const type = await sniff(storage, stored.key, head, name);
  if (!type?.kind || !opts.accept.includes(type.kind)) {
    await discard();
    const allowed = opts.accept.map((k) => KIND_LABELS[k]).join(', ');
    const hint = NOT_ACCEPTED_HINTS.find((h) => type && h.mimes.includes(type.mime) && opts.accept.includes(h.when))?.hint;
    throw new AppError(
      415,
      'upload.type',
      hint
        ? `Chưa đọc được tệp "${name}". ${hint}`
        : `Nội dung tệp "${name}" không phải loại được chấp nhận (${allowed}). Hệ thống kiểm tra theo nội dung, không theo tên tệp.`,
    );
  }
  const kind: FileKind = type.kind;
  const kindMax = opts.maxBytes?.[kind] ?? opts.defaultMaxBytes;
  if (stored.size > kindMax) {
    await discard();
    throw new AppError(
      413,
      'upload.too_large',
      `Tệp quá lớn. Dung lượng tối đa cho loại này là ${Math.round(kindMax / 1024 / 1024)} MB.`,
    );
  }
  return {
    row: {
      id: crypto.randomUUID(),
      storageKey: stored.key,
      originalName: name,
      mime: type.mime,
      size: stored.size,
      sha256: stored.sha256,
      createdBy: opts.actorId,
      createdAt: opts.now,
    },
    kind,
    fields,
    discard,
  };
}
