/**
 * The year's review and grading. A committee opens the cycle for its subtree (the rules and the
 * criteria in force are copied onto it); members write their self-review (a draft first, kept on
 * the server as well as on the phone), the cell's secretary returns or takes it, asks the residence
 * cell for its comment, proposes a grade (the rule checks run on every proposal); the committee
 * above decides (a changed grade needs a reason) and publishes, after which the member sees the
 * grade and the comments, and nothing changes any more.
 */
import { and, asc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../../db/client.ts';
import { memberDisciplines, members, reviewCollectives, reviewCycles, reviewEntries, units } from '../../db/schema.ts';
import { authorize, requireScope, scopeFilter } from '../../auth/authorize.ts';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';
import { requireRuleInForce } from '../rules/rules.service.ts';
import { reviewCriteriaKind, reviewRulesKind } from '../../../common/review/rule-kind.ts';
import {
  withExtras,
  selfReviewProblems,
  selfScore,
  SelfReviewContent,
  type CriteriaSet,
} from '../../../common/review/criteria.ts';
import { eligibility, gradeProblems, GRADE_TEXT, type Grade, type MemberForm } from '../../../common/review/rules.ts';
import { vnDate } from '../../../common/time/vietnam.ts';
import type { OpenCycleInput, ProposalInput, DecisionInput } from '../../../common/api/reviews.ts';

type Entry = typeof reviewEntries.$inferSelect;
type Cycle = typeof reviewCycles.$inferSelect;

async function unitPathOf(db: DbOrTx, unitId: string) {
  const [u] = await db.select({ id: units.id, path: units.path, name: units.name }).from(units).where(eq(units.id, unitId));
  return u;
}

/** Opens the year's review for the committee's subtree. */
export async function openCycle(ctx: Ctx, input: OpenCycleInput) {
  const unit = await unitPathOf(ctx.db, input.unitId);
  requireScope(ctx.actor, 'reviews.open', unit?.path);
  // One review a year per member: no cycle of that year above or below this unit.
  const overlap = rowsOf<{ name: string }>(
    await ctx.db.execute(sql`
      SELECT u.name FROM review_cycles c JOIN units u ON u.id = c.unit_id
      WHERE c.year = ${input.year} AND (u.path LIKE ${unit!.path + '%'} OR ${unit!.path} LIKE u.path || '%') LIMIT 1`),
  );
  if (overlap.length)
    throw conflict(
      'reviews.overlap',
      `Năm ${input.year} đã mở kiểm điểm tại "${overlap[0]!.name}", trùng phạm vi với đơn vị này.`,
    );
  const rules = await requireRuleInForce(ctx.db, reviewRulesKind, input.referenceDate);
  const criteria = await requireRuleInForce(ctx.db, reviewCriteriaKind, input.referenceDate, { unitPath: unit!.path });
  for (const e of input.extraCriteria)
    if (!criteria.payload.sets.some((s) => s.form === e.form && s.sections.some((x) => x.key === e.section)))
      throw badRequest('reviews.bad_section', `Mẫu ${e.form} không có phần "${e.section}".`, [
        { field: 'extraCriteria', message: 'Phần không có.' },
      ]);
  const sets = criteria.payload.sets.map((s) => withExtras(s, input.extraCriteria));
  const people = rowsOf<{ id: string; cell_id: string; status: string; admission_date: string | null; suspended: boolean }>(
    await ctx.db.execute(sql`
      SELECT m.id, m.cell_id, m.status, m.admission_date::text AS admission_date,
        EXISTS (SELECT 1 FROM member_suspensions s WHERE s.member_id = m.id AND s.kind = 'suspended'
          AND s.from_date <= ${input.referenceDate}::date AND (s.to_date IS NULL OR s.to_date > ${input.referenceDate}::date)) AS suspended
      FROM members m JOIN units c ON c.id = m.cell_id
      WHERE c.path LIKE ${unit!.path + '%'} AND m.status IN ('official', 'probationary', 'exempted')
      ORDER BY m.id`),
  );
  const now = ctx.clock.now();
  const cycleId = await ctx.db.transaction(async (tx) => {
    const [cycle] = await tx
      .insert(reviewCycles)
      .values({
        unitId: unit!.id,
        year: input.year,
        referenceDate: input.referenceDate,
        deadlines: input.deadlines,
        ruleVersionId: rules.id,
        regulation: rules.regulation,
        rules: rules.payload,
        criteriaVersionId: criteria.id,
        criteria: sets,
        extraCriteria: input.extraCriteria,
        openedBy: ctx.actor.userId,
        openedAt: now,
      })
      .returning({ id: reviewCycles.id });
    const rows = people.map((p) => {
      const el = eligibility(
        { exempted: p.status === 'exempted', suspended: p.suspended, admissionDate: p.admission_date },
        input.referenceDate,
        rules.payload,
      );
      return {
        cycleId: cycle!.id,
        memberId: p.id,
        cellId: p.cell_id,
        form: input.defaultForm,
        included: el.included,
        graded: el.included && el.graded,
        reason: el.included ? (el.graded ? null : el.reason) : el.reason,
      };
    });
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(reviewEntries).values(rows.slice(i, i + 1000));
    await recordAudit(tx, sourceOf(ctx), {
      action: 'reviews.open',
      targetType: 'review_cycle',
      targetId: cycle!.id,
      unitId: unit!.id,
      unitPath: unit!.path,
      changes: {
        year: { old: null, new: input.year },
        members: { old: null, new: rows.length },
        regulation: { old: null, new: rules.regulation },
        deadlines: { old: null, new: input.deadlines },
      },
    });
    return cycle!.id;
  });
  return { id: cycleId, members: people.length };
}

/** An entry with its cycle and the paths that decide who may act on it. */
export async function loadEntry(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ e: reviewEntries, c: reviewCycles, cellPath: units.path, cellName: units.name, fullName: members.fullName })
    .from(reviewEntries)
    .innerJoin(reviewCycles, eq(reviewCycles.id, reviewEntries.cycleId))
    .innerJoin(units, eq(units.id, reviewEntries.cellId))
    .innerJoin(members, eq(members.id, reviewEntries.memberId))
    .where(eq(reviewEntries.id, id));
  return row;
}

