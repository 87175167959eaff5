/**
 * Before the meeting: registration, agenda, draft resolution, materials, invitations, RSVP,
 * opinions, and each member's upcoming meetings.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../../db/client.ts';
import { notify } from '../notifications/notify.ts';
import {
  meetingAgendaItems,
  meetingAttendance,
  meetingFiles,
  meetingGuidance,
  meetingInvitations,
  meetingOpinions,
  meetings,
  members,
  storedFiles,
  units,
  users,
} from '../../db/schema.ts';
import { scopeFilter, unitsInScope } from '../../auth/authorize.ts';
import { badRequest, conflict } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';
import { diff, recordAudit, sourceOf } from '../audit/audit.service.ts';
import { vnDateTimeText, vnMonth } from '../../../common/time/vietnam.ts';
import { registrationDeadline, FINAL_POST_WINDOW_MS } from '../../../common/meetings/time.ts';
import { finalLate, materialsLate, minimumMinutes, registeredLate, type MeetingKind } from '../../../common/meetings/rules.ts';
import { abilitiesOf, load, type ScopedMeeting } from '../../auth/policies.ts';
import { invitedMember, requireOpen } from './guards.ts';
import { deadlineDay } from './settings.ts';
import { listMonthlyMaterials } from '../documents/monthly.ts';

/** Members who are invited and counted: official and probationary (exempted ones are not). */
export const COUNTED_STATUSES = ['official', 'probationary'] as const;
const CELL_TYPES = ['cell', 'grassroots_cell'] as const;

export interface MeetingInput {
  kind: MeetingKind;
  withThematic: boolean;
  topic: string;
  startsAt: Date;
  plannedEndAt: Date;
  place: string;
  chairMemberId?: string | null | undefined;
  minutesTakerMemberId?: string | null | undefined;
}

function checkTimes(input: Pick<MeetingInput, 'kind' | 'withThematic' | 'startsAt' | 'plannedEndAt'>) {
  const minutes = (input.plannedEndAt.getTime() - input.startsAt.getTime()) / 60_000;
  const min = minimumMinutes(input.kind, input.withThematic);
  if (minutes < min) {
    throw badRequest('meetings.too_short', `Buổi sinh hoạt phải kéo dài ít nhất ${min} phút.`, [
      { field: 'plannedEndAt', message: `Thời gian dự kiến kết thúc phải sau giờ bắt đầu ít nhất ${min} phút.` },
    ]);
  }
}

async function checkCellMembers(db: DbOrTx, cellId: string, ids: Array<string | null | undefined>, field: string) {
  const wanted = ids.filter((x): x is string => !!x);
  if (!wanted.length) return;
  const rows = await db
    .select({ id: members.id })
    .from(members)
    .where(and(inArray(members.id, wanted), eq(members.cellId, cellId)));
  if (rows.length !== new Set(wanted).size)
    throw badRequest('meetings.not_cell_member', 'Người được chọn không phải đảng viên của chi bộ.', [
      { field, message: 'Hãy chọn đảng viên trong chi bộ.' },
    ]);
}

/** Inserts invitations for the cell's counted members who have none yet; returns how many. */
/** Brings the invitation list in line with the cell; returns the members newly invited. */
async function syncInvitations(tx: DbOrTx, meetingId: string, cellId: string): Promise<string[]> {
  const res = await tx.execute(sql`
    INSERT INTO ${meetingInvitations} (meeting_id, member_id)
    SELECT ${meetingId}::uuid, m.id FROM ${members} m
    WHERE m.cell_id = ${cellId} AND m.status IN ('official', 'probationary')
    ON CONFLICT DO NOTHING
    RETURNING member_id`);
  // Members exempted or gone since: their unanswered invitations without a roll-call mark are withdrawn.
  await tx.execute(sql`
    DELETE FROM ${meetingInvitations} i USING ${members} m
    WHERE i.meeting_id = ${meetingId} AND m.id = i.member_id AND (m.cell_id <> ${cellId} OR m.status NOT IN ('official', 'probationary'))
      AND NOT EXISTS (SELECT 1 FROM ${meetingAttendance} a WHERE a.meeting_id = i.meeting_id AND a.member_id = i.member_id)`);
  return rowsOf<{ member_id: string }>(res).map((r) => r.member_id);
}

