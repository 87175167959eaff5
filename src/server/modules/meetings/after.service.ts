/**
 * After the meeting: minutes, the adopted resolution with tasks, photos of the signed copies,
 * finalization (locks the meeting) and reopening (needs a reason, audited).
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import {
  meetingAgendaItems,
  meetingAttendance,
  meetingFiles,
  meetingGuests,
  meetingInvitations,
  meetingRemarks,
  meetingTasks,
  meetings,
  members,
  storedFiles,
} from '../../db/schema.ts';
import { badRequest, conflict } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';
import type { Storage } from '../../storage/storage.ts';
import { receiveFile } from '../../files/upload.ts';
import { DOCUMENT_PHOTO, receivePhoto } from '../../files/photo.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';
import { minutesOfVotes } from '../voting/minutes.service.ts';
import { abilitiesOf, load } from '../../auth/policies.ts';
import { requireOpen } from './guards.ts';
import { attendanceList } from './attendance.service.ts';
import { evaluationOf } from './evaluation.service.ts';

export interface MinutesInput {
  actualStartAt: Date;
  actualEndAt: Date;
  chairMemberId?: string | null | undefined;
  minutesTakerMemberId?: string | null | undefined;
  guests: Array<{ name: string; title: string }>;
  notes: string;
  items: Array<{
    agendaItemId: string;
    conclusion: string;
    remarks: Array<{ speakerMemberId?: string | null | undefined; speakerName: string; remark: string }>;
  }>;
}

export async function saveMinutes(ctx: Ctx, id: string, input: MinutesInput) {
  const m = await load.meeting(ctx, id, 'meetings.manage');
  requireOpen(m);
  if (input.actualEndAt.getTime() <= input.actualStartAt.getTime()) {
    throw badRequest('meetings.bad_times', 'Giờ kết thúc phải sau giờ bắt đầu.', [
      { field: 'actualEndAt', message: 'Giờ kết thúc phải sau giờ bắt đầu.' },
    ]);
  }
  const agenda = await ctx.db
    .select({ id: meetingAgendaItems.id })
    .from(meetingAgendaItems)
    .where(eq(meetingAgendaItems.meetingId, id));
  const known = new Set(agenda.map((a) => a.id));
  if (input.items.some((i) => !known.has(i.agendaItemId)))
    throw badRequest('meetings.unknown_item', 'Mục chương trình không thuộc buổi sinh hoạt này.', [
      { field: 'items', message: 'Mục không hợp lệ.' },
    ]);
  const people = [
    input.chairMemberId,
    input.minutesTakerMemberId,
    ...input.items.flatMap((i) => i.remarks.map((r) => r.speakerMemberId)),
  ].filter((x): x is string => !!x);
  if (people.length) {
    const found = await ctx.db
      .select({ id: members.id })
      .from(members)
      .where(and(inArray(members.id, people), eq(members.cellId, m.cellId)));
    if (found.length !== new Set(people).size)
      throw badRequest('meetings.not_cell_member', 'Người được chọn không phải đảng viên của chi bộ.', [
        { field: 'items', message: 'Người phát biểu không hợp lệ.' },
      ]);
  }
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const set: Partial<typeof meetings.$inferInsert> = {
      actualStartAt: input.actualStartAt,
      actualEndAt: input.actualEndAt,
      minutesNotes: input.notes.trim(),
      updatedAt: now,
    };
    if (input.chairMemberId !== undefined) set.chairMemberId = input.chairMemberId;
    if (input.minutesTakerMemberId !== undefined) set.minutesTakerMemberId = input.minutesTakerMemberId;
    await tx.update(meetings).set(set).where(eq(meetings.id, id));
    await tx.delete(meetingGuests).where(eq(meetingGuests.meetingId, id));
    if (input.guests.length)
      await tx
        .insert(meetingGuests)
        .values(input.guests.map((g) => ({ meetingId: id, name: g.name.trim(), title: g.title.trim() })));
    await tx.delete(meetingRemarks).where(eq(meetingRemarks.meetingId, id));
    let position = 0;
    for (const item of input.items) {
      await tx
        .update(meetingAgendaItems)
        .set({ conclusion: item.conclusion.trim() })
        .where(eq(meetingAgendaItems.id, item.agendaItemId));
      for (const r of item.remarks) {
        await tx.insert(meetingRemarks).values({
          meetingId: id,
          agendaItemId: item.agendaItemId,
          position: position++,
          speakerMemberId: r.speakerMemberId ?? null,
          speakerName: r.speakerName.trim(),
          remark: r.remark.trim(),
        });
      }
    }
    await recordAudit(tx, sourceOf(ctx), {
      action: 'meetings.minutes',
      targetType: 'meeting',
      targetId: id,
      unitId: m.cellId,
      unitPath: m.cellPath,
      changes: {
        actualStartAt: { old: m.actualStartAt?.toISOString() ?? null, new: input.actualStartAt.toISOString() },
        actualEndAt: { old: m.actualEndAt?.toISOString() ?? null, new: input.actualEndAt.toISOString() },
        remarks: { old: null, new: position },
      },
    });
  });
  return getMinutes(ctx, id);
}

export interface ResolutionInput {
  resolutionText: string;
  tasks: Array<{
    title: string;
    ownerMemberId?: string | null | undefined;
    ownerName: string;
    dueDate?: string | null | undefined;
  }>;
}

export async function saveResolution(ctx: Ctx, id: string, input: ResolutionInput) {
  const m = await load.meeting(ctx, id, 'meetings.manage');
  requireOpen(m);
  const owners = input.tasks.map((t) => t.ownerMemberId).filter((x): x is string => !!x);
  if (owners.length) {
    const found = await ctx.db
      .select({ id: members.id })
      .from(members)
      .where(and(inArray(members.id, owners), eq(members.cellId, m.cellId)));
    if (found.length !== new Set(owners).size)
      throw badRequest('meetings.not_cell_member', 'Người phụ trách không phải đảng viên của chi bộ.', [
        { field: 'tasks', message: 'Người phụ trách không hợp lệ.' },
      ]);
  }
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(meetings)
      .set({ resolutionText: input.resolutionText.trim(), updatedAt: ctx.clock.now() })
      .where(eq(meetings.id, id));
    await tx.delete(meetingTasks).where(eq(meetingTasks.meetingId, id));
    if (input.tasks.length) {
      await tx.insert(meetingTasks).values(
        input.tasks.map((t, position) => ({
          meetingId: id,
          position,
          title: t.title.trim(),
          ownerMemberId: t.ownerMemberId ?? null,
          ownerName: t.ownerName.trim(),
          dueDate: t.dueDate ?? null,
        })),
      );
    }
    await recordAudit(tx, sourceOf(ctx), {
      action: 'meetings.resolution',
      targetType: 'meeting',
      targetId: id,
      unitId: m.cellId,
      unitPath: m.cellPath,
      changes: {
        resolutionText: { old: m.resolutionText.length, new: input.resolutionText.trim().length },
        tasks: { old: null, new: input.tasks.length },
      },
    });
  });
  return getMinutes(ctx, id);
}

/** The minutes (biên bản) assembled from what was recorded; readable by everyone who may read the meeting. */
export async function getMinutes(ctx: Ctx, id: string) {
  const m = await load.meeting(ctx, id, 'meetings.read');
  const peopleIds = [m.chairMemberId, m.minutesTakerMemberId].filter((x): x is string => !!x);
  const people = peopleIds.length
    ? await ctx.db.select({ id: members.id, name: members.fullName }).from(members).where(inArray(members.id, peopleIds))
    : [];
  const nameOf = (mid: string | null) => (mid ? (people.find((p) => p.id === mid)?.name ?? null) : null);
  const guests = await ctx.db
    .select({ name: meetingGuests.name, title: meetingGuests.title })
    .from(meetingGuests)
    .where(eq(meetingGuests.meetingId, id))
    .orderBy(asc(meetingGuests.name));
  const agenda = await ctx.db
    .select({ id: meetingAgendaItems.id, title: meetingAgendaItems.title, conclusion: meetingAgendaItems.conclusion })
    .from(meetingAgendaItems)
    .where(eq(meetingAgendaItems.meetingId, id))
    .orderBy(asc(meetingAgendaItems.position));
  const remarks = await ctx.db
    .select({
      agendaItemId: meetingRemarks.agendaItemId,
      speakerMemberId: meetingRemarks.speakerMemberId,
      speakerName: meetingRemarks.speakerName,
      remark: meetingRemarks.remark,
    })
    .from(meetingRemarks)
    .where(eq(meetingRemarks.meetingId, id))
    .orderBy(asc(meetingRemarks.position));
  const tasks = await ctx.db
    .select({
      title: meetingTasks.title,
      ownerMemberId: meetingTasks.ownerMemberId,
      ownerName: meetingTasks.ownerName,
      dueDate: meetingTasks.dueDate,
    })
    .from(meetingTasks)
    .where(eq(meetingTasks.meetingId, id))
    .orderBy(asc(meetingTasks.position));
  const att = await ctx.db
    .select({ fullName: members.fullName, status: meetingAttendance.status, reason: meetingAttendance.reason })
    .from(meetingInvitations)
    .innerJoin(members, eq(members.id, meetingInvitations.memberId))
    .leftJoin(
      meetingAttendance,
      and(
        eq(meetingAttendance.meetingId, meetingInvitations.meetingId),
        eq(meetingAttendance.memberId, meetingInvitations.memberId),
      ),
    )
    .where(eq(meetingInvitations.meetingId, id))
    .orderBy(asc(members.nameSearch));
  const present = att.filter((a) => a.status === 'present' || a.status === 'late').length;
  const votes = await minutesOfVotes(ctx.db, id);
  return {
    startAt: m.actualStartAt ?? m.startsAt,
    endAt: m.actualEndAt,
    place: m.place,
    chairName: nameOf(m.chairMemberId),
    chairMemberId: m.chairMemberId,
    minutesTakerName: nameOf(m.minutesTakerMemberId),
    minutesTakerMemberId: m.minutesTakerMemberId,
    guests,
    present,
    total: att.length,
    absentees: att
      .filter((a) => a.status === 'absent_excused' || a.status === 'absent_unexcused')
      .map((a) => ({ fullName: a.fullName, excused: a.status === 'absent_excused', reason: a.reason ?? '' })),
    items: agenda.map((a) => ({
      agendaItemId: a.id,
      title: a.title,
      conclusion: a.conclusion,
      remarks: remarks.filter((r) => r.agendaItemId === a.id).map(({ agendaItemId: _x, ...r }) => r),
    })),
    notes: m.minutesNotes,
    resolutionText: m.resolutionText,
    tasks,
    /** The closed votes' results, in the minutes' words (one list of lines per vote item). */
    votes: votes.lines,
  };
}