function setOf(cycle: Cycle, form: MemberForm): CriteriaSet {
  const s = cycle.criteria.find((x) => x.form === form) ?? cycle.criteria[0];
  if (!s) throw new Error(`review cycle ${cycle.id} has no criteria`);
  return s;
}

/** '/a/b/c/' → '/a/b/': the unit above. */
const parentOf = (path: string) => path.slice(0, path.slice(0, -1).lastIndexOf('/') + 1);

const published = (e: Entry) => {
  if (e.publishedAt) throw conflict('reviews.published', 'Kết quả đã công bố: không thay đổi được nữa.');
};

// ---- the member ---------------------------------------------------------------------------------

function memberView(e: Entry, c: Cycle, extra: { cellName: string; fullName: string }) {
  return {
    id: e.id,
    cycleId: c.id,
    year: c.year,
    fullName: extra.fullName,
    cellName: extra.cellName,
    form: e.form,
    included: e.included,
    graded: e.graded,
    reason: e.reason,
    deadlines: c.deadlines,
    criteria: c.criteria,
    bands: c.rules.bands,
    status: e.selfStatus,
    content: e.selfContent,
    returnReason: e.returnReason,
    submittedAt: e.selfSubmittedAt,
    // Only what is published reaches the member: the grade and the comments on it.
    result: e.publishedAt
      ? {
          grade: e.decidedGrade,
          gradeText: e.decidedGrade ? GRADE_TEXT[e.decidedGrade] : null,
          discussion: e.discussion,
          residenceComment: e.residenceComment,
          decisionReason: e.decisionReason,
          publishedAt: e.publishedAt,
        }
      : null,
  };
}

/** The member's own entry of the latest cycle. */
export async function myReview(ctx: Ctx) {
  const memberId = ctx.actor.memberId;
  if (!memberId) return { review: null };
  const [row] = await ctx.db
    .select({ e: reviewEntries, c: reviewCycles, cellName: units.name, fullName: members.fullName })
    .from(reviewEntries)
    .innerJoin(reviewCycles, eq(reviewCycles.id, reviewEntries.cycleId))
    .innerJoin(units, eq(units.id, reviewEntries.cellId))
    .innerJoin(members, eq(members.id, reviewEntries.memberId))
    .where(eq(reviewEntries.memberId, memberId))
    .orderBy(sql`${reviewCycles.year} DESC`)
    .limit(1);
  return { review: row ? memberView(row.e, row.c, row) : null };
}