export async function registerMeeting(ctx: Ctx, cellId: string, input: MeetingInput) {
  const cell = await load.unit(ctx, cellId, 'meetings.manage');
  if (!CELL_TYPES.includes(cell.type as (typeof CELL_TYPES)[number]) || cell.status !== 'active') {
    throw badRequest('meetings.not_a_cell', 'Chỉ chi bộ mới đăng ký lịch sinh hoạt.', [
      { field: 'cellId', message: 'Hãy chọn một chi bộ.' },
    ]);
  }
  checkTimes(input);
  await checkCellMembers(ctx.db, cellId, [input.chairMemberId, input.minutesTakerMemberId], 'chairMemberId');
  const now = ctx.clock.now();
  const month = vnMonth(input.startsAt);
  const deadline = registrationDeadline(month, await deadlineDay(ctx.db));
  // An extraordinary meeting is called when needed: no registration deadline applies to it.
  const late = input.kind !== 'extraordinary' && registeredLate(now, deadline);
  if (input.kind === 'regular') {
    const [dup] = await ctx.db
      .select({ id: meetings.id })
      .from(meetings)
      .where(and(eq(meetings.cellId, cellId), eq(meetings.month, month), eq(meetings.kind, 'regular')));
    if (dup)
      throw conflict(
        'meetings.duplicate_regular',
        `Chi bộ đã đăng ký buổi sinh hoạt thường kỳ tháng ${month.slice(5)}/${month.slice(0, 4)}.`,
      );
  }
  const id = crypto.randomUUID();
  await ctx.db.transaction(async (tx) => {
    await tx.insert(meetings).values({
      id,
      cellId,
      month,
      kind: input.kind,
      withThematic: input.kind === 'regular' && input.withThematic,
      topic: input.topic.trim(),
      startsAt: input.startsAt,
      plannedEndAt: input.plannedEndAt,
      place: input.place.trim(),
      chairMemberId: input.chairMemberId ?? null,
      minutesTakerMemberId: input.minutesTakerMemberId ?? null,
      registeredAt: now,
      registrationDeadline: deadline,
      registeredLate: late,
      createdBy: ctx.actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    await syncInvitations(tx, id, cellId);
    await recordAudit(tx, sourceOf(ctx), {
      action: 'meetings.register',
      targetType: 'meeting',
      targetId: id,
      unitId: cellId,
      unitPath: cell.path,
      changes: {
        month: { old: null, new: month },
        kind: { old: null, new: input.kind },
        startsAt: { old: null, new: input.startsAt.toISOString() },
        registeredLate: { old: null, new: late },
      },
    });
  });
  return getMeeting(ctx, id);
}

export async function updateMeeting(ctx: Ctx, id: string, patch: Partial<MeetingInput>) {
  const m = await load.meeting(ctx, id, 'meetings.manage');
  requireOpen(m);
  const next = { ...m, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as ScopedMeeting;
  checkTimes(next);
  await checkCellMembers(ctx.db, m.cellId, [patch.chairMemberId, patch.minutesTakerMemberId], 'chairMemberId');
  const month = vnMonth(next.startsAt);
  const deadline = registrationDeadline(month, await deadlineDay(ctx.db));
  if (month !== m.month && next.kind === 'regular') {
    const [dup] = await ctx.db
      .select({ id: meetings.id })
      .from(meetings)
      .where(and(eq(meetings.cellId, m.cellId), eq(meetings.month, month), eq(meetings.kind, 'regular')));
    if (dup) throw conflict('meetings.duplicate_regular', 'Tháng này chi bộ đã có buổi sinh hoạt thường kỳ.');
  }
  const values = {
    kind: next.kind,
    withThematic: next.kind === 'regular' && next.withThematic,
    topic: next.topic.trim(),
    startsAt: next.startsAt,
    plannedEndAt: next.plannedEndAt,
    place: next.place.trim(),
    chairMemberId: next.chairMemberId,
    minutesTakerMemberId: next.minutesTakerMemberId,
    month,
    registrationDeadline: deadline,
    // Moving a meeting to another month is judged against that month's deadline.
    registeredLate: next.kind !== 'extraordinary' && registeredLate(m.registeredAt, deadline),
    updatedAt: ctx.clock.now(),
  };
  await ctx.db.transaction(async (tx) => {
    await tx.update(meetings).set(values).where(eq(meetings.id, id));
    await recordAudit(tx, sourceOf(ctx), {
      action: 'meetings.update',
      targetType: 'meeting',
      targetId: id,
      unitId: m.cellId,
      unitPath: m.cellPath,
      changes: diff(m, values, [
        'kind',
        'withThematic',
        'topic',
        'startsAt',
        'plannedEndAt',
        'place',
        'chairMemberId',
        'minutesTakerMemberId',
        'month',
      ]),
    });
  });
  return getMeeting(ctx, id);
}

export interface AgendaInput {
  id?: string | undefined;
  title: string;
  description: string;
}

/** Replaces the agenda: listed ids are kept (and reordered), new items added, missing ones removed. */
export async function setAgenda(ctx: Ctx, id: string, items: AgendaInput[]) {
  const m = await load.meeting(ctx, id, 'meetings.manage');
  requireOpen(m);
  const existing = await ctx.db.select().from(meetingAgendaItems).where(eq(meetingAgendaItems.meetingId, id));
  const known = new Set(existing.map((e) => e.id));
  for (const it of items)
    if (it.id && !known.has(it.id))
      throw badRequest('meetings.unknown_item', 'Mục chương trình không thuộc buổi sinh hoạt này.', [
        { field: 'items', message: 'Mục không hợp lệ.' },
      ]);
  const keep = new Set(items.map((i) => i.id).filter(Boolean));
  await ctx.db.transaction(async (tx) => {
    const gone = existing.filter((e) => !keep.has(e.id)).map((e) => e.id);
    if (gone.length) await tx.delete(meetingAgendaItems).where(inArray(meetingAgendaItems.id, gone));
    for (const [position, it] of items.entries()) {
      if (it.id)
        await tx
          .update(meetingAgendaItems)
          .set({ position, title: it.title.trim(), description: it.description.trim() })
          .where(eq(meetingAgendaItems.id, it.id));
      else
        await tx
          .insert(meetingAgendaItems)
          .values({ meetingId: id, position, title: it.title.trim(), description: it.description.trim() });
    }
    await touchMaterials(tx, m, ctx.clock.now());
    await recordAudit(tx, sourceOf(ctx), {
      action: 'meetings.agenda',
      targetType: 'meeting',
      targetId: id,
      unitId: m.cellId,
      unitPath: m.cellPath,
      changes: {
        agenda: {
          old: existing.sort((a, b) => a.position - b.position).map((e) => e.title),
          new: items.map((i) => i.title.trim()),
        },
      },
    });
  });
  return getMeeting(ctx, id);
}

async function touchMaterials(tx: DbOrTx, m: ScopedMeeting, now: Date) {
  if (m.materialsPostedAt)
    await tx.update(meetings).set({ materialsUpdatedAt: now, updatedAt: now }).where(eq(meetings.id, m.id));
}

export async function setDraft(ctx: Ctx, id: string, draftResolution: string) {
  const m = await load.meeting(ctx, id, 'meetings.manage');
  requireOpen(m);
  await ctx.db.transaction(async (tx) => {
    await tx.update(meetings).set({ draftResolution, updatedAt: ctx.clock.now() }).where(eq(meetings.id, id));
    await touchMaterials(tx, m, ctx.clock.now());
    await recordAudit(tx, sourceOf(ctx), {
      action: 'meetings.draft',
      targetType: 'meeting',
      targetId: id,
      unitId: m.cellId,
      unitPath: m.cellPath,
      changes: { draftResolution: { old: m.draftResolution.length, new: draftResolution.length } },
    });
  });
  return getMeeting(ctx, id);
}

/**
 * Publishes the materials to the members. The first publication time is what the "< 1 day
 * before the start" rule reads; later edits only move `materialsUpdatedAt`.
 */
export async function publishMaterials(ctx: Ctx, id: string) {
  const m = await load.meeting(ctx, id, 'meetings.manage');
  requireOpen(m);
  const [count] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(meetingAgendaItems)
    .where(eq(meetingAgendaItems.meetingId, id));
  if (!count?.n) throw badRequest('meetings.no_agenda', 'Hãy nhập chương trình sinh hoạt trước khi đăng tài liệu.');
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(meetings)
      .set(m.materialsPostedAt ? { materialsUpdatedAt: now, updatedAt: now } : { materialsPostedAt: now, updatedAt: now })
      .where(eq(meetings.id, id));
    await recordAudit(tx, sourceOf(ctx), {
      action: 'meetings.publish_materials',
      targetType: 'meeting',
      targetId: id,
      unitId: m.cellId,
      unitPath: m.cellPath,
      changes: {
        materialsPostedAt: { old: m.materialsPostedAt?.toISOString() ?? null, new: (m.materialsPostedAt ?? now).toISOString() },
        materialsLate: { old: null, new: materialsLate(m.materialsPostedAt ?? now, m.startsAt, now) },
      },
    });
  });
  return getMeeting(ctx, id);
}

/** Sends the invitations: every counted member of the cell, including members who joined since registration. */
export async function invite(ctx: Ctx, id: string) {
  const m = await load.meeting(ctx, id, 'meetings.manage');
  requireOpen(m);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const added = await syncInvitations(tx, id, m.cellId);
    await tx.update(meetings).set({ invitedAt: now, updatedAt: now }).where(eq(meetings.id, id));
    await recordAudit(tx, sourceOf(ctx), {
      action: 'meetings.invite',
      targetType: 'meeting',
      targetId: id,
      unitId: m.cellId,
      unitPath: m.cellPath,
      changes: {
        invitedAt: { old: m.invitedAt?.toISOString() ?? null, new: now.toISOString() },
        added: { old: null, new: added.length },
      },
    });
    // The first "invite" tells everyone on the list; a later one only those added since.
    const invitees = m.invitedAt
      ? added
      : (
          await tx
            .select({ memberId: meetingInvitations.memberId })
            .from(meetingInvitations)
            .where(eq(meetingInvitations.meetingId, id))
        ).map((r) => r.memberId);
    if (invitees.length) {
      const accounts = await tx.select({ id: users.id }).from(users).where(inArray(users.memberId, invitees));
      const when = vnDateTimeText(m.startsAt);
      await notify(tx, {
        userIds: accounts.map((a) => a.id),
        kind: 'meeting_invitation',
        title: `Giấy mời sinh hoạt chi bộ lúc ${when}`,
        body: m.topic,
        link: `/sinh-hoat/${id}`,
        at: now,
      });
    }
  });
  return listInvitations(ctx, id);
}

