/**
 * The member's photo on the e-card. Uploaded by the member (their own card) or by staff with
 * members.manage over the member's cell; typed by its bytes, re-encoded (EXIF/GPS dropped) and
 * cropped square by the shared photo pipeline (files/photo.ts, also used by meeting photos).
 * Served only to the member and to staff who may read the record; the public verification page
 * never gets it (issue 3: it shows validity, name and cell only).
 */
import type { FastifyRequest } from 'fastify';
import { eq, inArray } from 'drizzle-orm';
import { memberPhotos, storedFiles } from '../../db/schema.ts';
import { notFound } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import type { Storage } from '../../storage/storage.ts';
import { receivePhoto, type PhotoSizes } from '../../files/photo.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';
import { load, type ScopedMember } from '../../auth/policies.ts';

const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
/** A portrait for a phone screen: 600 px square, and a small one for lists. */
const CARD_PHOTO: PhotoSizes = { full: 600, fullQuality: 85, thumb: 160, thumbQuality: 75, cover: true };

async function savePhoto(ctx: Ctx, request: FastifyRequest, storage: Storage, m: ScopedMember, own: boolean) {
  const now = ctx.clock.now();
  const photo = await receivePhoto(request, storage, {
    maxBytes: PHOTO_MAX_BYTES,
    actorId: ctx.actor.userId,
    now,
    prefix: 'members',
    sizes: CARD_PHOTO,
    errorCode: 'member.bad_photo',
  });
  const { full, thumb } = photo.rows(ctx.actor.userId, now, 'anh-the');
  // The replaced portrait is not kept: a face is personal data, and nothing shows an old one.
  let replacedKeys: string[] = [];
  try {
    await ctx.db.transaction(async (tx) => {
      await tx.insert(storedFiles).values([full, thumb]);
      const [old] = await tx
        .select({ fileId: memberPhotos.fileId, thumbFileId: memberPhotos.thumbFileId })
        .from(memberPhotos)
        .where(eq(memberPhotos.memberId, m.id));
      await tx
        .insert(memberPhotos)
        .values({ memberId: m.id, fileId: full.id, thumbFileId: thumb.id, uploadedBy: ctx.actor.userId, uploadedAt: now })
        .onConflictDoUpdate({
          target: memberPhotos.memberId,
          set: { fileId: full.id, thumbFileId: thumb.id, uploadedBy: ctx.actor.userId, uploadedAt: now },
        });
      if (old)
        replacedKeys = (
          await tx
            .delete(storedFiles)
            .where(inArray(storedFiles.id, [old.fileId, old.thumbFileId]))
            .returning({ key: storedFiles.storageKey })
        ).map((f) => f.key);
      await recordAudit(tx, sourceOf(ctx), {
        action: own ? 'member.photo_own' : 'member.photo',
        targetType: 'member',
        targetId: m.id,
        unitId: m.cellId,
        unitPath: m.cellPath,
        changes: { photo: { old: old?.fileId ?? null, new: full.id } },
      });
    });
  } catch (err) {
    await photo.discard();
    throw err;
  }
  // After the commit: a failed transaction must not lose the photo still in use (the files sweep
  // removes anything this misses).
  for (const key of replacedKeys) await storage.remove(key).catch(() => undefined);
  return { photoUrl: photoUrlOf(m.id, now, own) };
}

/** Own photo: `/api/me/card/photo`; staff: `/api/members/:id/photo`. The version busts caches after a new upload. */
export function photoUrlOf(memberId: string, uploadedAt: Date, own: boolean): string {
  const v = uploadedAt.getTime().toString(36);
  return own ? `/api/me/card/photo?v=${v}` : `/api/members/${memberId}/photo?v=${v}`;
}

export async function uploadOwnPhoto(ctx: Ctx, request: FastifyRequest, storage: Storage) {
  if (!ctx.actor.memberId) throw notFound('Tài khoản này không gắn với hồ sơ đảng viên.');
  const m = await load.member(ctx, ctx.actor.memberId, 'self');
  return savePhoto(ctx, request, storage, m, true);
}

export async function uploadMemberPhoto(ctx: Ctx, request: FastifyRequest, storage: Storage, memberId: string) {
  // Checked before the upload is read: a foreign member answers 404 without storing anything.
  const m = await load.member(ctx, memberId, 'members.manage');
  return savePhoto(ctx, request, storage, m, false);
}

async function photoFile(db: Db, memberId: string, thumb: boolean) {
  const [p] = await db
    .select({
      storageKey: storedFiles.storageKey,
      originalName: storedFiles.originalName,
      mime: storedFiles.mime,
      size: storedFiles.size,
    })
    .from(memberPhotos)
    .innerJoin(storedFiles, eq(storedFiles.id, thumb ? memberPhotos.thumbFileId : memberPhotos.fileId))
    .where(eq(memberPhotos.memberId, memberId));
  if (!p) throw notFound('Chưa có ảnh.');
  return p;
}

export async function ownPhotoFile(ctx: Ctx, thumb: boolean) {
  if (!ctx.actor.memberId) throw notFound('Tài khoản này không gắn với hồ sơ đảng viên.');
  return photoFile(ctx.db, ctx.actor.memberId, thumb);
}

export async function memberPhotoFile(ctx: Ctx, memberId: string, thumb: boolean) {
  await load.member(ctx, memberId, 'members.read');
  return photoFile(ctx.db, memberId, thumb);
}

/** When the member's photo was uploaded, or null: the card and the record link to it with this version. */
export async function photoUploadedAt(db: Db, memberId: string): Promise<Date | null> {
  const [p] = await db.select({ at: memberPhotos.uploadedAt }).from(memberPhotos).where(eq(memberPhotos.memberId, memberId));
  return p?.at ?? null;
}