async function ownEntry(ctx: Ctx, id: string) {
  const row = await loadEntry(ctx.db, id);
  if (!row || !ctx.actor.memberId || row.e.memberId !== ctx.actor.memberId) throw notFound();
  if (!row.e.included) throw conflict('reviews.left_out', 'Năm nay đồng chí không thuộc diện kiểm điểm.');
  if (row.e.selfStatus === 'submitted')
    throw conflict('reviews.submitted', 'Bản kiểm điểm đã nộp; chi bộ trả lại thì mới sửa được.');
  published(row.e);
  return row;
}

/** Saves the draft (a phone sends it again after being offline: the last one wins). */
export async function saveDraft(ctx: Ctx, id: string, content: SelfReviewContent) {
  const row = await ownEntry(ctx, id);
  const set = setOf(row.c, content.form);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(reviewEntries)
      .set({
        selfContent: content,
        form: content.form,
        selfStatus: row.e.selfStatus === 'returned' ? 'returned' : 'draft',
        selfSavedAt: now,
        selfScore: selfScore(content, set),
        selfGrade: content.selfGrade,
      })
      .where(eq(reviewEntries.id, id));
    await recordAudit(tx, sourceOf(ctx), {
      action: 'reviews.self_save',
      targetType: 'review_entry',
      targetId: id,
      unitId: row.e.cellId,
      unitPath: row.cellPath,
      changes: { selfStatus: { old: row.e.selfStatus, new: 'draft' } },
    });
  });
  return myReview(ctx);
}

export async function submitSelf(ctx: Ctx, id: string, content: SelfReviewContent) {
  const row = await ownEntry(ctx, id);
  const set = setOf(row.c, content.form);
  const problems = selfReviewProblems(content, set, row.e.graded);
  if (problems.length)
    throw badRequest('reviews.incomplete', 'Bản kiểm điểm còn thiếu: ' + problems.map((p) => p.message).join(' '), problems);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(reviewEntries)
      .set({
        selfContent: content,
        form: content.form,
        selfStatus: 'submitted',
        selfSavedAt: now,
        selfSubmittedAt: now,
        selfScore: selfScore(content, set),
        selfGrade: content.selfGrade,
      })
      .where(eq(reviewEntries.id, id));
    await recordAudit(tx, sourceOf(ctx), {
      action: 'reviews.self_submit',
      targetType: 'review_entry',
      targetId: id,
      unitId: row.e.cellId,
      unitPath: row.cellPath,
      changes: { selfStatus: { old: row.e.selfStatus, new: 'submitted' } },
    });
  });
  return myReview(ctx);
}

// ---- the cell's secretary ----------------------------------------------------------------------

async function cellEntry(ctx: Ctx, id: string) {
  const row = await loadEntry(ctx.db, id);
  requireScope(ctx.actor, 'reviews.cell', row?.cellPath);
  published(row!.e);
  if (!row!.e.included) throw conflict('reviews.left_out', 'Đảng viên này không thuộc diện kiểm điểm năm nay.');
  return row!;
}

async function disciplinedIn(db: DbOrTx, memberIds: string[], year: number, until: string): Promise<Set<string>> {
  if (!memberIds.length) return new Set();
  const rows = await db
    .select({ memberId: memberDisciplines.memberId })
    .from(memberDisciplines)
    .where(
      and(
        inArray(memberDisciplines.memberId, memberIds),
        sql`${memberDisciplines.decidedOn} >= ${`${year}-01-01`}::date AND ${memberDisciplines.decidedOn} <= ${until}::date`,
      ),
    );
  return new Set(rows.map((r) => r.memberId));
}