export async function listInvitations(ctx: Ctx, id: string) {
  await load.meeting(ctx, id, 'meetings.manage');
  const items = await ctx.db
    .select({
      memberId: meetingInvitations.memberId,
      fullName: members.fullName,
      rsvp: meetingInvitations.rsvp,
      reason: meetingInvitations.rsvpReason,
      respondedAt: meetingInvitations.respondedAt,
    })
    .from(meetingInvitations)
    .innerJoin(members, eq(members.id, meetingInvitations.memberId))
    .where(eq(meetingInvitations.meetingId, id))
    .orderBy(asc(members.nameSearch));
  const count = (a: string) => items.filter((i) => i.rsvp === a).length;
  return { items, summary: { total: items.length, attend: count('attend'), absent: count('absent'), pending: count('pending') } };
}

export async function rsvp(ctx: Ctx, id: string, answer: 'attend' | 'absent', reason: string) {
  const m = await load.meeting(ctx, id, 'meetings.attend');
  requireOpen(m);
  const memberId = invitedMember(ctx, m);
  if (answer === 'absent' && !reason.trim())
    throw badRequest('meetings.reason_required', 'Hãy nêu lý do vắng mặt.', [
      { field: 'reason', message: 'Cần có lý do vắng mặt.' },
    ]);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(meetingInvitations)
      .set({ rsvp: answer, rsvpReason: answer === 'absent' ? reason.trim() : '', respondedAt: now })
      .where(and(eq(meetingInvitations.meetingId, id), eq(meetingInvitations.memberId, memberId)));
    await recordAudit(tx, sourceOf(ctx), {
      action: 'meetings.rsvp',
      targetType: 'meeting',
      targetId: id,
      unitId: m.cellId,
      unitPath: m.cellPath,
      changes: { rsvp: { old: null, new: answer } },
    });
  });
  return { rsvp: answer, reason: answer === 'absent' ? reason.trim() : '' };
}

