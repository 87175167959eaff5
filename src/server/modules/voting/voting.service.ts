/**
 * Vote items of a meeting: the secretary prepares them (draft), opens one when the room is ready
 * (the rule's checks: quorum from the roll call, the 30% surplus, the cell's seats), members vote
 * on their phones or the counting committee types the paper count, and closing computes the
 * result by the rule, which the minutes then carry. A finalized meeting freezes everything.
 *
 * Secret ballots: see schema/voting.ts. A cast writes the voter's participation row and rewrites
 * the item's one ballot box (a sorted multiset) in the same transaction; nothing else is written
 * (no audit row, no timestamp), so no query over the database can tie a voter to a ballot.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { meetings, members, voteBallotBoxes, voteCandidates, voteItems, voteParticipation } from '../../db/schema.ts';
import type { RollSnapshot } from '../../db/schema/voting.ts';
import { authorize } from '../../auth/authorize.ts';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';
import { load, type ScopedMeeting } from '../../auth/policies.ts';
import { requireOpen } from '../meetings/guards.ts';
import { checkInOpen } from '../../../common/meetings/rules.ts';
import { vnDate } from '../../../common/time/vietnam.ts';
import { denominator, EXCLUSION_TEXT, exclusionOf, quorum, type Denominator } from '../../../common/voting/denominator.ts';
import { fractionText, VotingRules, type VoteKind } from '../../../common/voting/rules.ts';
import {
  ballotProblem,
  candidateListProblem,
  canonicalBallot,
  committeeSeatsProblem,
  resultOf,
  tallyBallots,
  tallyProblem,
  type Ballot,
  type BallotContext,
  type Tally,
} from '../../../common/voting/tally.ts';
import { minutesLines, ruleText } from '../../../common/voting/minutes.ts';
import type {
  CastBody,
  CreateVoteItemInput,
  RollView,
  UpdateVoteItemInput,
  VoteItemList,
  VoteItemView,
} from '../../../common/api/voting.ts';
import { meetingRoll } from './roll.ts';
import { votingRulesOn } from './rules-source.ts';

type ItemRow = typeof voteItems.$inferSelect;
type CandidateRow = typeof voteCandidates.$inferSelect;

const KIND_NEEDS_SUBJECT: VoteKind[] = ['admission', 'official_recognition', 'removal'];

async function loadItem(ctx: Ctx, itemId: string, action: 'meetings.read' | 'meetings.manage') {
  const [row] = await ctx.db.select({ meetingId: voteItems.meetingId }).from(voteItems).where(eq(voteItems.id, itemId));
  if (!row) throw notFound();
  const meeting = await load.meeting(ctx, row.meetingId, action);
  const [item] = await ctx.db.select().from(voteItems).where(eq(voteItems.id, itemId));
  return { meeting, item: item! };
}

function rulesOf(item: ItemRow, fallback: VotingRules): VotingRules {
  return item.rules ? VotingRules.parse(item.rules) : fallback;
}

/** The rules an opened item was opened under (copied onto it), never the ones in force today. */
function frozenRules(item: ItemRow): VotingRules {
  if (!item.rules) throw new Error(`vote item ${item.id} is ${item.status} without its rules`);
  return VotingRules.parse(item.rules);
}

function ballotContext(item: ItemRow, candidates: CandidateRow[], rules: VotingRules): BallotContext {
  return { kind: item.kind, seats: item.seats, candidates: candidates.map((c) => ({ id: c.id, name: c.name })), rules };
}

function rollView(d: Denominator, rules: VotingRules, kind: VoteKind): RollView {
  const q = quorum(d, rules[kind].quorum);
  return {
    counted: d.counted,
    excluded: d.excluded.map((e) => ({ ...e, reasonText: EXCLUSION_TEXT[e.reason] })),
    present: d.present,
    quorum: { ...q, rule: `${fractionText(rules[kind].quorum)} số đảng viên được tính` },
  };
}