const PHOTO_MAX_BYTES = 15 * 1024 * 1024;

/**
 * A photo of a signed paper copy from a phone camera. It is re-encoded after applying the EXIF
 * orientation, which drops all metadata (GPS location included), and a small thumbnail is kept
 * for the list. The original upload is removed.
 */
export async function uploadSignedCopy(ctx: Ctx, request: FastifyRequest, storage: Storage, id: string) {
  const m = await load.meeting(ctx, id, 'meetings.manage');
  requireOpen(m);
  const now = ctx.clock.now();
  const photo = await receivePhoto(request, storage, {
    maxBytes: PHOTO_MAX_BYTES,
    actorId: ctx.actor.userId,
    now,
    prefix: 'meetings',
    sizes: DOCUMENT_PHOTO,
    errorCode: 'meetings.bad_image',
  });
  const base = photo.baseName || 'anh-ban-ky';
  const { full: fullRow, thumb: thumbRow } = photo.rows(ctx.actor.userId, now, 'anh-ban-ky');
  const fullId = fullRow.id;
  const thumbId = thumbRow.id;
  const rowId = crypto.randomUUID();
  try {
    await ctx.db.transaction(async (tx) => {
      await tx.insert(storedFiles).values([fullRow, thumbRow]);
      await tx.insert(meetingFiles).values({
        id: rowId,
        meetingId: id,
        purpose: 'signed_copy',
        fileId: fullId,
        thumbFileId: thumbId,
        createdAt: now,
        createdBy: ctx.actor.userId,
      });
      await recordAudit(tx, sourceOf(ctx), {
        action: 'meetings.signed_copy',
        targetType: 'meeting',
        targetId: id,
        unitId: m.cellId,
        unitPath: m.cellPath,
        changes: { file: { old: null, new: `${base}.jpg` } },
      });
    });
  } catch (err) {
    await photo.discard();
    throw err;
  }
  return {
    id: rowId,
    purpose: 'signed_copy' as const,
    name: `${base}.jpg`,
    mime: 'image/jpeg',
    size: photo.full.size,
    hasThumb: true,
  };
}