/**
 * A member's opinion. With a client id (the offline outbox), the id becomes the opinion's id: a
 * replay of the same send finds its opinion and returns it instead of storing a second one.
 */
export async function addOpinion(ctx: Ctx, id: string, agendaItemId: string | null, body: string, clientId?: string) {
  const m = await load.meeting(ctx, id, 'meetings.attend');
  requireOpen(m);
  const memberId = invitedMember(ctx, m);
  if (clientId) {
    const [seen] = await ctx.db.select().from(meetingOpinions).where(eq(meetingOpinions.id, clientId));
    if (seen) {
      if (seen.meetingId !== id || seen.memberId !== memberId)
        throw conflict('meetings.client_id_reused', 'Mã gửi đã được dùng cho một ý kiến khác.');
      return { id: seen.id, agendaItemId: seen.agendaItemId, body: seen.body, createdAt: seen.createdAt };
    }
  }
  if (!m.materialsPostedAt) throw conflict('meetings.materials_not_posted', 'Tài liệu chưa được đăng; chưa thể góp ý.');
  if (agendaItemId) {
    const [item] = await ctx.db
      .select({ id: meetingAgendaItems.id })
      .from(meetingAgendaItems)
      .where(and(eq(meetingAgendaItems.id, agendaItemId), eq(meetingAgendaItems.meetingId, id)));
    if (!item)
      throw badRequest('meetings.unknown_item', 'Mục chương trình không thuộc buổi sinh hoạt này.', [
        { field: 'agendaItemId', message: 'Mục không hợp lệ.' },
      ]);
  }
  const row = {
    id: clientId ?? crypto.randomUUID(),
    meetingId: id,
    memberId,
    agendaItemId,
    body: body.trim(),
    createdAt: ctx.clock.now(),
  };
  const stored = await ctx.db.transaction(async (tx) => {
    // Two copies of one offline send racing: the second finds the row and changes nothing.
    const inserted = await tx.insert(meetingOpinions).values(row).onConflictDoNothing().returning({ id: meetingOpinions.id });
    if (!inserted.length) return false;
    await recordAudit(tx, sourceOf(ctx), {
      action: 'meetings.opinion',
      targetType: 'meeting',
      targetId: id,
      unitId: m.cellId,
      unitPath: m.cellPath,
      changes: { opinion: { old: null, new: row.id } },
    });
    return true;
  });
  if (!stored) {
    const [seen] = await ctx.db.select().from(meetingOpinions).where(eq(meetingOpinions.id, row.id));
    if (!seen || seen.meetingId !== id || seen.memberId !== memberId)
      throw conflict('meetings.client_id_reused', 'Mã gửi đã được dùng cho một ý kiến khác.');
    return { id: seen.id, agendaItemId: seen.agendaItemId, body: seen.body, createdAt: seen.createdAt };
  }
  return { id: row.id, agendaItemId, body: row.body, createdAt: row.createdAt };
}