async function candidatesOf(db: DbOrTx, itemIds: string[]): Promise<CandidateRow[]> {
  if (!itemIds.length) return [];
  return db
    .select()
    .from(voteCandidates)
    .where(inArray(voteCandidates.itemId, itemIds))
    .orderBy(asc(voteCandidates.itemId), asc(voteCandidates.position));
}

/** The member's own standing on an item: may vote now, and why not. */
function myStanding(
  item: ItemRow,
  meId: string | null,
  roll: Awaited<ReturnType<typeof meetingRoll>>,
  rules: VotingRules,
  mine: { choice: Ballot | null } | undefined,
): VoteItemView['me'] {
  const voted = !!mine;
  const choice = voted && item.method === 'show_of_hands' ? mine.choice : null;
  if (!meId) return { canVote: false, voted, why: null, choice };
  const r = roll.find((x) => x.memberId === meId);
  if (voted) return { canVote: false, voted, why: 'Bạn đã biểu quyết nội dung này.', choice };
  if (item.status !== 'open')
    return { canVote: false, voted, why: item.status === 'draft' ? 'Chưa mở biểu quyết.' : 'Đã kết thúc biểu quyết.', choice };
  if (item.mode === 'paper')
    return { canVote: false, voted, why: 'Nội dung này biểu quyết bằng phiếu giấy hoặc giơ thẻ tại phòng họp.', choice };
  if (!r) return { canVote: false, voted, why: 'Bạn không có trong danh sách đảng viên của buổi sinh hoạt.', choice };
  const reason = exclusionOf(r, rules.exclude);
  if (reason) return { canVote: false, voted, why: `${EXCLUSION_TEXT[reason]}: không tham gia biểu quyết.`, choice };
  if (r.attendance !== 'present' && r.attendance !== 'late')
    return { canVote: false, voted, why: 'Hãy điểm danh tại buổi sinh hoạt trước khi biểu quyết.', choice };
  return { canVote: true, voted, why: null, choice };
}

export async function listItems(ctx: Ctx, meetingId: string): Promise<VoteItemList> {
  const meeting = await load.meeting(ctx, meetingId, 'meetings.read');
  const manage = authorize(ctx.actor, 'meetings.manage', meeting.cellPath);
  const items = await ctx.db.select().from(voteItems).where(eq(voteItems.meetingId, meetingId)).orderBy(asc(voteItems.position));
  const cands = await candidatesOf(
    ctx.db,
    items.map((i) => i.id),
  );
  const now = ctx.clock.now();
  const inForce = await votingRulesOn(ctx.db, vnDate(meeting.startsAt));
  const roll = await meetingRoll(ctx.db, meeting, now);
  const ids = items.map((i) => i.id);
  const counts = ids.length
    ? await ctx.db
        .select({ itemId: voteParticipation.itemId, n: sql<number>`count(*)::int` })
        .from(voteParticipation)
        .where(inArray(voteParticipation.itemId, ids))
        .groupBy(voteParticipation.itemId)
    : [];
  const mine =
    ctx.actor.memberId && ids.length
      ? await ctx.db
          .select({ itemId: voteParticipation.itemId, choice: voteParticipation.choice })
          .from(voteParticipation)
          .where(and(inArray(voteParticipation.itemId, ids), eq(voteParticipation.memberId, ctx.actor.memberId)))
      : [];
  const views = items.map((item) => {
    const rules = rulesOf(item, inForce.payload);
    const c = cands.filter((x) => x.itemId === item.id);
    return viewOf(item, c, rules, item.ruleRegulation ?? inForce.regulation, {
      voted: counts.find((x) => x.itemId === item.id)?.n ?? 0,
      me: myStanding(
        item,
        ctx.actor.memberId,
        roll,
        rules,
        mine.find((x) => x.itemId === item.id),
      ),
    });
  });
  // The denominator right now, for the secretary's screen (members see only their own standing).
  const openKind = items.find((i) => i.status === 'open')?.kind ?? 'resolution';
  return {
    items: views,
    roll: manage ? rollView(denominator(roll, inForce.payload.exclude), inForce.payload, openKind) : null,
    abilities: { manage: manage && meeting.status !== 'finalized' },
  };
}

