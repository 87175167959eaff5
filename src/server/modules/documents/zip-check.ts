/**
 * DOCX and XLSX files are ZIP archives; a "zip bomb" expands a small upload into gigabytes when a
 * reader opens it. Before mammoth or anyone reads one, every entry is inflated here with a hard
 * output budget, so the real size is checked, not the size the archive claims.
 */
import zlib from 'node:zlib';

export class ZipRejected extends Error {
  constructor(readonly reason: 'broken' | 'bomb') {
    super(reason);
  }
}

export interface ZipLimits {
  maxEntries: number;
  maxTotalBytes: number;
  /** Expanded size over compressed size, per archive. */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 5000, maxTotalBytes: 300 * 1024 * 1024, maxRatio: 200 };

/** Entry names of a checked archive. Throws ZipRejected. */
export function checkZip(buf: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): string[] {
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipRejected('broken');
  const count = buf.readUInt16LE(eocd + 10);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count > limits.maxEntries) throw new ZipRejected('bomb');
  if (count === 0xffff || cdOffset === 0xffffffff) throw new ZipRejected('broken'); // ZIP64: not an Office file we take
  const names: string[] = [];
  let p = cdOffset;
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new ZipRejected('broken');
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    names.push(name);
    p += 46 + nameLen + extraLen + commentLen;
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw new ZipRejected('broken');
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataStart, dataStart + compressed);
    if (data.length !== compressed) throw new ZipRejected('broken');
    const budget = Math.min(limits.maxTotalBytes - total, Math.max(1024 * 1024, buf.length * limits.maxRatio) - total);
    if (method === 0) total += compressed;
    else if (method === 8) {
      try {
        total += zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, budget) }).length;
      } catch (err) {
        throw new ZipRejected(
          (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError ? 'bomb' : 'broken',
        );
      }
    } else throw new ZipRejected('broken');
    if (total > limits.maxTotalBytes || total > Math.max(1024 * 1024, buf.length * limits.maxRatio))
      throw new ZipRejected('bomb');
  }
  return names;
}