/** The cell's entries for the session: every member, their steps, and the facts the rule checks use. */
export async function cellReview(ctx: Ctx, cellId: string) {
  const cell = await unitPathOf(ctx.db, cellId);
  // The cell's secretary for the session, or the committee above it for the decisions.
  const decides = !!cell && authorize(ctx.actor, 'reviews.decide', parentOf(cell.path));
  if (!decides) requireScope(ctx.actor, 'reviews.cell', cell?.path);
  const rows = await ctx.db
    .select({ e: reviewEntries, c: reviewCycles, fullName: members.fullName })
    .from(reviewEntries)
    .innerJoin(reviewCycles, eq(reviewCycles.id, reviewEntries.cycleId))
    .innerJoin(members, eq(members.id, reviewEntries.memberId))
    .where(eq(reviewEntries.cellId, cellId))
    .orderBy(sql`${reviewCycles.year} DESC`, asc(members.nameSearch));
  const cycle = rows[0]?.c;
  if (!cycle)
    return {
      cell: { id: cell!.id, name: cell!.name },
      abilities: { propose: authorize(ctx.actor, 'reviews.cell', cell!.path), decide: decides },
      cycle: null,
      entries: [],
      collective: null,
    };
  const mine = rows.filter((r) => r.c.id === cycle.id);
  const seeDiscipline = authorize(ctx.actor, 'discipline.read', cell!.path);
  const disciplined = seeDiscipline
    ? await disciplinedIn(
        ctx.db,
        mine.map((r) => r.e.memberId),
        cycle.year,
        cycle.referenceDate,
      )
    : new Set<string>();
  const [collective] = await ctx.db
    .select()
    .from(reviewCollectives)
    .where(and(eq(reviewCollectives.cycleId, cycle.id), eq(reviewCollectives.cellId, cellId)));
  return {
    cell: { id: cell!.id, name: cell!.name },
    abilities: { propose: authorize(ctx.actor, 'reviews.cell', cell!.path), decide: decides },
    cycle: {
      id: cycle.id,
      year: cycle.year,
      deadlines: cycle.deadlines,
      rules: cycle.rules,
      criteria: cycle.criteria,
      regulation: cycle.regulation,
    },
    entries: mine.map(({ e, fullName }) => ({
      id: e.id,
      memberId: e.memberId,
      fullName,
      form: e.form,
      included: e.included,
      graded: e.graded,
      reason: e.reason,
      selfStatus: e.selfStatus,
      selfContent: e.selfContent,
      selfScore: e.selfScore,
      selfGrade: e.selfGrade,
      returnReason: e.returnReason,
      residenceStatus: e.residenceStatus,
      residenceCellId: e.residenceCellId,
      residenceComment: e.residenceComment,
      discussion: e.discussion,
      proposedGrade: e.proposedGrade,
      proposedScore: e.proposedScore,
      conditionsConfirmed: e.conditionsConfirmed,
      decidedGrade: e.decidedGrade,
      decisionReason: e.decisionReason,
      published: !!e.publishedAt,
      disciplined: disciplined.has(e.memberId),
    })),
    collective: collective
      ? { selfGrade: collective.selfGrade, note: collective.note, decidedGrade: collective.decidedGrade }
      : null,
  };
}

export async function returnSelf(ctx: Ctx, id: string, reason: string) {
  const row = await cellEntry(ctx, id);
  if (row.e.selfStatus !== 'submitted') throw conflict('reviews.not_submitted', 'Bản kiểm điểm chưa nộp nên không trả lại được.');
  await ctx.db.transaction(async (tx) => {
    await tx.update(reviewEntries).set({ selfStatus: 'returned', returnReason: reason }).where(eq(reviewEntries.id, id));
    await recordAudit(tx, sourceOf(ctx), {
      action: 'reviews.return',
      targetType: 'review_entry',
      targetId: id,
      unitId: row.e.cellId,
      unitPath: row.cellPath,
      changes: { selfStatus: { old: 'submitted', new: 'returned' }, reason: { old: null, new: reason } },
    });
  });
  return { ok: true as const };
}