/** Every opinion of the meeting in one list, for the secretary. */
export async function listOpinions(ctx: Ctx, id: string) {
  await load.meeting(ctx, id, 'meetings.manage');
  const items = await ctx.db
    .select({
      id: meetingOpinions.id,
      memberName: members.fullName,
      agendaItemId: meetingOpinions.agendaItemId,
      agendaTitle: meetingAgendaItems.title,
      body: meetingOpinions.body,
      createdAt: meetingOpinions.createdAt,
    })
    .from(meetingOpinions)
    .innerJoin(members, eq(members.id, meetingOpinions.memberId))
    .leftJoin(meetingAgendaItems, eq(meetingAgendaItems.id, meetingOpinions.agendaItemId))
    .where(eq(meetingOpinions.meetingId, id))
    .orderBy(asc(meetingAgendaItems.position), asc(meetingOpinions.createdAt));
  return { items };
}

export function flagsOf(m: ScopedMeeting | typeof meetings.$inferSelect, now: Date) {
  const ended = m.actualEndAt ?? m.plannedEndAt;
  return {
    registeredLate: m.registeredLate,
    materialsLate: materialsLate(m.materialsPostedAt, m.startsAt, now),
    finalLate:
      m.status === 'finalized' || now.getTime() > ended.getTime() + FINAL_POST_WINDOW_MS
        ? finalLate(m.finalPostedAt, ended, now)
        : false,
  };
}