/** An attachment to the materials (PDF, Word, Excel, image). */
export async function uploadMaterial(ctx: Ctx, request: FastifyRequest, storage: Storage, id: string) {
  const m = await load.meeting(ctx, id, 'meetings.manage');
  requireOpen(m);
  const now = ctx.clock.now();
  const received = await receiveFile(request, storage, {
    accept: ['pdf', 'docx', 'xlsx', 'image'],
    defaultMaxBytes: ctx.config.UPLOAD_MAX_MB * 1024 * 1024,
    actorId: ctx.actor.userId,
    now,
    prefix: 'meetings',
  });
  const rowId = crypto.randomUUID();
  try {
    await ctx.db.transaction(async (tx) => {
      await tx.insert(storedFiles).values(received.row);
      await tx.insert(meetingFiles).values({
        id: rowId,
        meetingId: id,
        purpose: 'material',
        fileId: received.row.id,
        createdAt: now,
        createdBy: ctx.actor.userId,
      });
      if (m.materialsPostedAt) await tx.update(meetings).set({ materialsUpdatedAt: now }).where(eq(meetings.id, id));
      await recordAudit(tx, sourceOf(ctx), {
        action: 'meetings.material',
        targetType: 'meeting',
        targetId: id,
        unitId: m.cellId,
        unitPath: m.cellPath,
        changes: { file: { old: null, new: received.row.originalName } },
      });
    });
  } catch (err) {
    await received.discard();
    throw err;
  }
  return {
    id: rowId,
    purpose: 'material' as const,
    name: received.row.originalName,
    mime: received.row.mime,
    size: received.row.size,
    hasThumb: false,
  };
}