function viewOf(
  item: ItemRow,
  cands: CandidateRow[],
  rules: VotingRules,
  regulation: string | null,
  extra: { voted: number; me: VoteItemView['me'] },
): VoteItemView {
  return {
    id: item.id,
    meetingId: item.meetingId,
    position: item.position,
    kind: item.kind,
    method: item.method,
    mode: item.mode,
    title: item.title,
    subjectName: item.subjectName,
    office: item.office,
    seats: item.seats,
    status: item.status,
    candidates: cands.map((c) => ({ id: c.id, name: c.name, memberId: c.memberId, source: c.source })),
    ruleText: ruleText(item.kind, rules),
    regulation,
    voted: extra.voted,
    minutes: item.result
      ? minutesLines({
          kind: item.kind,
          method: item.method,
          title: item.title,
          subjectName: item.subjectName,
          result: item.result,
        })
      : [],
    result: item.result ?? null,
    tally: item.status === 'closed' ? (item.tally ?? null) : null,
    me: extra.me,
  };
}

async function itemView(ctx: Ctx, itemId: string): Promise<VoteItemView> {
  const { meeting } = await loadItem(ctx, itemId, 'meetings.read');
  const list = await listItems(ctx, meeting.id);
  return list.items.find((i) => i.id === itemId)!;
}

function checkShape(
  kind: VoteKind,
  input: { subjectName?: string; seats?: number; candidates?: unknown[]; method?: string },
  rules: VotingRules,
) {
  if (KIND_NEEDS_SUBJECT.includes(kind) && !input.subjectName?.trim())
    throw badRequest('votes.subject_required', 'Hãy nhập họ tên người được biểu quyết.', [
      { field: 'subjectName', message: 'Cần họ tên.' },
    ]);
  if (input.method && !rules[kind].methods.includes(input.method as never))
    throw badRequest(
      'votes.method_not_allowed',
      kind === 'election' || kind === 'confidence'
        ? 'Theo quy định, nội dung này phải bỏ phiếu kín.'
        : 'Hình thức biểu quyết này không được quy định cho nội dung này.',
      [{ field: 'method', message: 'Hình thức không phù hợp.' }],
    );
}

export async function createItem(ctx: Ctx, meetingId: string, input: CreateVoteItemInput) {
  const meeting = await load.meeting(ctx, meetingId, 'meetings.manage');
  requireOpen(meeting);
  const { payload } = await votingRulesOn(ctx.db, vnDate(meeting.startsAt));
  checkShape(input.kind, input, payload);
  await requireCellMembers(ctx.db, meeting.cellId, [input.subjectMemberId, ...input.candidates.map((c) => c.memberId)]);
  const now = ctx.clock.now();
  const id = await ctx.db.transaction(async (tx) => {
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`coalesce(max(${voteItems.position}), 0)::int` })
      .from(voteItems)
      .where(eq(voteItems.meetingId, meetingId));
    const [row] = await tx
      .insert(voteItems)
      .values({
        meetingId,
        position: n + 1,
        kind: input.kind,
        method: input.method,
        mode: input.mode,
        title: input.title,
        subjectName: input.subjectName,
        subjectMemberId: input.subjectMemberId ?? null,
        office: input.kind === 'election' ? (input.office ?? 'other') : null,
        seats: input.kind === 'election' ? input.seats : 1,
        createdBy: ctx.actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: voteItems.id });
    await replaceCandidates(tx, row!.id, input.candidates);
    await recordAudit(tx, sourceOf(ctx), {
      action: 'votes.create',
      targetType: 'vote_item',
      targetId: row!.id,
      unitId: meeting.cellId,
      unitPath: meeting.cellPath,
      changes: {
        title: { old: null, new: input.title },
        kind: { old: null, new: input.kind },
        method: { old: null, new: input.method },
      },
    });
    return row!.id;
  });
  return itemView(ctx, id);
}