async function guidanceFor(db: DbOrTx, cellPath: string, month: string) {
  return db
    .select({
      id: meetingGuidance.id,
      title: meetingGuidance.title,
      url: meetingGuidance.url,
      fileId: meetingGuidance.fileId,
      unitName: units.name,
    })
    .from(meetingGuidance)
    .innerJoin(units, eq(units.id, meetingGuidance.unitId))
    .where(and(eq(meetingGuidance.month, month), sql`${cellPath} LIKE ${units.path} || '%'`))
    .orderBy(asc(units.depth), asc(meetingGuidance.id));
}

/** A meeting as the viewer may see it: materials reach members only once published. */
export async function getMeeting(ctx: Ctx, id: string) {
  const m = await load.meeting(ctx, id, 'meetings.read');
  const now = ctx.clock.now();
  const abilities = abilitiesOf.meeting(ctx.actor, m, now);
  const manage = abilities.manage;
  const showMaterials = manage || !!m.materialsPostedAt || abilities.monitor;
  const people = [m.chairMemberId, m.minutesTakerMemberId].filter((x): x is string => !!x);
  const names = people.length
    ? await ctx.db.select({ id: members.id, name: members.fullName }).from(members).where(inArray(members.id, people))
    : [];
  const nameOf = (mid: string | null) => (mid ? (names.find((n) => n.id === mid)?.name ?? null) : null);
  const agenda = showMaterials
    ? await ctx.db
        .select({
          id: meetingAgendaItems.id,
          title: meetingAgendaItems.title,
          description: meetingAgendaItems.description,
          conclusion: meetingAgendaItems.conclusion,
        })
        .from(meetingAgendaItems)
        .where(eq(meetingAgendaItems.meetingId, id))
        .orderBy(asc(meetingAgendaItems.position))
    : [];
  const files = await ctx.db
    .select({
      id: meetingFiles.id,
      purpose: meetingFiles.purpose,
      name: storedFiles.originalName,
      mime: storedFiles.mime,
      size: storedFiles.size,
      hasThumb: sql<boolean>`${meetingFiles.thumbFileId} IS NOT NULL`,
    })
    .from(meetingFiles)
    .innerJoin(storedFiles, eq(storedFiles.id, meetingFiles.fileId))
    .where(eq(meetingFiles.meetingId, id))
    .orderBy(asc(meetingFiles.createdAt));
  const memberId = ctx.actor.memberId;
  const [mine] = memberId
    ? await ctx.db
        .select({ rsvp: meetingInvitations.rsvp, reason: meetingInvitations.rsvpReason })
        .from(meetingInvitations)
        .where(and(eq(meetingInvitations.meetingId, id), eq(meetingInvitations.memberId, memberId)))
    : [];
  const [att] =
    mine && memberId
      ? await ctx.db
          .select({ status: meetingAttendance.status })
          .from(meetingAttendance)
          .where(and(eq(meetingAttendance.meetingId, id), eq(meetingAttendance.memberId, memberId)))
      : [];
  const myOpinions =
    mine && memberId
      ? await ctx.db
          .select({
            id: meetingOpinions.id,
            agendaItemId: meetingOpinions.agendaItemId,
            body: meetingOpinions.body,
            createdAt: meetingOpinions.createdAt,
          })
          .from(meetingOpinions)
          .where(and(eq(meetingOpinions.meetingId, id), eq(meetingOpinions.memberId, memberId)))
          .orderBy(asc(meetingOpinions.createdAt))
      : [];
  return {
    meeting: {
      id: m.id,
      cellId: m.cellId,
      cellName: m.cellName,
      month: m.month,
      kind: m.kind,
      withThematic: m.withThematic,
      topic: m.topic,
      startsAt: m.startsAt,
      plannedEndAt: m.plannedEndAt,
      place: m.place,
      chairMemberId: m.chairMemberId,
      chairName: nameOf(m.chairMemberId),
      minutesTakerMemberId: m.minutesTakerMemberId,
      minutesTakerName: nameOf(m.minutesTakerMemberId),
      status: m.status,
      minimumMinutes: minimumMinutes(m.kind, m.withThematic),
      registeredAt: m.registeredAt,
      registrationDeadline: m.registrationDeadline,
      invitedAt: m.invitedAt,
      materialsPostedAt: m.materialsPostedAt,
      materialsUpdatedAt: m.materialsUpdatedAt,
      draftResolution: showMaterials ? m.draftResolution : '',
      actualStartAt: m.actualStartAt,
      actualEndAt: m.actualEndAt,
      resolutionText: m.status === 'finalized' || manage ? m.resolutionText : '',
      finalPostedAt: m.finalPostedAt,
      finalizedAt: m.finalizedAt,
      totalScore: m.totalScore,
      rating: m.rating,
      flags: flagsOf(m, now),
    },
    agenda,
    files: files.filter((f) => showMaterials || f.purpose === 'signed_copy'),
    guidance: showMaterials ? await guidanceFor(ctx.db, m.cellPath, m.month) : [],
    // The month's cell-meeting materials the upper level published in the library (documents area).
    monthlyMaterials: showMaterials
      ? (await listMonthlyMaterials(ctx.db, m.cellPath, m.month, now)).map(({ id: docId, title, symbol, files: docFiles }) => ({
          id: docId,
          title,
          symbol,
          files: docFiles,
        }))
      : [],
    mine: mine ? { rsvp: mine.rsvp, reason: mine.reason, attendance: att?.status ?? null, opinions: myOpinions } : null,
    abilities,
  };
}