/** A meeting file for download: materials once published (or for staff), signed copies always. */
export async function fileForDownload(ctx: Ctx, fileRowId: string, thumb: boolean) {
  const row = await load.meetingFile(ctx, fileRowId, 'meetings.read');
  const m = row.meeting;
  const may = abilitiesOf.meeting(ctx.actor, m, ctx.clock.now());
  if (row.purpose === 'material' && !may.manage && !may.monitor && !m.materialsPostedAt)
    throw conflict('meetings.materials_not_posted', 'Tài liệu chưa được đăng.');
  const fileId = thumb && row.thumbFileId ? row.thumbFileId : row.fileId;
  const [file] = await ctx.db.select().from(storedFiles).where(eq(storedFiles.id, fileId));
  return file!;
}

export async function removeFile(ctx: Ctx, fileRowId: string) {
  const row = await load.meetingFile(ctx, fileRowId, 'meetings.manage');
  const m = row.meeting;
  requireOpen(m);
  await ctx.db.transaction(async (tx) => {
    await tx.delete(meetingFiles).where(eq(meetingFiles.id, fileRowId));
    await recordAudit(tx, sourceOf(ctx), {
      action: 'meetings.remove_file',
      targetType: 'meeting',
      targetId: m.id,
      unitId: m.cellId,
      unitPath: m.cellPath,
      changes: { file: { old: row.fileId, new: null } },
    });
  });
}

/**
 * Finalize: needs the minutes times, the adopted resolution and at least one photo of the signed
 * copy. Members not marked at roll call are recorded absent (with their RSVP reason when they
 * gave one). The first finalization is when the final documents count as posted.
 */