/**
 * Candidates, and the person a vote is about, named by member id must be members of the meeting's
 * cell: an id of someone elsewhere answers exactly as an id of no one.
 */
async function requireCellMembers(db: DbOrTx, cellId: string, ids: Array<string | null | undefined>) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return;
  const found = await db
    .select({ id: members.id })
    .from(members)
    .where(and(inArray(members.id, wanted), eq(members.cellId, cellId)));
  if (found.length !== wanted.length)
    throw badRequest('votes.not_cell_member', 'Người được chọn không phải đảng viên của chi bộ.', [
      { field: 'candidates', message: 'Không phải đảng viên của chi bộ.' },
    ]);
}

async function replaceCandidates(
  tx: DbOrTx,
  itemId: string,
  list: Array<{ name: string; memberId?: string | null | undefined; source?: 'proposed' | 'nominated' | 'self' | undefined }>,
) {
  await tx.delete(voteCandidates).where(eq(voteCandidates.itemId, itemId));
  if (!list.length) return;
  const names = list.map((c) => c.name.trim().toLocaleLowerCase('vi'));
  if (new Set(names).size !== names.length)
    throw badRequest('votes.duplicate_candidate', 'Danh sách có một người ghi hai lần.', [
      { field: 'candidates', message: 'Trùng tên.' },
    ]);
  await tx.insert(voteCandidates).values(
    list.map((c, i) => ({
      itemId,
      position: i + 1,
      name: c.name.trim(),
      memberId: c.memberId ?? null,
      source: c.source ?? 'proposed',
    })),
  );
}

export async function updateItem(ctx: Ctx, itemId: string, input: UpdateVoteItemInput) {
  const { meeting, item } = await loadItem(ctx, itemId, 'meetings.manage');
  requireOpen(meeting);
  if (item.status !== 'draft') throw conflict('votes.not_draft', 'Nội dung đã mở biểu quyết: không sửa được nữa.');
  const { payload } = await votingRulesOn(ctx.db, vnDate(meeting.startsAt));
  checkShape(item.kind, { subjectName: input.subjectName ?? item.subjectName, method: input.method }, payload);
  await requireCellMembers(ctx.db, meeting.cellId, [input.subjectMemberId, ...(input.candidates ?? []).map((c) => c.memberId)]);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(voteItems)
      .set({
        ...(input.method !== undefined && { method: input.method }),
        ...(input.mode !== undefined && { mode: input.mode }),
        ...(input.title !== undefined && { title: input.title }),
        ...(input.subjectName !== undefined && { subjectName: input.subjectName }),
        ...(input.subjectMemberId !== undefined && { subjectMemberId: input.subjectMemberId }),
        ...(input.office !== undefined && item.kind === 'election' && { office: input.office }),
        ...(input.seats !== undefined && item.kind === 'election' && { seats: input.seats }),
        updatedAt: ctx.clock.now(),
      })
      .where(eq(voteItems.id, itemId));
    if (input.candidates) await replaceCandidates(tx, itemId, input.candidates);
    await recordAudit(tx, sourceOf(ctx), {
      action: 'votes.update',
      targetType: 'vote_item',
      targetId: itemId,
      unitId: meeting.cellId,
      unitPath: meeting.cellPath,
      changes: Object.fromEntries(Object.entries(input).map(([k, v]) => [k, { old: null, new: v }])),
    });
  });
  return itemView(ctx, itemId);
}

export async function deleteItem(ctx: Ctx, itemId: string) {
  const { meeting, item } = await loadItem(ctx, itemId, 'meetings.manage');
  requireOpen(meeting);
  if (item.status !== 'draft') throw conflict('votes.not_draft', 'Nội dung đã mở biểu quyết: không xóa được.');
  await ctx.db.transaction(async (tx) => {
    await tx.delete(voteItems).where(eq(voteItems.id, itemId));
    await recordAudit(tx, sourceOf(ctx), {
      action: 'votes.delete',
      targetType: 'vote_item',
      targetId: itemId,
      unitId: meeting.cellId,
      unitPath: meeting.cellPath,
      changes: { title: { old: item.title, new: null } },
    });
  });
  return { ok: true as const };
}

