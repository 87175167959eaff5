/**
 * Evaluation of a meeting against a rubric kept as data, and the statute's absence rule.
 * Measured criteria are computed from the record each time (and frozen at finalization);
 * only the secretary's manual scores are stored.
 */
import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { meetingAttendance, meetingInvitations, meetingRubrics, meetings, members, units } from '../../db/schema.ts';
import { pathsFilter, scopePrefixes } from '../../auth/authorize.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';
import { evaluate, manualKeys, RubricDefinition, type MeetingFacts } from '../../../common/meetings/rubric.ts';
import { attendanceRate, finalLate, materialsLate, minimumMinutes } from '../../../common/meetings/rules.ts';
import { repeatedAbsences, windowStart } from '../../../common/meetings/absence.ts';
import { vnMonth } from '../../../common/time/vietnam.ts';
import { load, type MeetingRow } from '../../auth/policies.ts';
import { requireOpen } from './guards.ts';

export async function rubricFor(db: DbOrTx, rubricId: string | null) {
  const [row] = rubricId
    ? await db.select().from(meetingRubrics).where(eq(meetingRubrics.id, rubricId))
    : await db
        .select()
        .from(meetingRubrics)
        .where(eq(meetingRubrics.isDefault, true))
        .orderBy(desc(meetingRubrics.createdAt))
        .limit(1);
  if (!row) throw notFound('Chưa có tiêu chí đánh giá.');
  return row;
}

export async function factsOf(db: DbOrTx, m: MeetingRow, now: Date): Promise<MeetingFacts> {
  const [c] = await db
    .select({
      total: sql<number>`count(*)::int`,
      present: sql<number>`count(*) FILTER (WHERE ${meetingAttendance.status} IN ('present', 'late'))::int`,
    })
    .from(meetingInvitations)
    .leftJoin(
      meetingAttendance,
      and(
        eq(meetingAttendance.meetingId, meetingInvitations.meetingId),
        eq(meetingAttendance.memberId, meetingInvitations.memberId),
      ),
    )
    .where(eq(meetingInvitations.meetingId, m.id));
  const ended = m.actualEndAt ?? m.plannedEndAt;
  return {
    durationMinutes:
      m.actualStartAt && m.actualEndAt ? Math.round((m.actualEndAt.getTime() - m.actualStartAt.getTime()) / 60_000) : null,
    requiredMinutes: minimumMinutes(m.kind, m.withThematic),
    attendancePercent: attendanceRate(c?.present ?? 0, c?.total ?? 0),
    materialsPostedBeforeStart: !!m.materialsPostedAt && m.materialsPostedAt.getTime() <= m.startsAt.getTime(),
    materialsOnTime: !!m.materialsPostedAt && !materialsLate(m.materialsPostedAt, m.startsAt, now),
    // Before finalization this reads "still within the 2 days": it becomes final when posted.
    finalOnTime: !finalLate(m.finalPostedAt, ended, now),
  };
}

export async function evaluationOf(db: DbOrTx, m: MeetingRow, now: Date) {
  const rubric = await rubricFor(db, m.rubricId);
  const definition = RubricDefinition.parse(rubric.definition);
  const facts = await factsOf(db, m, now);
  return {
    rubric: { id: rubric.id, name: rubric.name, ratingBands: definition.ratingBands },
    facts,
    result: evaluate(definition, facts, m.manualScores),
  };
}

export async function getEvaluation(ctx: Ctx, id: string) {
  const m = await load.meeting(ctx, id, 'meetings.read');
  const e = await evaluationOf(ctx.db, m, ctx.clock.now());
  return { ...e, evaluatedAt: m.evaluatedAt, finalized: m.status === 'finalized', totalScore: m.totalScore, rating: m.rating };
}

export async function saveScores(ctx: Ctx, id: string, scores: Record<string, number>) {
  const m = await load.meeting(ctx, id, 'meetings.manage');
  requireOpen(m);
  const rubric = await rubricFor(ctx.db, m.rubricId);
  const allowed = new Map(manualKeys(RubricDefinition.parse(rubric.definition)).map((k) => [k.key, k.max]));
  for (const [key, v] of Object.entries(scores)) {
    const max = allowed.get(key);
    if (max === undefined)
      throw badRequest('meetings.unknown_criterion', `Tiêu chí "${key}" không chấm tay được.`, [
        { field: key, message: 'Tiêu chí không hợp lệ.' },
      ]);
    if (v < 0 || v > max)
      throw badRequest('meetings.score_range', `Điểm phải từ 0 đến ${max}.`, [
        { field: key, message: `Điểm phải từ 0 đến ${max}.` },
      ]);
  }
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(meetings)
      .set({ manualScores: scores, rubricId: rubric.id, evaluatedAt: now, updatedAt: now })
      .where(eq(meetings.id, id));
    await recordAudit(tx, sourceOf(ctx), {
      action: 'meetings.evaluate',
      targetType: 'meeting',
      targetId: id,
      unitId: m.cellId,
      unitPath: m.cellPath,
      changes: { manualScores: { old: m.manualScores, new: scores } },
    });
  });
  return getEvaluation(ctx, id);
}