/** Quy định 213: a member who works elsewhere gets a comment from the residence cell. */
export async function requestResidence(
  ctx: Ctx,
  id: string,
  by: { residenceCellId?: string | undefined; residenceCellCode?: string | undefined },
) {
  const row = await cellEntry(ctx, id);
  // Within the subtree of the committee that opened the review (a cell elsewhere answers as no cell).
  const [opener] = await ctx.db.select({ path: units.path }).from(units).where(eq(units.id, row.c.unitId));
  const [found] = await ctx.db
    .select({ id: units.id, type: units.type, path: units.path })
    .from(units)
    .where(
      by.residenceCellId ? eq(units.id, by.residenceCellId) : sql`upper(${units.code}) = upper(${by.residenceCellCode ?? ''})`,
    );
  if (!found || !opener || !found.path.startsWith(opener.path) || (found.type !== 'cell' && found.type !== 'grassroots_cell'))
    throw badRequest('reviews.no_cell', 'Không tìm thấy chi bộ nơi cư trú với mã này.', [
      { field: 'residenceCellCode', message: 'Không có chi bộ này.' },
    ]);
  const residenceCellId = found.id;
  if (residenceCellId === row.e.cellId)
    throw badRequest('reviews.same_cell', 'Chi bộ nơi cư trú phải khác chi bộ đảng viên đang sinh hoạt.', [
      { field: 'residenceCellId', message: 'Trùng chi bộ.' },
    ]);
  await ctx.db.transaction(async (tx) => {
    await tx.update(reviewEntries).set({ residenceStatus: 'requested', residenceCellId }).where(eq(reviewEntries.id, id));
    await recordAudit(tx, sourceOf(ctx), {
      action: 'reviews.residence_request',
      targetType: 'review_entry',
      targetId: id,
      unitId: row.e.cellId,
      unitPath: row.cellPath,
      changes: { residenceCellId: { old: row.e.residenceCellId, new: residenceCellId } },
    });
  });
  return { ok: true as const };
}

/** Requests to the actor's cells for comments on members who live there. */
export async function residenceRequests(ctx: Ctx) {
  const rows = await ctx.db
    .select({
      id: reviewEntries.id,
      fullName: members.fullName,
      year: reviewCycles.year,
      deadline: sql<string>`${reviewCycles.deadlines}->>'residence'`,
      status: reviewEntries.residenceStatus,
      comment: reviewEntries.residenceComment,
      residenceCellId: reviewEntries.residenceCellId,
    })
    .from(reviewEntries)
    .innerJoin(reviewCycles, eq(reviewCycles.id, reviewEntries.cycleId))
    .innerJoin(members, eq(members.id, reviewEntries.memberId))
    .innerJoin(units, eq(units.id, reviewEntries.residenceCellId))
    .where(and(isNotNull(reviewEntries.residenceCellId), scopeFilter(ctx.actor, 'reviews.cell', units.path)))
    .orderBy(asc(members.nameSearch))
    .limit(500);
  const today = vnDate(ctx.clock.now());
  return { items: rows.map((r) => ({ ...r, overdue: r.status === 'requested' && !!r.deadline && today > r.deadline })) };
}

export async function answerResidence(ctx: Ctx, id: string, comment: string) {
  const row = await loadEntry(ctx.db, id);
  const residence = row?.e.residenceCellId ? await unitPathOf(ctx.db, row.e.residenceCellId) : undefined;
  requireScope(ctx.actor, 'reviews.cell', residence?.path);
  published(row!.e);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(reviewEntries)
      .set({
        residenceStatus: 'answered',
        residenceComment: comment,
        residenceBy: ctx.actor.userId,
        residenceAt: ctx.clock.now(),
      })
      .where(eq(reviewEntries.id, id));
    await recordAudit(tx, sourceOf(ctx), {
      action: 'reviews.residence_answer',
      targetType: 'review_entry',
      targetId: id,
      unitId: residence!.id,
      unitPath: residence!.path,
      changes: { residenceStatus: { old: row!.e.residenceStatus, new: 'answered' } },
    });
  });
  return { ok: true as const };
}

function checkGrade(
  rules: Cycle['rules'],
  e: Entry,
  input: { grade: Grade; score: number | null; conditionsConfirmed: number },
  disciplined: boolean,
  others: Grade[],
) {
  const problems = gradeProblems(
    {
      grade: input.grade,
      score: input.score,
      graded: e.graded,
      disciplined,
      conditionsConfirmed: input.conditionsConfirmed,
      others,
    },
    rules,
  );
  if (problems.length)
    throw new AppError(
      400,
      `reviews.${problems[0]!.code}`,
      problems.map((p) => p.message).join(' '),
      undefined,
      problems.map((p) => ({ field: 'grade', message: p.message })),
    );
}