const listColumns = {
  id: meetings.id,
  cellId: meetings.cellId,
  cellName: units.name,
  month: meetings.month,
  kind: meetings.kind,
  topic: meetings.topic,
  startsAt: meetings.startsAt,
  plannedEndAt: meetings.plannedEndAt,
  place: meetings.place,
  status: meetings.status,
  registeredLate: meetings.registeredLate,
  materialsPostedAt: meetings.materialsPostedAt,
  rating: meetings.rating,
};

/** Meetings of one cell (or every cell in scope), newest first. */
export async function listMeetings(ctx: Ctx, q: { cellId?: string | undefined; month?: string | undefined; limit: number }) {
  const conds = [scopeFilter(ctx.actor, 'meetings.read', units.path)];
  if (q.cellId) conds.push(eq(meetings.cellId, (await load.unit(ctx, q.cellId, 'meetings.read')).id));
  if (q.month) conds.push(eq(meetings.month, q.month));
  const items = await ctx.db
    .select(listColumns)
    .from(meetings)
    .innerJoin(units, eq(units.id, meetings.cellId))
    .where(and(...conds))
    .orderBy(desc(meetings.startsAt))
    .limit(q.limit);
  return { items };
}

/** A meeting ended this long ago is over for its members, even before the secretary finalizes it. */
const FINISHED_AFTER_MS = 60 * 60_000;