/** Official members of the cell now (for the committee-seats rule). */
async function officialCount(roll: Awaited<ReturnType<typeof meetingRoll>>) {
  return roll.filter((r) => r.standing !== 'probationary' && !r.temporaryHere).length;
}

/**
 * Opens the vote: the rule in force on the meeting's day is copied onto the item, and the checks
 * run on the roll call as it stands: the quorum, the candidate list (30% surplus), the seats.
 */
export async function openItem(ctx: Ctx, itemId: string) {
  const { meeting, item } = await loadItem(ctx, itemId, 'meetings.manage');
  requireOpen(meeting);
  if (item.status !== 'draft') throw conflict('votes.not_draft', 'Nội dung này đã được mở biểu quyết.');
  const now = ctx.clock.now();
  if (!checkInOpen(now, meeting.startsAt, meeting.plannedEndAt))
    throw conflict('votes.meeting_not_running', 'Chỉ mở biểu quyết trong thời gian diễn ra buổi sinh hoạt.');
  const version = await votingRulesOn(ctx.db, vnDate(meeting.startsAt));
  const rules = version.payload;
  checkShape(item.kind, { subjectName: item.subjectName, method: item.method }, rules);
  const cands = await candidatesOf(ctx.db, [itemId]);
  const roll = await meetingRoll(ctx.db, meeting, now);
  if (item.kind === 'election') {
    const problem =
      candidateListProblem(item.seats, cands.length, rules) ??
      (item.office === 'committee' ? committeeSeatsProblem(item.seats, await officialCount(roll), rules) : null) ??
      ((item.office === 'secretary' || item.office === 'deputy_secretary') && item.seats !== 1
        ? 'Bầu bí thư hoặc phó bí thư: số cần bầu là 1.'
        : null);
    if (problem) throw badRequest('votes.candidates', problem, [{ field: 'candidates', message: problem }]);
  }
  if (item.kind === 'confidence' && cands.length === 0)
    throw badRequest('votes.candidates', 'Hãy nhập người được lấy phiếu tín nhiệm.', [
      { field: 'candidates', message: 'Cần ít nhất một người.' },
    ]);
  const d = denominator(roll, rules.exclude);
  const q = quorum(d, rules[item.kind].quorum);
  if (!q.met)
    throw conflict(
      'votes.no_quorum',
      `Chưa đủ số đảng viên có mặt để biểu quyết: có mặt ${q.present}/${q.counted} đảng viên được tính, cần ${fractionText(rules[item.kind].quorum)} (ít nhất ${q.needed}).`,
    );
  await ctx.db.transaction(async (tx) => {
    const [m] = await tx.select({ status: meetings.status }).from(meetings).where(eq(meetings.id, meeting.id)).for('update');
    requireOpen({ status: m!.status } as ScopedMeeting);
    const opened = await tx
      .update(voteItems)
      .set({
        status: 'open',
        ruleVersionId: version.id,
        ruleRegulation: version.regulation,
        rules,
        roll: { ...d, takenAt: now.toISOString() } satisfies RollSnapshot,
        openedAt: now,
        updatedAt: now,
      })
      .where(and(eq(voteItems.id, itemId), eq(voteItems.status, 'draft')))
      .returning({ id: voteItems.id });
    if (!opened.length) throw conflict('votes.not_draft', 'Nội dung này đã được mở biểu quyết.');
    if (item.mode === 'phones') await tx.insert(voteBallotBoxes).values({ itemId, ballots: [], cast: 0 });
    await recordAudit(tx, sourceOf(ctx), {
      action: 'votes.open',
      targetType: 'vote_item',
      targetId: itemId,
      unitId: meeting.cellId,
      unitPath: meeting.cellPath,
      changes: {
        status: { old: 'draft', new: 'open' },
        counted: { old: null, new: q.counted },
        present: { old: null, new: q.present },
        regulation: { old: null, new: version.regulation },
      },
    });
  });
  return itemView(ctx, itemId);
}