/** The cell's proposal for one member, checked against the rules and the cell's other proposals. */
export async function propose(ctx: Ctx, id: string, input: ProposalInput) {
  const row = await cellEntry(ctx, id);
  if (row.e.decidedGrade) throw conflict('reviews.decided', 'Cấp trên đã quyết định xếp loại đảng viên này.');
  const others = await ctx.db
    .select({ g: reviewEntries.proposedGrade })
    .from(reviewEntries)
    .where(
      and(
        eq(reviewEntries.cycleId, row.c.id),
        eq(reviewEntries.cellId, row.e.cellId),
        sql`${reviewEntries.id} <> ${id}::uuid`,
        isNotNull(reviewEntries.proposedGrade),
      ),
    );
  const disciplined = (await disciplinedIn(ctx.db, [row.e.memberId], row.c.year, row.c.referenceDate)).has(row.e.memberId);
  checkGrade(
    row.c.rules,
    row.e,
    input,
    disciplined,
    others.map((o) => o.g!),
  );
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(reviewEntries)
      .set({
        proposedGrade: input.grade,
        proposedScore: input.score,
        discussion: input.discussion,
        conditionsConfirmed: input.conditionsConfirmed,
        proposedBy: ctx.actor.userId,
        proposedAt: ctx.clock.now(),
      })
      .where(eq(reviewEntries.id, id));
    await recordAudit(tx, sourceOf(ctx), {
      action: 'reviews.propose',
      targetType: 'review_entry',
      targetId: id,
      unitId: row.e.cellId,
      unitPath: row.cellPath,
      changes: {
        proposedGrade: { old: row.e.proposedGrade, new: input.grade },
        proposedScore: { old: row.e.proposedScore, new: input.score },
      },
    });
  });
  return { ok: true as const };
}

export async function saveCollective(ctx: Ctx, cellId: string, input: { grade: Grade; note: string }) {
  const cell = await unitPathOf(ctx.db, cellId);
  requireScope(ctx.actor, 'reviews.cell', cell?.path);
  const [entry] = await ctx.db
    .select({ cycleId: reviewEntries.cycleId })
    .from(reviewEntries)
    .where(eq(reviewEntries.cellId, cellId))
    .orderBy(sql`${reviewEntries.cycleId}`)
    .limit(1);
  if (!entry) throw conflict('reviews.no_cycle', 'Chưa mở kiểm điểm năm nay cho chi bộ này.');
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(reviewCollectives)
      .values({
        cycleId: entry.cycleId,
        cellId,
        selfGrade: input.grade,
        note: input.note,
        updatedBy: ctx.actor.userId,
        updatedAt: ctx.clock.now(),
      })
      .onConflictDoUpdate({
        target: [reviewCollectives.cycleId, reviewCollectives.cellId],
        set: { selfGrade: input.grade, note: input.note, updatedBy: ctx.actor.userId, updatedAt: ctx.clock.now() },
      });
    await recordAudit(tx, sourceOf(ctx), {
      action: 'reviews.collective',
      targetType: 'unit',
      targetId: cellId,
      unitId: cellId,
      unitPath: cell!.path,
      changes: { selfGrade: { old: null, new: input.grade } },
    });
  });
  return { ok: true as const };
}

// ---- the upper committee ---------------------------------------------------------------------

