/**
 * The one inspection every ZIP-based input passes before anything parses it: .xlsx and .docx
 * uploads (library, meetings, member import), the command-line imports, and any future format
 * built on ZIP. A "zip bomb" is a small file that expands to gigabytes when a reader opens it;
 * the member import used to inflate a 1.5 MB sheet to 1.5 GB for 35 s (issue 17 finding 3), and
 * file-type itself inflates `[Content_Types].xml` without a limit while sniffing.
 *
 * In order, each step cheap before the next:
 * 1. structure: the central directory is read from the end of the file; ZIP64, encrypted entries
 *    and methods other than stored/deflate are refused; every local header must be where the
 *    directory says;
 * 2. declared sizes: the entry count, the total declared inflated size and the ratio of that to the
 *    file's size are checked against the limits (a bomb that states its size stops here, in ms);
 * 3. actual sizes: every entry is inflated as a stream, the output counted and thrown away, and
 *    stopped the moment it passes the size its entry declared (a bomb that lies stops here, after
 *    at most its declared size). So memory stays at one chunk and time at the declared total.
 * The file is read through a ByteSource: a Buffer, or ranges of a stored object.
 */
import zlib from 'node:zlib';
import { Readable } from 'node:stream';
import { AppError } from '../http/errors.ts';
import type { Storage } from '../storage/storage.ts';

export interface ZipLimits {
  maxEntries: number;
  /** Declared and actual inflated bytes of all entries together. */
  maxTotalBytes: number;
  /** Inflated size over the file's size, for the whole archive (Office files are 3–30). */
  maxRatio: number;
  /** The ratio is not applied below this many inflated bytes (tiny files have wild ratios). */
  ratioFloorBytes: number;
}