/**
 * A member's vote from the phone. One vote per member and item: the same client id again (a
 * dropped connection, an offline vote replayed) answers as the first time; another one is refused.
 */
export async function castVote(ctx: Ctx, itemId: string, body: CastBody) {
  const memberId = ctx.actor.memberId;
  const { meeting, item } = await loadItem(ctx, itemId, 'meetings.read');
  if (!memberId) throw new AppError(403, 'votes.not_member', 'Chỉ đảng viên của chi bộ mới biểu quyết được.');
  const now = ctx.clock.now();
  const outcome = await ctx.db.transaction(async (tx) => {
    // The box's lock orders the casts of one item and the closing against them.
    const [box] = await tx
      .select({ cast: voteBallotBoxes.cast })
      .from(voteBallotBoxes)
      .where(eq(voteBallotBoxes.itemId, itemId))
      .for('update');
    const [prior] = await tx
      .select({ clientId: voteParticipation.clientId })
      .from(voteParticipation)
      .where(and(eq(voteParticipation.itemId, itemId), eq(voteParticipation.memberId, memberId)));
    if (prior) {
      if (prior.clientId === body.clientId) return { replay: true, voted: box?.cast ?? 0 };
      throw conflict('votes.already_voted', 'Bạn đã biểu quyết nội dung này; mỗi người chỉ biểu quyết một lần.');
    }
    const [current] = await tx.select().from(voteItems).where(eq(voteItems.id, itemId));
    if (current!.status !== 'open')
      throw conflict(
        'votes.not_open',
        current!.status === 'draft' ? 'Chưa mở biểu quyết nội dung này.' : 'Đã kết thúc biểu quyết nội dung này.',
      );
    if (current!.mode !== 'phones' || !box)
      throw conflict('votes.paper', 'Nội dung này biểu quyết bằng phiếu giấy hoặc giơ thẻ tại phòng họp.');
    const rules = frozenRules(current!);
    const roll = await meetingRoll(tx, meeting, now);
    const me = myStanding(current!, memberId, roll, rules, undefined);
    if (!me.canVote) throw new AppError(403, 'votes.not_eligible', me.why ?? 'Bạn không biểu quyết được nội dung này.');
    const cands = await candidatesOf(tx, [itemId]);
    const problem = ballotProblem(body.ballot, ballotContext(item, cands, rules));
    if (problem) throw badRequest('votes.bad_ballot', problem, [{ field: 'ballot', message: problem }]);
    const taken = await tx
      .insert(voteParticipation)
      .values({ itemId, memberId, clientId: body.clientId, choice: item.method === 'secret' ? null : body.ballot })
      .onConflictDoNothing()
      .returning({ memberId: voteParticipation.memberId });
    if (!taken.length) throw conflict('votes.client_id_used', 'Mã phiếu đã được dùng; hãy mở lại trang và biểu quyết lại.');
    if (item.method === 'secret') {
      const [{ ballots } = { ballots: [] as Ballot[] }] = await tx
        .select({ ballots: voteBallotBoxes.ballots })
        .from(voteBallotBoxes)
        .where(eq(voteBallotBoxes.itemId, itemId));
      const next = [...ballots, body.ballot]
        .map((b) => ({ b, k: canonicalBallot(b) }))
        .sort((a, z) => (a.k < z.k ? -1 : a.k > z.k ? 1 : 0))
        .map((x) => JSON.parse(x.k) as Ballot);
      await tx
        .update(voteBallotBoxes)
        .set({ ballots: next, cast: box.cast + 1 })
        .where(eq(voteBallotBoxes.itemId, itemId));
    } else {
      await tx
        .update(voteBallotBoxes)
        .set({ cast: box.cast + 1 })
        .where(eq(voteBallotBoxes.itemId, itemId));
    }
    return { replay: false, voted: box.cast + 1 };
  });
  return { counted: true as const, ...outcome };
}

