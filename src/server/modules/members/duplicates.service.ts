/**
 * Review of likely duplicates (same name key + date of birth): a person who looked at a pair and
 * found two different people marks it "không trùng". The mark is stored with the name key and date
 * it was made for, audited at both members' cells, and hides the pair from the list; a later edit
 * that changes either record's name key or date brings the pair back (it is a new question then).
 * Same-CCCD groups are certain duplicates: they are listed whatever marks exist.
 */
import { and, inArray, sql } from 'drizzle-orm';
import { memberDuplicateDismissals } from '../../db/schema.ts';
import { badRequest } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';
import { findDuplicates } from './standardization.service.ts';
import { load } from '../../auth/policies.ts';

/** The stored order of a pair: the smaller id first, so (a, b) and (b, a) are one row. */
export function orderedPair(x: string, y: string): [string, string] {
  return x < y ? [x, y] : [y, x];
}

/** Dismissed pairs among the given members whose mark still matches their current name key and date. */
async function dismissedPairs(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ a: memberDuplicateDismissals.memberA, b: memberDuplicateDismissals.memberB })
    .from(memberDuplicateDismissals)
    .innerJoin(sql`members ma`, sql`ma.id = ${memberDuplicateDismissals.memberA}`)
    .innerJoin(sql`members mb`, sql`mb.id = ${memberDuplicateDismissals.memberB}`)
    .where(
      and(
        inArray(memberDuplicateDismissals.memberA, ids),
        sql`ma.name_key = ${memberDuplicateDismissals.nameKey} AND mb.name_key = ${memberDuplicateDismissals.nameKey}`,
        sql`ma.date_of_birth = ${memberDuplicateDismissals.dateOfBirth} AND mb.date_of_birth = ${memberDuplicateDismissals.dateOfBirth}`,
      ),
    );
  return new Set(rows.map((r) => `${r.a}|${r.b}`));
}

/**
 * The duplicate list of a unit without reviewed pairs: a name+date group stays while some pair of
 * its visible members is not dismissed, or while it reaches outside the viewer's scope (those
 * records cannot be reviewed from here). `pairs` lists, per group, the pairs still open.
 */
export async function listDuplicates(ctx: Ctx, unitId: string) {
  const found = await findDuplicates(ctx, unitId);
  const ids = [...new Set(found.review.flatMap((g) => g.members.map((m) => m.id)))];
  const dismissed = await dismissedPairs(ctx.db, ids);
  const review = [];
  for (const g of found.review) {
    const open: Array<[string, string]> = [];
    for (let i = 0; i < g.members.length; i++) {
      for (let j = i + 1; j < g.members.length; j++) {
        const pair = orderedPair(g.members[i]!.id, g.members[j]!.id);
        if (!dismissed.has(pair.join('|'))) open.push(pair);
      }
    }
    if (open.length > 0 || g.outsideScope > 0) review.push({ ...g, openPairs: open });
  }
  return { certain: found.certain.map((g) => ({ ...g, openPairs: [] as Array<[string, string]> })), review };
}

export async function dismissPair(ctx: Ctx, input: { memberIds: [string, string]; note: string }) {
  const [a, b] = orderedPair(input.memberIds[0], input.memberIds[1]);
  // Reviewing needs members.manage over both records: a foreign one answers 404.
  const ma = await load.member(ctx, a, 'members.manage');
  const mb = await load.member(ctx, b, 'members.manage');
  if (a === b)
    throw badRequest('duplicate.same', 'Hai hồ sơ phải khác nhau.', [{ field: 'memberIds', message: 'Hai hồ sơ giống nhau' }]);
  if (!ma.nameKey || !ma.dateOfBirth || ma.nameKey !== mb.nameKey || ma.dateOfBirth !== mb.dateOfBirth) {
    throw badRequest('duplicate.not_pair', 'Hai hồ sơ này không trùng họ tên và ngày sinh.', [
      { field: 'memberIds', message: 'Không phải cặp cần xem lại' },
    ]);
  }
  const nameKey = ma.nameKey;
  const dateOfBirth = ma.dateOfBirth;
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(memberDuplicateDismissals)
      .values({
        memberA: a,
        memberB: b,
        nameKey,
        dateOfBirth,
        note: input.note,
        dismissedBy: ctx.actor.userId,
        dismissedAt: ctx.clock.now(),
      })
      .onConflictDoUpdate({
        target: [memberDuplicateDismissals.memberA, memberDuplicateDismissals.memberB],
        set: { nameKey, dateOfBirth, note: input.note, dismissedBy: ctx.actor.userId, dismissedAt: ctx.clock.now() },
      });
    for (const [m, other] of [
      [ma, b],
      [mb, a],
    ] as const) {
      await recordAudit(tx, sourceOf(ctx), {
        action: 'member.duplicate_dismiss',
        targetType: 'member',
        targetId: m.id,
        unitId: m.cellId,
        unitPath: m.cellPath,
        changes: { notDuplicateOf: { old: null, new: other }, note: { old: null, new: input.note } },
      });
    }
  });
  return { memberIds: [a, b] as [string, string], dismissed: true };
}