/** The signed-in member's coming meetings (still running ones included; a finalized one is past). */
export async function upcoming(ctx: Ctx) {
  const memberId = ctx.actor.memberId;
  if (!memberId) return { items: [] };
  const since = new Date(ctx.clock.now().getTime() - FINISHED_AFTER_MS);
  const items = await ctx.db
    .select({ ...listColumns, rsvp: meetingInvitations.rsvp })
    .from(meetingInvitations)
    .innerJoin(meetings, eq(meetings.id, meetingInvitations.meetingId))
    .innerJoin(units, eq(units.id, meetings.cellId))
    .where(
      and(
        eq(meetingInvitations.memberId, memberId),
        eq(meetings.status, 'scheduled'),
        sql`coalesce(${meetings.actualEndAt}, ${meetings.plannedEndAt}) >= ${since.toISOString()}`,
        scopeFilter(ctx.actor, 'meetings.read', units.path),
      ),
    )
    .orderBy(asc(meetings.startsAt))
    .limit(20);
  return { items };
}

/**
 * The member's past meetings, newest first: finalized ones (resolution and minutes posted) and
 * ended ones the secretary has not finalized yet, with the member's attendance and task count.
 */
export async function past(ctx: Ctx, limit = 12) {
  const memberId = ctx.actor.memberId;
  if (!memberId) return [];
  const since = new Date(ctx.clock.now().getTime() - FINISHED_AFTER_MS);
  return ctx.db
    .select({
      ...listColumns,
      rsvp: meetingInvitations.rsvp,
      attendance: meetingAttendance.status,
      myTasks: sql<number>`(SELECT count(*)::int FROM meeting_tasks t WHERE t.meeting_id = ${meetings.id} AND t.owner_member_id = ${memberId})`,
    })
    .from(meetingInvitations)
    .innerJoin(meetings, eq(meetings.id, meetingInvitations.meetingId))
    .innerJoin(units, eq(units.id, meetings.cellId))
    .leftJoin(
      meetingAttendance,
      and(
        eq(meetingAttendance.meetingId, meetingInvitations.meetingId),
        eq(meetingAttendance.memberId, meetingInvitations.memberId),
      ),
    )
    .where(
      and(
        eq(meetingInvitations.memberId, memberId),
        sql`(${meetings.status} = 'finalized' OR coalesce(${meetings.actualEndAt}, ${meetings.plannedEndAt}) < ${since.toISOString()})`,
        scopeFilter(ctx.actor, 'meetings.read', units.path),
      ),
    )
    .orderBy(desc(meetings.startsAt))
    .limit(limit);
}

/** What the meetings pages may offer this actor: cells they run, units they monitor. */
export async function mine(ctx: Ctx) {
  const pick = (action: 'meetings.manage' | 'meetings.monitor') =>
    unitsInScope(ctx.actor, action).map(({ id, name }) => ({ id, name }));
  return {
    ...(await upcoming(ctx)),
    past: await past(ctx),
    manageUnits: pick('meetings.manage'),
    monitorUnits: pick('meetings.monitor'),
  };
}

/** Counted members of a cell (for chair/minutes-taker pickers and roll call by hand). */
export async function cellMembers(ctx: Ctx, cellId: string) {
  await load.unit(ctx, cellId, 'meetings.manage');
  const items = await ctx.db
    .select({ id: members.id, fullName: members.fullName })
    .from(members)
    .where(and(eq(members.cellId, cellId), inArray(members.status, [...COUNTED_STATUSES])))
    .orderBy(asc(members.nameSearch));
  return { items };
}