/** The counting committee's count of paper ballots or raised cards. */
export async function enterTally(ctx: Ctx, itemId: string, tally: Tally) {
  const { meeting, item } = await loadItem(ctx, itemId, 'meetings.manage');
  requireOpen(meeting);
  if (item.status !== 'open') throw conflict('votes.not_open', 'Chỉ nhập kết quả kiểm phiếu khi đang biểu quyết.');
  if (item.mode !== 'paper') throw conflict('votes.phones', 'Nội dung này biểu quyết trên điện thoại: kết quả được đếm tự động.');
  const rules = frozenRules(item);
  const cands = await candidatesOf(ctx.db, [itemId]);
  const d = denominator(await meetingRoll(ctx.db, meeting, ctx.clock.now()), rules.exclude);
  const problem = tallyProblem(tally, ballotContext(item, cands, rules), d.present);
  if (problem) throw badRequest('votes.bad_tally', problem, [{ field: 'tally', message: problem }]);
  await ctx.db.transaction(async (tx) => {
    await tx.update(voteItems).set({ tally, updatedAt: ctx.clock.now() }).where(eq(voteItems.id, itemId));
    await recordAudit(tx, sourceOf(ctx), {
      action: 'votes.tally',
      targetType: 'vote_item',
      targetId: itemId,
      unitId: meeting.cellId,
      unitPath: meeting.cellPath,
      changes: { tally: { old: item.tally ?? null, new: tally } },
    });
  });
  return itemView(ctx, itemId);
}

/** Ends the vote and computes its result by the rule; the result is then part of the minutes. */
export async function closeItem(ctx: Ctx, itemId: string) {
  const { meeting, item } = await loadItem(ctx, itemId, 'meetings.manage');
  requireOpen(meeting);
  if (item.status !== 'open') throw conflict('votes.not_open', 'Nội dung này không ở trạng thái đang biểu quyết.');
  const now = ctx.clock.now();
  const rules = frozenRules(item);
  await ctx.db.transaction(async (tx) => {
    const cands = await candidatesOf(tx, [itemId]);
    const c = ballotContext(item, cands, rules);
    let tally: Tally;
    if (item.mode === 'paper') {
      const [fresh] = await tx.select({ tally: voteItems.tally }).from(voteItems).where(eq(voteItems.id, itemId));
      if (!fresh?.tally) throw conflict('votes.no_tally', 'Hãy nhập kết quả kiểm phiếu trước khi kết thúc.');
      tally = fresh.tally;
    } else {
      const [box] = await tx.select().from(voteBallotBoxes).where(eq(voteBallotBoxes.itemId, itemId)).for('update');
      const ballots =
        item.method === 'secret'
          ? box!.ballots
          : (
              await tx
                .select({ choice: voteParticipation.choice })
                .from(voteParticipation)
                .where(eq(voteParticipation.itemId, itemId))
            ).map((p) => p.choice!);
      tally = tallyBallots(ballots, c);
      if (tally.cast !== box!.cast) throw new Error(`vote ${itemId}: ${tally.cast} ballots for ${box!.cast} voters`);
    }
    const d = denominator(await meetingRoll(tx, meeting, now), rules.exclude);
    const result = resultOf(tally, c, quorum(d, rules[item.kind].quorum));
    const closed = await tx
      .update(voteItems)
      .set({ status: 'closed', tally, result, roll: { ...d, takenAt: now.toISOString() }, closedAt: now, updatedAt: now })
      .where(and(eq(voteItems.id, itemId), eq(voteItems.status, 'open')))
      .returning({ id: voteItems.id });
    if (!closed.length) throw conflict('votes.not_open', 'Nội dung này đã kết thúc.');
    await recordAudit(tx, sourceOf(ctx), {
      action: 'votes.close',
      targetType: 'vote_item',
      targetId: itemId,
      unitId: meeting.cellId,
      unitPath: meeting.cellPath,
      changes: {
        status: { old: 'open', new: 'closed' },
        valid: { old: null, new: result.valid },
        cast: { old: null, new: tally.cast },
      },
    });
  });
  return itemView(ctx, itemId);
}