/**
 * Members with unexcused absences in 3 different months within the 12 months ending at
 * `asOfMonth`, for the secretary of their cell and the committees above, with the meetings that
 * count. Only finalized meetings count: an open roll call may still change.
 */
export async function listRepeatedAbsences(ctx: Ctx, unitId: string, asOfMonth?: string) {
  const [unit] = await ctx.db.select({ path: units.path }).from(units).where(eq(units.id, unitId));
  const prefixes = [...scopePrefixes(ctx.actor, 'meetings.manage'), ...scopePrefixes(ctx.actor, 'meetings.monitor')];
  if (!unit || !prefixes.some((p) => p === '/' || unit.path.startsWith(p))) throw notFound();
  const asOf = asOfMonth ?? vnMonth(ctx.clock.now());
  const rows = await ctx.db
    .select({
      memberId: meetingAttendance.memberId,
      meetingId: meetings.id,
      month: meetings.month,
      startsAt: meetings.startsAt,
      cellId: meetings.cellId,
    })
    .from(meetingAttendance)
    .innerJoin(meetings, eq(meetings.id, meetingAttendance.meetingId))
    .innerJoin(units, eq(units.id, meetings.cellId))
    .where(
      and(
        eq(meetingAttendance.status, 'absent_unexcused'),
        eq(meetings.status, 'finalized'),
        gte(meetings.month, windowStart(asOf)),
        lte(meetings.month, asOf),
        sql`${units.path} LIKE ${unit!.path + '%'}`,
        pathsFilter(prefixes, units.path),
      ),
    );
  const flagged = repeatedAbsences(rows, asOf);
  if (!flagged.length) return { asOfMonth: asOf, items: [] };
  const people = await ctx.db
    .select({ id: members.id, fullName: members.fullName, cellId: members.cellId, cellName: units.name })
    .from(members)
    .innerJoin(units, eq(units.id, members.cellId))
    .where(
      inArray(
        members.id,
        flagged.map((f) => f.memberId),
      ),
    )
    .orderBy(asc(members.nameSearch));
  const byMeeting = new Map(rows.map((r) => [r.meetingId, r]));
  return {
    asOfMonth: asOf,
    items: people.map((p) => {
      const f = flagged.find((x) => x.memberId === p.id)!;
      return {
        memberId: p.id,
        fullName: p.fullName,
        cellId: p.cellId,
        cellName: p.cellName,
        months: f.months,
        meetings: f.meetingIds.map((mid) => ({
          id: mid,
          month: byMeeting.get(mid)!.month,
          startsAt: byMeeting.get(mid)!.startsAt,
        })),
      };
    }),
  };
}

export async function listRubrics(ctx: Ctx) {
  return {
    items: await ctx.db
      .select({
        id: meetingRubrics.id,
        name: meetingRubrics.name,
        isDefault: meetingRubrics.isDefault,
        definition: meetingRubrics.definition,
      })
      .from(meetingRubrics)
      .orderBy(desc(meetingRubrics.isDefault), asc(meetingRubrics.name)),
  };
}

/** A new rubric (installation-wide); making it the default applies to meetings evaluated from now on. */
export async function createRubric(ctx: Ctx, name: string, definition: RubricDefinition, makeDefault: boolean) {
  const id = crypto.randomUUID();
  await ctx.db.transaction(async (tx) => {
    if (makeDefault) await tx.update(meetingRubrics).set({ isDefault: false }).where(eq(meetingRubrics.isDefault, true));
    await tx
      .insert(meetingRubrics)
      .values({ id, name: name.trim(), definition, isDefault: makeDefault, createdAt: ctx.clock.now() });
    await recordAudit(tx, sourceOf(ctx), {
      action: 'meetings.rubric',
      targetType: 'meeting_rubric',
      targetId: id,
      changes: { name: { old: null, new: name.trim() }, isDefault: { old: null, new: makeDefault } },
    });
  });
  return { id };
}