export async function finalize(ctx: Ctx, id: string) {
  const m = await load.meeting(ctx, id, 'meetings.manage');
  requireOpen(m);
  const missing: string[] = [];
  if (!m.actualStartAt || !m.actualEndAt) missing.push('biên bản (giờ bắt đầu, kết thúc)');
  if (!m.resolutionText.trim()) missing.push('nghị quyết');
  const [photos] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(meetingFiles)
    .where(and(eq(meetingFiles.meetingId, id), eq(meetingFiles.purpose, 'signed_copy')));
  if (!photos?.n) missing.push('ảnh bản ký');
  if ((await minutesOfVotes(ctx.db, id)).open)
    throw conflict('meetings.votes_open', 'Còn nội dung biểu quyết đang mở: hãy kết thúc biểu quyết trước khi hoàn tất.');
  if (missing.length) throw conflict('meetings.incomplete', `Chưa thể hoàn tất: còn thiếu ${missing.join(', ')}.`);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const unmarked = await tx
      .select({ memberId: meetingInvitations.memberId, rsvp: meetingInvitations.rsvp, reason: meetingInvitations.rsvpReason })
      .from(meetingInvitations)
      .leftJoin(
        meetingAttendance,
        and(
          eq(meetingAttendance.meetingId, meetingInvitations.meetingId),
          eq(meetingAttendance.memberId, meetingInvitations.memberId),
        ),
      )
      .where(and(eq(meetingInvitations.meetingId, id), isNull(meetingAttendance.memberId)));
    if (unmarked.length) {
      await tx.insert(meetingAttendance).values(
        unmarked.map((u) => {
          const excused = u.rsvp === 'absent' && !!u.reason.trim();
          return {
            meetingId: id,
            memberId: u.memberId,
            status: excused ? ('absent_excused' as const) : ('absent_unexcused' as const),
            reason: excused ? u.reason : '',
            method: 'closing' as const,
            updatedAt: now,
            updatedBy: ctx.actor.userId,
          };
        }),
      );
    }
    const evaluation = await evaluationOf(tx, { ...m, finalPostedAt: m.finalPostedAt ?? now, status: 'finalized' }, now);
    const values = {
      status: 'finalized' as const,
      finalizedAt: now,
      finalizedBy: ctx.actor.userId,
      finalPostedAt: m.finalPostedAt ?? now,
      rubricId: evaluation.rubric.id,
      totalScore: evaluation.result.complete ? evaluation.result.total : null,
      rating: evaluation.result.rating?.code ?? null,
      updatedAt: now,
    };
    await tx.update(meetings).set(values).where(eq(meetings.id, id));
    await recordAudit(tx, sourceOf(ctx), {
      action: 'meetings.finalize',
      targetType: 'meeting',
      targetId: id,
      unitId: m.cellId,
      unitPath: m.cellPath,
      changes: {
        status: { old: m.status, new: 'finalized' },
        finalPostedAt: { old: m.finalPostedAt?.toISOString() ?? null, new: values.finalPostedAt.toISOString() },
        markedAbsent: { old: null, new: unmarked.length },
        rating: { old: m.rating, new: values.rating },
      },
    });
  });
  return attendanceList(ctx, id);
}

export async function reopen(ctx: Ctx, id: string, reason: string) {
  const m = await load.meeting(ctx, id, 'meetings.manage');
  if (m.status !== 'finalized') throw conflict('meetings.not_finalized', 'Buổi sinh hoạt chưa hoàn tất nên không cần mở lại.');
  if (!reason.trim())
    throw badRequest('meetings.reason_required', 'Hãy nêu lý do mở lại.', [{ field: 'reason', message: 'Cần có lý do.' }]);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(meetings)
      .set({ status: 'scheduled', finalizedAt: null, finalizedBy: null, updatedAt: ctx.clock.now() })
      .where(eq(meetings.id, id));
    await recordAudit(tx, sourceOf(ctx), {
      action: 'meetings.reopen',
      targetType: 'meeting',
      targetId: id,
      unitId: m.cellId,
      unitPath: m.cellPath,
      changes: { status: { old: 'finalized', new: 'scheduled' }, reason: { old: null, new: reason.trim() } },
    });
  });
}
