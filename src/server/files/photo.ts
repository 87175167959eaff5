/**
 * Photos from phone cameras (signed meeting copies, the member's e-card photo): received as an
 * upload typed by its bytes, then re-encoded as JPEG after applying the EXIF orientation. Re-encoding
 * drops every piece of metadata (GPS location, camera, time), and the size is bounded. The original
 * upload is removed; the caller stores the two new objects (full size and thumbnail) in its own
 * transaction and calls `discard()` if that fails.
 */
import type { FastifyRequest } from 'fastify';
import sharp from 'sharp';
import { badRequest } from '../http/errors.ts';
import type { Storage, StoredObject } from '../storage/storage.ts';
import { receiveFile, type NewStoredFile } from './upload.ts';

export interface PhotoSizes {
  /** Longest side of the kept image, in pixels. */
  full: number;
  fullQuality: number;
  thumb: number;
  thumbQuality: number;
  /** Square crop (e-card portrait) instead of fitting inside the box. */
  cover?: boolean;
}

/** The sizes meeting photos use: a readable page and a list thumbnail. */
export const DOCUMENT_PHOTO: PhotoSizes = { full: 2400, fullQuality: 85, thumb: 320, thumbQuality: 70 };

/** Re-encodes image bytes; a file that is not a readable image answers 400 with `errorCode`. */
export async function reencodePhoto(
  input: Buffer,
  sizes: PhotoSizes,
  errorCode: string,
): Promise<{ full: Buffer; thumb: Buffer }> {
  const fit = sizes.cover ? 'cover' : 'inside';
  try {
    const full = await sharp(input)
      .rotate()
      .resize({ width: sizes.full, height: sizes.full, fit, withoutEnlargement: true })
      .jpeg({ quality: sizes.fullQuality })
      .toBuffer();
    const thumb = await sharp(input)
      .rotate()
      .resize({ width: sizes.thumb, height: sizes.thumb, fit })
      .jpeg({ quality: sizes.thumbQuality })
      .toBuffer();
    return { full, thumb };
  } catch {
    throw badRequest(errorCode, 'Không đọc được ảnh. Hãy chụp lại.', [{ field: 'file', message: 'Ảnh không hợp lệ.' }]);
  }
}

export interface ReceivedPhoto {
  /** The cleaned upload name without its extension. */
  baseName: string;
  full: StoredObject;
  thumb: StoredObject;
  /** `stored_files` rows for both objects (ids generated), to insert in the caller's transaction. */
  rows(
    actorId: string | null,
    now: Date,
    fallbackName: string,
  ): { full: NewStoredFile & { id: string }; thumb: NewStoredFile & { id: string } };
  /** Removes both stored objects (when the caller's transaction failed). */
  discard(): Promise<void>;
}

export async function receivePhoto(
  request: FastifyRequest,
  storage: Storage,
  opts: { maxBytes: number; actorId: string | null; now: Date; prefix: string; sizes: PhotoSizes; errorCode: string },
): Promise<ReceivedPhoto> {
  const received = await receiveFile(request, storage, {
    accept: ['image'],
    defaultMaxBytes: opts.maxBytes,
    actorId: opts.actorId,
    now: opts.now,
    prefix: opts.prefix,
  });
  const chunks: Buffer[] = [];
  try {
    for await (const c of storage.read(received.row.storageKey)) chunks.push(c as Buffer);
  } finally {
    await received.discard();
  }
  const { full, thumb } = await reencodePhoto(Buffer.concat(chunks), opts.sizes, opts.errorCode);
  const fullObj = await storage.put(full, { prefix: opts.prefix });
  // A store that fills up between the two writes must not keep the first one as an orphan.
  const thumbObj = await storage.put(thumb, { prefix: opts.prefix }).catch(async (err: unknown) => {
    await storage.remove(fullObj.key).catch(() => undefined);
    throw err;
  });
  const baseName = received.row.originalName.replace(/\.[^.]+$/, '');
  return {
    baseName,
    full: fullObj,
    thumb: thumbObj,
    rows(actorId, now, fallbackName) {
      const base = baseName || fallbackName;
      return {
        full: {
          id: crypto.randomUUID(),
          storageKey: fullObj.key,
          originalName: `${base}.jpg`,
          mime: 'image/jpeg',
          size: fullObj.size,
          sha256: fullObj.sha256,
          createdBy: actorId,
          createdAt: now,
        },
        thumb: {
          id: crypto.randomUUID(),
          storageKey: thumbObj.key,
          originalName: `${base}-nho.jpg`,
          mime: 'image/jpeg',
          size: thumbObj.size,
          sha256: thumbObj.sha256,
          createdBy: actorId,
          createdAt: now,
        },
      };
    },
    async discard() {
      await storage.remove(fullObj.key);
      await storage.remove(thumbObj.key);
    },
  };
}
