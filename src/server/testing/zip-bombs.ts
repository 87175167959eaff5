/**
 * Zip bombs as an attacker makes them, for the tests of the shared inspection: a real .xlsx (or
 * .docx) whose one entry inflates to hundreds of megabytes from a few hundred kilobytes, either
 * declaring that size honestly or lying about it in the headers.
 *
 * The inflated entry is made without ever holding it: one megabyte of filler is deflated once with
 * a full flush (a non-final block that refers to nothing before it), and that segment is repeated;
 * a deflate stream of N such segments plus a final block inflates to N megabytes. The CRC is
 * computed chunk by chunk, so the archive is valid in every field a reader checks.
 */
import zlib from 'node:zlib';
import JSZip from 'jszip';

interface RawEntry {
  name: string;
  /** Deflated bytes (method 8). */
  data: Buffer;
  crc: number;
  size: number;
}

const MB = 1024 * 1024;

function deflateSegment(input: Buffer, flush: number): Buffer {
  return zlib.deflateRawSync(input, { finishFlush: flush, level: 9 });
}

/** An entry whose content is `head` + `megabytes` MB of spaces + `tail`, deflated to ~1 KB per MB. */
export function inflatingEntry(name: string, head: string, megabytes: number, tail: string): RawEntry {
  const filler = Buffer.alloc(MB, 0x20);
  const headBytes = Buffer.from(head);
  const tailBytes = Buffer.from(tail);
  const segment = deflateSegment(filler, zlib.constants.Z_FULL_FLUSH);
  const data = Buffer.concat([
    deflateSegment(headBytes, zlib.constants.Z_FULL_FLUSH),
    ...Array.from({ length: megabytes }, () => segment),
    deflateSegment(tailBytes, zlib.constants.Z_FINISH),
  ]);
  let crc = zlib.crc32(headBytes);
  for (let i = 0; i < megabytes; i++) crc = zlib.crc32(filler, crc);
  crc = zlib.crc32(tailBytes, crc);
  return { name, data, crc, size: headBytes.length + megabytes * MB + tailBytes.length };
}

/** A ZIP archive from raw entries; `declare` overrides the inflated size written in the headers. */
export function writeZip(entries: RawEntry[], declare: (e: RawEntry) => number = (e) => e.size): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(declare(e), 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(e.crc >>> 0, 16);
    cd.writeUInt32LE(e.data.length, 20);
    cd.writeUInt32LE(declare(e), 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    central.push(cd, name);
    offset += 30 + name.length + e.data.length;
  }
  const cdBytes = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cdBytes.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBytes, eocd]);
}

/** The entries of a real archive, deflated again as raw entries (so a bomb can replace one). */
export async function rawEntries(archive: Buffer): Promise<RawEntry[]> {
  const zip = await JSZip.loadAsync(archive);
  const out: RawEntry[] = [];
  for (const name of Object.keys(zip.files)) {
    const f = zip.files[name]!;
    if (f.dir) continue;
    const content = await f.async('nodebuffer');
    out.push({ name, data: zlib.deflateRawSync(content), crc: zlib.crc32(content), size: content.length });
  }
  return out;
}

/**
 * `archive` (a real .xlsx or .docx) with `entryName` replaced by an entry that inflates to
 * `megabytes` MB of whitespace inside valid XML. `lie`: the headers declare 1 KB instead.
 */
export async function bombOf(
  archive: Buffer,
  entryName: string,
  opts: { megabytes: number; lie?: boolean; head: string; tail: string },
): Promise<Buffer> {
  const entries = (await rawEntries(archive)).filter((e) => e.name !== entryName);
  const bomb = inflatingEntry(entryName, opts.head, opts.megabytes, opts.tail);
  return writeZip([...entries, bomb], (e) => (opts.lie && e === bomb ? 1024 : e.size));
}

export const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
export const SHEET_TAIL = '</sheetData></worksheet>';
