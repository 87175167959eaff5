/**
 * The month's guidance materials from the upper level (a title with a link or a file), published
 * once by a committee and shown in every cell meeting of that month below it. A stand-in until
 * the documents area offers monthly cell-meeting materials.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { meetingGuidance, storedFiles, units } from '../../db/schema.ts';
import { scopeFilter } from '../../auth/authorize.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';
import type { Storage } from '../../storage/storage.ts';
import { receiveFile } from '../../files/upload.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';
import { isMonth } from '../../../common/time/vietnam.ts';
import { load } from '../../auth/policies.ts';

export async function addGuidance(ctx: Ctx, input: { unitId: string; month: string; title: string; url: string }) {
  const unit = await load.unit(ctx, input.unitId, 'meetings.monitor');
  const now = ctx.clock.now();
  const [row] = await ctx.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(meetingGuidance)
      .values({
        unitId: unit.id,
        month: input.month,
        title: input.title.trim(),
        url: input.url,
        createdBy: ctx.actor.userId,
        createdAt: now,
      })
      .returning({ id: meetingGuidance.id });
    await recordAudit(tx, sourceOf(ctx), {
      action: 'meetings.guidance',
      targetType: 'meeting_guidance',
      targetId: String(inserted[0]!.id),
      unitId: unit.id,
      unitPath: unit.path,
      changes: { title: { old: null, new: input.title.trim() } },
    });
    return inserted;
  });
  return { id: row!.id };
}

/** Multipart: fields unitId, month, title and one file (PDF, Word, Excel). */
export async function addGuidanceFile(ctx: Ctx, request: FastifyRequest, storage: Storage) {
  const now = ctx.clock.now();
  const received = await receiveFile(request, storage, {
    accept: ['pdf', 'docx', 'xlsx'],
    defaultMaxBytes: ctx.config.UPLOAD_MAX_MB * 1024 * 1024,
    actorId: ctx.actor.userId,
    now,
    prefix: 'meetings',
  });
  try {
    const { unitId = '', month = '', title = '' } = received.fields;
    if (!/^[0-9a-f-]{36}$/i.test(unitId)) throw notFound();
    const unit = await load.unit(ctx, unitId, 'meetings.monitor');
    if (!isMonth(month))
      throw badRequest('validation', 'Tháng không hợp lệ (cần dạng YYYY-MM).', [
        { field: 'month', message: 'Tháng không hợp lệ.' },
      ]);
    if (!title.trim()) throw badRequest('validation', 'Hãy nhập tiêu đề.', [{ field: 'title', message: 'Cần có tiêu đề.' }]);
    const id = await ctx.db.transaction(async (tx) => {
      await tx.insert(storedFiles).values(received.row);
      const [row] = await tx
        .insert(meetingGuidance)
        .values({
          unitId: unit.id,
          month,
          title: title.trim(),
          fileId: received.row.id,
          createdBy: ctx.actor.userId,
          createdAt: now,
        })
        .returning({ id: meetingGuidance.id });
      await recordAudit(tx, sourceOf(ctx), {
        action: 'meetings.guidance',
        targetType: 'meeting_guidance',
        targetId: String(row!.id),
        unitId: unit.id,
        unitPath: unit.path,
        changes: { title: { old: null, new: title.trim() } },
      });
      return row!.id;
    });
    return { id };
  } catch (err) {
    await received.discard();
    throw err;
  }
}

export async function listGuidance(ctx: Ctx, month: string) {
  const items = await ctx.db
    .select({
      id: meetingGuidance.id,
      unitId: meetingGuidance.unitId,
      unitName: units.name,
      month: meetingGuidance.month,
      title: meetingGuidance.title,
      url: meetingGuidance.url,
      hasFile: sql<boolean>`${meetingGuidance.fileId} IS NOT NULL`,
    })
    .from(meetingGuidance)
    .innerJoin(units, eq(units.id, meetingGuidance.unitId))
    .where(and(eq(meetingGuidance.month, month), scopeFilter(ctx.actor, 'meetings.monitor', units.path)))
    .orderBy(desc(meetingGuidance.id));
  return { items };
}

/** A guidance file, for anyone whose cell (or monitored subtree) lies under the publishing unit. */
export async function guidanceFile(ctx: Ctx, id: number) {
  const row = await load.guidance(ctx, id, 'read');
  if (!row.fileId) throw notFound();
  const [file] = await ctx.db.select().from(storedFiles).where(eq(storedFiles.id, row.fileId));
  return file!;
}
