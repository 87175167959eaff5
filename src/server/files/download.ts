/**
 * Serving stored files: the type we detected, a Content-Disposition with the original name, a
 * sandboxing CSP so a file can never run script in our origin, and HTTP range requests so a phone
 * can seek in a video or a PDF viewer can fetch pages.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../http/errors.ts';
import type { Storage } from '../storage/storage.ts';

export interface ServableFile {
  storageKey: string;
  originalName: string;
  mime: string;
  size: number;
}

function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function sendStoredFile(
  request: FastifyRequest,
  reply: FastifyReply,
  storage: Storage,
  file: ServableFile,
  opts: { download?: boolean } = {},
) {
  reply.header('content-type', file.mime);
  reply.header('content-disposition', disposition(opts.download ? 'attachment' : 'inline', file.originalName));
  reply.header(
    'content-security-policy',
    "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'",
  );
  reply.header('x-content-type-options', 'nosniff');
  reply.header('accept-ranges', 'bytes');
  reply.header('cache-control', 'private, max-age=3600');
  const range = request.headers.range;
  if (!range) {
    reply.header('content-length', String(file.size));
    return reply.send(storage.read(file.storageKey));
  }
  const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  let start = m?.[1] ? Number(m[1]) : NaN;
  let end = m?.[2] ? Number(m[2]) : NaN;
  if (m && !m[1] && m[2]) {
    // "bytes=-500": the last 500 bytes.
    start = Math.max(0, file.size - Number(m[2]));
    end = file.size - 1;
  } else if (m && m[1] && !m[2]) end = file.size - 1;
  if (!m || Number.isNaN(start) || Number.isNaN(end) || start > end || start >= file.size) {
    reply.header('content-range', `bytes */${file.size}`);
    throw new AppError(416, 'range', 'Khoảng dữ liệu yêu cầu không hợp lệ.');
  }
  end = Math.min(end, file.size - 1);
  reply.status(206);
  reply.header('content-range', `bytes ${start}-${end}/${file.size}`);
  reply.header('content-length', String(end - start + 1));
  return reply.send(storage.read(file.storageKey, { start, end }));
}