/** The committee decides: it may change the cell's grade, with a reason. */
export async function decide(ctx: Ctx, id: string, input: DecisionInput) {
  const row = await loadEntry(ctx.db, id);
  // The committee above the cell: a role at the cell itself (its secretary) does not decide.
  const parentPath = row ? parentOf(row.cellPath) : undefined;
  requireScope(ctx.actor, 'reviews.decide', parentPath);
  published(row!.e);
  if (!row!.e.proposedGrade) throw conflict('reviews.not_proposed', 'Chi bộ chưa đề xuất xếp loại đảng viên này.');
  if (input.grade !== row!.e.proposedGrade && !input.reason.trim())
    throw badRequest('reviews.reason_required', 'Xếp loại khác đề xuất của chi bộ: hãy ghi lý do.', [
      { field: 'reason', message: 'Cần có lý do.' },
    ]);
  // The cap is over the cell's whole picture: the grades decided so far, the cell's proposals for the rest.
  const others = await ctx.db
    .select({ g: sql<Grade>`coalesce(${reviewEntries.decidedGrade}, ${reviewEntries.proposedGrade})` })
    .from(reviewEntries)
    .where(
      and(
        eq(reviewEntries.cycleId, row!.c.id),
        eq(reviewEntries.cellId, row!.e.cellId),
        sql`${reviewEntries.id} <> ${id}::uuid`,
        sql`coalesce(${reviewEntries.decidedGrade}, ${reviewEntries.proposedGrade}) IS NOT NULL`,
      ),
    );
  const disciplined = (await disciplinedIn(ctx.db, [row!.e.memberId], row!.c.year, row!.c.referenceDate)).has(row!.e.memberId);
  // The committee's own judgment replaces the cell's score (its reason is recorded): discipline and the cap still hold.
  checkGrade(
    row!.c.rules,
    row!.e,
    { grade: input.grade, score: null, conditionsConfirmed: row!.c.rules.excellentConditions.length },
    disciplined,
    others.map((o) => o.g!),
  );
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(reviewEntries)
      .set({
        decidedGrade: input.grade,
        decisionReason: input.reason.trim(),
        decidedBy: ctx.actor.userId,
        decidedAt: ctx.clock.now(),
      })
      .where(eq(reviewEntries.id, id));
    await recordAudit(tx, sourceOf(ctx), {
      action: 'reviews.decide',
      targetType: 'review_entry',
      targetId: id,
      unitId: row!.e.cellId,
      unitPath: row!.cellPath,
      changes: { decidedGrade: { old: row!.e.decidedGrade, new: input.grade }, reason: { old: null, new: input.reason.trim() } },
    });
  });
  return { ok: true as const };
}

/** Publishes every decided grade of the unit's subtree: final from now on, and the members see them. */
export async function publish(ctx: Ctx, cycleId: string, unitId: string) {
  const unit = await unitPathOf(ctx.db, unitId);
  requireScope(ctx.actor, 'reviews.decide', unit?.path);
  // The unit must lie in the cycle's subtree: another unit's cycle is not confirmed to exist.
  const [cycle] = await ctx.db
    .select({ path: units.path })
    .from(reviewCycles)
    .innerJoin(units, eq(units.id, reviewCycles.unitId))
    .where(eq(reviewCycles.id, cycleId));
  if (!cycle || !(unit!.path.startsWith(cycle.path) || cycle.path.startsWith(unit!.path))) throw notFound();
  const now = ctx.clock.now();
  const n = await ctx.db.transaction(async (tx) => {
    const done = await tx
      .update(reviewEntries)
      .set({ publishedAt: now })
      .where(
        and(
          eq(reviewEntries.cycleId, cycleId),
          isNull(reviewEntries.publishedAt),
          isNotNull(reviewEntries.decidedGrade),
          sql`${reviewEntries.cellId} IN (SELECT id FROM units WHERE path LIKE ${unit!.path + '%'})`,
        ),
      )
      .returning({ id: reviewEntries.id });
    await recordAudit(tx, sourceOf(ctx), {
      action: 'reviews.publish',
      targetType: 'review_cycle',
      targetId: cycleId,
      unitId: unit!.id,
      unitPath: unit!.path,
      changes: { published: { old: null, new: done.length } },
    });
    return done.length;
  });
  return { published: n };
}

/** The cycles that cover a unit (opened there or above), newest first, and the units the actor may open one for. */
export async function cyclesFor(ctx: Ctx, unitId: string) {
  const unit = await unitPathOf(ctx.db, unitId);
  requireScope(ctx.actor, 'reviews.read', unit?.path);
  const rows = rowsOf<{ id: string; year: number; unit_id: string; unit_name: string; deadlines: unknown; regulation: string }>(
    await ctx.db.execute(sql`
      SELECT c.id, c.year, c.unit_id, u.name AS unit_name, c.deadlines, c.regulation
      FROM review_cycles c JOIN units u ON u.id = c.unit_id
      WHERE ${unit!.path} LIKE u.path || '%' OR u.path LIKE ${unit!.path + '%'}
      ORDER BY c.year DESC, u.path LIMIT 50`),
  );
  return {
    unit: { id: unit!.id, name: unit!.name },
    canOpen: authorize(ctx.actor, 'reviews.open', unit!.path),
    items: rows.map((r) => ({
      id: r.id,
      year: r.year,
      unitId: r.unit_id,
      unitName: r.unit_name,
      deadlines: r.deadlines,
      regulation: r.regulation,
    })),
  };
}