export const ZIP_LIMITS: ZipLimits = {
  maxEntries: 5000,
  maxTotalBytes: 300 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

export type ZipFault = 'broken' | 'bomb' | 'encrypted';

export class ZipRejected extends Error {
  constructor(
    readonly fault: ZipFault,
    readonly why: string,
  ) {
    super(`${fault}: ${why}`);
    this.name = 'ZipRejected';
  }
}

export interface ZipEntry {
  name: string;
  compressedSize: number;
  size: number;
}

export interface ZipInspection {
  entries: ZipEntry[];
  /** Inflated bytes of all entries, counted. */
  totalSize: number;
}

/** Random access to the bytes of a file. `end` is inclusive, as in fs and Storage.read. */
export interface ByteSource {
  size: number;
  read(start: number, end: number): Promise<Buffer>;
  stream(start: number, end: number): Readable;
}

export function bufferSource(buf: Buffer): ByteSource {
  return {
    size: buf.length,
    read: async (start, end) => buf.subarray(start, end + 1),
    // In 64 KiB pieces, pulled as the inflater asks, as a file is read: a stopped inspection reads no further.
    stream: (start, end) =>
      Readable.from(
        (function* () {
          for (let p = start; p <= end; p += 64 * 1024) yield buf.subarray(p, Math.min(end + 1, p + 64 * 1024));
        })(),
      ),
  };
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export function storageSource(storage: Storage, key: string, size: number): ByteSource {
  return {
    size,
    read: (start, end) => collect(storage.read(key, { start, end })),
    stream: (start, end) => storage.read(key, { start, end }),
  };
}

/** Whether the bytes start like a ZIP archive (a local file header). */
export function looksLikeZip(head: Buffer): boolean {
  return head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
}

const EOCD_SIG = 0x06054b50;
const CD_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const MAX_COMMENT = 0xffff;

async function endOfCentralDirectory(src: ByteSource) {
  if (src.size < 22) throw new ZipRejected('broken', 'too short for a zip');
  const tailStart = Math.max(0, src.size - 22 - MAX_COMMENT);
  const tail = await src.read(tailStart, src.size - 1);
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== EOCD_SIG) continue;
    const count = tail.readUInt16LE(i + 10);
    const cdSize = tail.readUInt32LE(i + 12);
    const cdOffset = tail.readUInt32LE(i + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new ZipRejected('broken', 'ZIP64');
    if (cdOffset + cdSize > tailStart + i) throw new ZipRejected('broken', 'central directory outside the file');
    return { count, cdSize, cdOffset };
  }
  throw new ZipRejected('broken', 'no end of central directory');
}

interface DirEntry extends ZipEntry {
  method: number;
  localOffset: number;
}

function readDirectory(cd: Buffer, count: number): DirEntry[] {
  const entries: DirEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CD_SIG) throw new ZipRejected('broken', 'bad central directory entry');
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const compressedSize = cd.readUInt32LE(p + 20);
    const size = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const localOffset = cd.readUInt32LE(p + 42);
    const name = cd.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    if (flags & 0x1) throw new ZipRejected('encrypted', name);
    if (method !== 0 && method !== 8) throw new ZipRejected('broken', `compression method ${method}`);
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff)
      throw new ZipRejected('broken', 'ZIP64 entry');
    if (method === 0 && compressedSize !== size) throw new ZipRejected('broken', 'stored entry with two sizes');
    entries.push({ name, method, compressedSize, size, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Inflates one entry as a stream, counting; stops past `declared` bytes. Returns the count. */
function inflatedSize(src: ByteSource, start: number, e: DirEntry): Promise<number> {
  if (e.compressedSize === 0 || e.method === 0) return Promise.resolve(e.compressedSize);
  const input = src.stream(start, start + e.compressedSize - 1);
  return new Promise<number>((resolve, reject) => {
    const inflate = zlib.createInflateRaw({ chunkSize: 64 * 1024 });
    let produced = 0;
    let settled = false;
    const finish = (err: ZipRejected | null) => {
      if (settled) return;
      settled = true;
      input.destroy();
      inflate.destroy();
      if (err) reject(err);
      else resolve(produced);
    };
    inflate.on('data', (chunk: Buffer) => {
      produced += chunk.length;
      if (produced > e.size) finish(new ZipRejected('bomb', `${e.name} inflates past its declared ${e.size} bytes`));
    });
    inflate.on('end', () => finish(null));
    inflate.on('error', () => finish(new ZipRejected('broken', `${e.name} does not inflate`)));
    input.on('error', () => finish(new ZipRejected('broken', `${e.name} cannot be read`)));
    input.pipe(inflate);
  });
}

/** Throws ZipRejected; returns the entries when the archive is within the limits. */
export async function inspectZip(src: ByteSource, limits: ZipLimits = ZIP_LIMITS): Promise<ZipInspection> {
  const { count, cdSize, cdOffset } = await endOfCentralDirectory(src);
  if (count > limits.maxEntries) throw new ZipRejected('bomb', `${count} entries`);
  const entries = readDirectory(await src.read(cdOffset, cdOffset + cdSize - 1), count);
  const budget = Math.min(limits.maxTotalBytes, Math.max(limits.ratioFloorBytes, src.size * limits.maxRatio));
  const declared = entries.reduce((s, e) => s + e.size, 0);
  if (declared > budget) throw new ZipRejected('bomb', `declares ${declared} inflated bytes, the limit is ${budget}`);
  let total = 0;
  for (const e of entries) {
    if (e.localOffset + 30 > cdOffset) throw new ZipRejected('broken', `${e.name}: local header outside the file`);
    const local = await src.read(e.localOffset, e.localOffset + 29);
    if (local.readUInt32LE(0) !== LOCAL_SIG) throw new ZipRejected('broken', `${e.name}: no local header`);
    const dataStart = e.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (dataStart + e.compressedSize > cdOffset) throw new ZipRejected('broken', `${e.name}: data outside the file`);
    const actual = await inflatedSize(src, dataStart, e);
    if (actual !== e.size) throw new ZipRejected('broken', `${e.name}: ${actual} bytes, ${e.size} declared`);
    total += actual;
  }
  return { entries: entries.map(({ name, compressedSize, size }) => ({ name, compressedSize, size })), totalSize: total };
}

/** The Vietnamese problem for a refused archive; `what` names the file ('Tệp Word', 'Tệp "a.xlsx"'). */
export function zipProblem(err: ZipRejected, what: string): AppError {
  switch (err.fault) {
    case 'bomb':
      return new AppError(
        422,
        'upload.zip_bomb',
        `${what} có nội dung nén bất thường (giải nén ra quá lớn hoặc quá nhiều phần), không thể nhận. Hãy mở tệp, lưu lại rồi gửi lại.`,
      );
    case 'encrypted':
      return new AppError(422, 'upload.zip_encrypted', `${what} được đặt mật khẩu. Hãy bỏ mật khẩu rồi tải lên lại.`);
    case 'broken':
      return new AppError(422, 'upload.office_broken', `${what} bị hỏng hoặc không đọc được.`);
  }
}

/** inspectZip with the refusal as the Vietnamese AppError every caller answers. */
export async function inspectZipOrReject(src: ByteSource, what: string, limits?: ZipLimits): Promise<ZipInspection> {
  try {
    return await inspectZip(src, limits);
  } catch (err) {
    if (err instanceof ZipRejected) throw zipProblem(err, what);
    throw err;
  }
}
