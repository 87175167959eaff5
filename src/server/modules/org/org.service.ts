/**
 * The unit tree (org): browse, search, create, rename, and restructure with history.
 * Every restructuring runs in one transaction, rewrites the stored paths of the moved subtree
 * with a single UPDATE, closes the old placements and opens new ones so "as of" queries still
 * see the tree of a past day, and records who, when and why.
 */
import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { rowsOf } from '../../db/client.ts';
import {
  memberCellPeriods,
  members,
  unitChanges,
  unitPlacements,
  units,
  users,
  type UnitChangeKind,
  type UnitType,
} from '../../db/schema.ts';
import { authorize, scopeFilter, scopePrefixes } from '../../auth/authorize.ts';
import { badRequest, conflict } from '../../http/errors.ts';
import { foldVietnamese } from '../../../common/text/vietnamese.ts';
import type { Ctx } from '../../context.ts';
import { diff, recordAudit, sourceOf } from '../audit/audit.service.ts';
import { canHoldChild, holdsMembers, UNIT_TYPE_LABELS } from './unit-types.ts';
import { isIsoDate, vnDayEnd } from '../../../common/time/vietnam.ts';
import { abilitiesOf, load } from '../../auth/policies.ts';

export type UnitRow = typeof units.$inferSelect;

// Drizzle renders a column of a single-table select unqualified; inside a correlated subquery that
// would bind to the inner table, so the outer row is named explicitly.
const OUTER_ID = sql.raw('"units"."id"');
const OUTER_PATH = sql.raw('"units"."path"');

/**
 * `path` lies in the subtree whose root has path `root`, as a range the text_pattern_ops index can
 * scan even when `root` comes from the outer row. (`LIKE root || '%'` is only turned into an index
 * range for a constant pattern: per row it scanned every unit, 100–300 ms for the province's
 * children on province data, against 45–80 ms with this range, and 90–120 ms against 6–12 ms for a
 * district's.) Paths end with '/', and '0' is the character right after '/', so
 * [root, root minus its '/' plus '0') holds exactly the paths that start with root.
 */
function subtreeOf(path: SQL, root: SQL): SQL {
  return sql`(${path} ~>=~ ${root} AND ${path} ~<~ (left(${root}, -1) || '0'))`;
}

/** A unit as the API shows it, with its direct child count and its subtree's member count. */
const unitColumns = {
  id: units.id,
  code: units.code,
  name: units.name,
  shortName: units.shortName,
  type: units.type,
  parentId: units.parentId,
  depth: units.depth,
  sortOrder: units.sortOrder,
  status: units.status,
  childCount: sql<number>`(SELECT count(*)::int FROM units c WHERE c.parent_id = ${OUTER_ID} AND c.status = 'active')`,
  memberCount: sql<number>`(SELECT count(*)::int FROM members m JOIN units mu ON mu.id = m.cell_id WHERE ${subtreeOf(sql.raw('mu.path'), OUTER_PATH)})`,
};

export async function loadUnit(db: DbOrTx, id: string): Promise<UnitRow | undefined> {
  const [row] = await db.select().from(units).where(eq(units.id, id));
  return row;
}

export async function loadUnitByCode(db: DbOrTx, code: string): Promise<UnitRow | undefined> {
  const [row] = await db.select().from(units).where(eq(units.code, code));
  return row;
}

function idsOfPath(path: string): string[] {
  return path.split('/').filter(Boolean);
}

export async function roots(ctx: Ctx) {
  const prefixes = scopePrefixes(ctx.actor, 'org.read');
  if (prefixes.includes('/')) {
    return ctx.db
      .select(unitColumns)
      .from(units)
      .where(and(isNull(units.parentId), eq(units.status, 'active')))
      .orderBy(asc(units.sortOrder), asc(units.name));
  }
  const ids = prefixes.map((p) => idsOfPath(p).at(-1)!);
  if (ids.length === 0) return [];
  return ctx.db
    .select(unitColumns)
    .from(units)
    .where(
      sql`${units.id} IN (${sql.join(
        ids.map((i) => sql`${i}::uuid`),
        sql`, `,
      )})`,
    )
    .orderBy(asc(units.depth), asc(units.sortOrder), asc(units.name));
}

export async function getUnit(ctx: Ctx, id: string) {
  const unit = await load.unit(ctx, id, 'org.read');
  const [withCounts] = await ctx.db.select(unitColumns).from(units).where(eq(units.id, id));
  const ancestorIds = idsOfPath(unit.path).slice(0, -1);
  const ancestorRows = ancestorIds.length
    ? await ctx.db
        .select({ id: units.id, code: units.code, name: units.name, path: units.path })
        .from(units)
        .where(
          sql`${units.id} IN (${sql.join(
            ancestorIds.map((i) => sql`${i}::uuid`),
            sql`, `,
          )})`,
        )
    : [];
  // Ancestors above the actor's scope are not theirs to see.
  const ancestors = ancestorIds
    .map((aid) => ancestorRows.find((a) => a.id === aid))
    .filter((a): a is NonNullable<typeof a> => !!a && authorize(ctx.actor, 'org.read', a.path))
    .map(({ id: aid, code, name }) => ({ id: aid, code, name }));
  return {
    unit: withCounts!,
    ancestors,
    abilities: abilitiesOf.unit(ctx.actor, unit, ctx.clock.now()),
  };
}

/** Children of a unit today, or as the tree stood at the end of `asOf` (YYYY-MM-DD). */
export async function children(ctx: Ctx, id: string, asOf?: string) {
  const unit = await load.unit(ctx, id, 'org.read');
  if (!asOf) {
    return ctx.db
      .select(unitColumns)
      .from(units)
      .where(and(eq(units.parentId, unit.id), eq(units.status, 'active')))
      .orderBy(asc(units.sortOrder), asc(units.name));
  }
  const at = endOfDay(asOf);
  return ctx.db
    .select(unitColumns)
    .from(unitPlacements)
    .innerJoin(units, eq(units.id, unitPlacements.unitId))
    .where(
      and(
        eq(unitPlacements.parentId, unit.id),
        sql`${unitPlacements.validFrom} <= ${at}`,
        sql`(${unitPlacements.validTo} IS NULL OR ${unitPlacements.validTo} > ${at})`,
      ),
    )
    .orderBy(asc(units.sortOrder), asc(units.name));
}

function endOfDay(isoDate: string): string {
  if (!isIsoDate(isoDate)) {
    throw badRequest('validation', 'Ngày không hợp lệ (cần dạng YYYY-MM-DD).', [
      { field: 'asOf', message: 'Ngày không hợp lệ.' },
    ]);
  }
  return vnDayEnd(isoDate).toISOString();
}

/** Ids of every unit in `unitId`'s subtree as it stood at `asOf` (one range scan on placements). */
export async function subtreeAsOf(db: DbOrTx, unitId: string, asOf: string): Promise<string[]> {
  const at = endOfDay(asOf);
  const rows = rowsOf<{ unit_id: string }>(
    await db.execute(sql`
      WITH root AS (
        SELECT path FROM ${unitPlacements}
        WHERE unit_id = ${unitId} AND valid_from <= ${at} AND (valid_to IS NULL OR valid_to > ${at})
      )
      SELECT p.unit_id FROM ${unitPlacements} p, root
      WHERE p.path LIKE root.path || '%' AND p.valid_from <= ${at} AND (p.valid_to IS NULL OR p.valid_to > ${at})`),
  );
  return rows.map((r) => r.unit_id);
}

export async function searchUnits(ctx: Ctx, q: string, limit: number) {
  const folded = foldVietnamese(q);
  if (!folded) return [];
  const like = `%${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await ctx.db
    .select({ ...unitColumns, path: units.path })
    .from(units)
    .where(
      and(
        scopeFilter(ctx.actor, 'org.read', units.path),
        eq(units.status, 'active'),
        sql`(${units.nameSearch} LIKE ${like} OR lower(${units.code}) LIKE ${like})`,
      ),
    )
    .orderBy(sql`similarity(${units.nameSearch}, ${folded}) DESC`, asc(units.depth), asc(units.name))
    .limit(limit);
  const ancestorIds = [...new Set(rows.flatMap((r) => idsOfPath(r.path).slice(0, -1)))];
  const names = new Map<string, { name: string; path: string }>();
  if (ancestorIds.length) {
    const anc = await ctx.db
      .select({ id: units.id, name: units.shortName, path: units.path })
      .from(units)
      .where(
        sql`${units.id} IN (${sql.join(
          ancestorIds.map((i) => sql`${i}::uuid`),
          sql`, `,
        )})`,
      );
    for (const a of anc) names.set(a.id, a);
  }
  return rows.map(({ path, ...u }) => ({
    ...u,
    pathNames: idsOfPath(path)
      .slice(0, -1)
      .map((aid) => names.get(aid))
      .filter((a): a is { name: string; path: string } => !!a && authorize(ctx.actor, 'org.read', a.path))
      .map((a) => a.name),
  }));
}

async function recordChange(
  tx: DbOrTx,
  ctx: Ctx,
  kind: UnitChangeKind,
  unitId: string,
  reason: string,
  details: Record<string, unknown>,
) {
  await tx.insert(unitChanges).values({ kind, unitId, actorId: ctx.actor.userId, at: ctx.clock.now(), reason, details });
}

export interface CreateUnitInput {
  parentId: string;
  code: string;
  name: string;
  shortName?: string | undefined;
  type: UnitType;
}

export async function createUnit(ctx: Ctx, input: CreateUnitInput) {
  const parent = await load.unit(ctx, input.parentId, 'org.manage');
  if (parent.status !== 'active') throw conflict('org.parent_inactive', 'Đơn vị cấp trên đã giải thể hoặc sáp nhập.');
  if (!canHoldChild(parent.type, input.type)) {
    throw badRequest(
      'org.invalid_child_type',
      `${UNIT_TYPE_LABELS[parent.type]} không thể có đơn vị trực thuộc loại "${UNIT_TYPE_LABELS[input.type]}".`,
      [{ field: 'type', message: 'Loại đơn vị không phù hợp với đơn vị cấp trên.' }],
    );
  }
  const code = input.code.trim();
  if (await loadUnitByCode(ctx.db, code)) throw conflict('org.code_taken', `Mã đơn vị "${code}" đã được dùng.`);
  const now = ctx.clock.now();
  const id = crypto.randomUUID();
  const path = `${parent.path}${id}/`;
  const [maxOrder] = await ctx.db
    .select({ m: sql<number>`coalesce(max(${units.sortOrder}), 0)::int` })
    .from(units)
    .where(eq(units.parentId, parent.id));
  const values = {
    id,
    code,
    name: input.name.trim(),
    shortName: (input.shortName ?? input.name).trim(),
    nameSearch: foldVietnamese(input.name),
    type: input.type,
    parentId: parent.id,
    path,
    depth: parent.depth + 1,
    sortOrder: (maxOrder?.m ?? 0) + 1,
    createdAt: now,
  };
  await ctx.db.transaction(async (tx) => {
    await tx.insert(units).values(values);
    await tx.insert(unitPlacements).values({ unitId: id, parentId: parent.id, path, validFrom: now });
    await recordChange(tx, ctx, 'create', id, '', { parentId: parent.id });
    await recordAudit(tx, sourceOf(ctx), {
      action: 'unit.create',
      targetType: 'unit',
      targetId: id,
      unitId: id,
      unitPath: path,
      changes: {
        code: { old: null, new: code },
        name: { old: null, new: values.name },
        type: { old: null, new: input.type },
        parentId: { old: null, new: parent.id },
      },
    });
  });
  return (await getUnit(ctx, id)).unit;
}

export interface UpdateUnitInput {
  name?: string | undefined;
  shortName?: string | undefined;
  sortOrder?: number | undefined;
  reason?: string | undefined;
}

export async function updateUnit(ctx: Ctx, id: string, input: UpdateUnitInput) {
  const unit = await load.unit(ctx, id, 'org.manage');
  if (unit.status !== 'active') throw conflict('org.inactive', 'Đơn vị đã giải thể hoặc sáp nhập, không thể sửa.');
  const next: Partial<UnitRow> = {};
  if (input.name !== undefined) {
    next.name = input.name.trim();
    next.nameSearch = foldVietnamese(input.name);
  }
  if (input.shortName !== undefined) next.shortName = input.shortName.trim();
  if (input.sortOrder !== undefined) next.sortOrder = input.sortOrder;
  const changes = diff(unit, next, ['name', 'shortName', 'sortOrder']);
  if (Object.keys(changes).length === 0) return (await getUnit(ctx, id)).unit;
  await ctx.db.transaction(async (tx) => {
    await tx.update(units).set(next).where(eq(units.id, id));
    if (changes.name || changes.shortName) await recordChange(tx, ctx, 'rename', id, input.reason ?? '', { changes });
    await recordAudit(tx, sourceOf(ctx), {
      action: 'unit.update',
      targetType: 'unit',
      targetId: id,
      unitId: id,
      unitPath: unit.path,
      changes,
    });
  });
  return (await getUnit(ctx, id)).unit;
}

/**
 * Re-roots the subtree of `unit` under `newParent`: one UPDATE rewrites every descendant's path
 * and depth, then the subtree's placements are closed and reopened at the new paths.
 */
async function reparent(tx: DbOrTx, unit: UnitRow, newParent: UnitRow, now: Date): Promise<number> {
  const oldPath = unit.path;
  const newPath = `${newParent.path}${unit.id}/`;
  const depthDelta = newParent.depth + 1 - unit.depth;
  await tx.update(units).set({ parentId: newParent.id }).where(eq(units.id, unit.id));
  const moved = await tx.execute(sql`
    UPDATE ${units} SET path = ${newPath} || substr(path, ${oldPath.length + 1}), depth = depth + ${depthDelta}
    WHERE path LIKE ${oldPath + '%'}`);
  const nowIso = now.toISOString();
  await tx.execute(sql`
    UPDATE ${unitPlacements} SET valid_to = ${nowIso}
    WHERE valid_to IS NULL AND unit_id IN (SELECT id FROM ${units} WHERE path LIKE ${newPath + '%'})`);
  await tx.execute(sql`
    INSERT INTO ${unitPlacements} (unit_id, parent_id, path, valid_from)
    SELECT id, parent_id, path, ${nowIso} FROM ${units} WHERE path LIKE ${newPath + '%'} AND status = 'active'`);
  return (
    (moved as { affectedRows?: number; rowCount?: number }).rowCount ?? (moved as { affectedRows?: number }).affectedRows ?? 0
  );
}

function assertCanReceive(unit: UnitRow, target: UnitRow) {
  if (target.path.startsWith(unit.path)) {
    throw badRequest('org.move_into_self', 'Không thể chuyển một đơn vị vào chính nó hoặc đơn vị trực thuộc của nó.', [
      { field: 'newParentId', message: 'Đơn vị cấp trên mới nằm trong đơn vị đang chuyển.' },
    ]);
  }
  if (target.status !== 'active') throw conflict('org.parent_inactive', 'Đơn vị nhận đã giải thể hoặc sáp nhập.');
  if (!canHoldChild(target.type, unit.type)) {
    throw badRequest(
      'org.invalid_child_type',
      `${UNIT_TYPE_LABELS[target.type]} không thể có đơn vị trực thuộc loại "${UNIT_TYPE_LABELS[unit.type]}".`,
      [{ field: 'newParentId', message: 'Loại đơn vị không phù hợp.' }],
    );
  }
}

export async function moveUnit(ctx: Ctx, id: string, newParentId: string, reason: string) {
  const unit = await load.unit(ctx, id, 'org.manage');
  if (!unit.parentId) throw badRequest('org.move_root', 'Không thể chuyển đơn vị gốc.');
  if (unit.status !== 'active') throw conflict('org.inactive', 'Đơn vị đã giải thể hoặc sáp nhập.');
  const target = await load.unit(ctx, newParentId, 'org.manage');
  if (target.id === unit.parentId)
    throw badRequest('org.same_parent', 'Đơn vị đã trực thuộc đơn vị này.', [
      { field: 'newParentId', message: 'Hãy chọn một đơn vị khác.' },
    ]);
  assertCanReceive(unit, target);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    // Lock the moved unit so two concurrent moves of one subtree cannot interleave their path rewrites.
    await tx.execute(sql`SELECT id FROM ${units} WHERE id = ${unit.id} FOR UPDATE`);
    const count = await reparent(tx, unit, target, now);
    await recordChange(tx, ctx, 'move', unit.id, reason, {
      fromParentId: unit.parentId,
      toParentId: target.id,
      unitsMoved: count,
    });
    await recordAudit(tx, sourceOf(ctx), {
      action: 'unit.move',
      targetType: 'unit',
      targetId: unit.id,
      unitId: unit.id,
      unitPath: `${target.path}${unit.id}/`,
      changes: { parentId: { old: unit.parentId, new: target.id }, reason: { old: null, new: reason } },
    });
  });
  return (await getUnit(ctx, id)).unit;
}

/** Moves members of `fromCellId` to `toCellId`, closing and opening their cell periods. */
async function moveMembers(tx: DbOrTx, fromCellId: string, toCellId: string, now: Date, reason: string): Promise<number> {
  const nowIso = now.toISOString();
  const moved = await tx
    .update(members)
    .set({ cellId: toCellId, updatedAt: now })
    .where(eq(members.cellId, fromCellId))
    .returning({ id: members.id });
  if (moved.length === 0) return 0;
  await tx.execute(sql`UPDATE ${memberCellPeriods} SET valid_to = ${nowIso} WHERE cell_id = ${fromCellId} AND valid_to IS NULL`);
  await tx.insert(memberCellPeriods).values(moved.map((m) => ({ memberId: m.id, cellId: toCellId, validFrom: now, reason })));
  return moved.length;
}

async function endUnit(tx: DbOrTx, unit: UnitRow, status: 'merged' | 'dissolved', now: Date) {
  await tx.update(units).set({ status, endedAt: now }).where(eq(units.id, unit.id));
  await tx
    .update(unitPlacements)
    .set({ validTo: now })
    .where(and(eq(unitPlacements.unitId, unit.id), isNull(unitPlacements.validTo)));
}

/** Merges unit `id` into the survivor `intoId`: its child units and its members move to the survivor. */
export async function mergeUnit(ctx: Ctx, id: string, intoId: string, reason: string) {
  const unit = await load.unit(ctx, id, 'org.manage');
  const survivor = await load.unit(ctx, intoId, 'org.manage');
  if (unit.id === survivor.id)
    throw badRequest('org.merge_self', 'Không thể sáp nhập một đơn vị vào chính nó.', [
      { field: 'intoId', message: 'Hãy chọn đơn vị khác.' },
    ]);
  if (survivor.path.startsWith(unit.path))
    throw badRequest('org.move_into_self', 'Không thể sáp nhập vào đơn vị trực thuộc của chính nó.', [
      { field: 'intoId', message: 'Đơn vị nhận nằm trong đơn vị bị sáp nhập.' },
    ]);
  if (unit.status !== 'active' || survivor.status !== 'active')
    throw conflict('org.inactive', 'Đơn vị đã giải thể hoặc sáp nhập.');
  if (!unit.parentId) throw badRequest('org.move_root', 'Không thể sáp nhập đơn vị gốc.');
  const kids = await ctx.db
    .select()
    .from(units)
    .where(and(eq(units.parentId, unit.id), eq(units.status, 'active')));
  for (const k of kids) assertCanReceive(k, survivor);
  const [memberCount] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(members)
    .where(eq(members.cellId, unit.id));
  if ((memberCount?.n ?? 0) > 0 && !holdsMembers(survivor.type)) {
    throw badRequest('org.survivor_not_cell', 'Đơn vị bị sáp nhập có đảng viên trực tiếp; đơn vị nhận phải là một chi bộ.', [
      { field: 'intoId', message: 'Hãy chọn một chi bộ.' },
    ]);
  }
  const now = ctx.clock.now();
  const result = await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT id FROM ${units} WHERE id IN (${unit.id}, ${survivor.id}) FOR UPDATE`);
    let movedUnits = 0;
    for (const k of kids) movedUnits += await reparent(tx, k, survivor, now);
    const movedMembers = await moveMembers(tx, unit.id, survivor.id, now, `merge:${unit.code}`);
    await endUnit(tx, unit, 'merged', now);
    await recordChange(tx, ctx, 'merge', unit.id, reason, { intoId: survivor.id, movedUnits, movedMembers });
    await recordChange(tx, ctx, 'merge', survivor.id, reason, { absorbedId: unit.id, movedUnits, movedMembers });
    await recordAudit(tx, sourceOf(ctx), {
      action: 'unit.merge',
      targetType: 'unit',
      targetId: unit.id,
      unitId: survivor.id,
      unitPath: survivor.path,
      changes: {
        status: { old: 'active', new: 'merged' },
        mergedInto: { old: null, new: survivor.id },
        reason: { old: null, new: reason },
      },
    });
    return { movedUnits, movedMembers };
  });
  return { unit: (await getUnit(ctx, survivor.id)).unit, ...result };
}

export async function dissolveUnit(ctx: Ctx, id: string, reason: string) {
  const unit = await load.unit(ctx, id, 'org.manage');
  if (!unit.parentId) throw badRequest('org.move_root', 'Không thể giải thể đơn vị gốc.');
  if (unit.status !== 'active') throw conflict('org.inactive', 'Đơn vị đã giải thể hoặc sáp nhập.');
  const [kids] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(units)
    .where(and(eq(units.parentId, unit.id), eq(units.status, 'active')));
  const [people] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(members)
    .where(eq(members.cellId, unit.id));
  if ((kids?.n ?? 0) > 0 || (people?.n ?? 0) > 0) {
    throw conflict(
      'org.not_empty',
      `Đơn vị còn ${kids?.n ?? 0} đơn vị trực thuộc và ${people?.n ?? 0} đảng viên. Hãy chuyển hoặc sáp nhập trước khi giải thể.`,
    );
  }
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await endUnit(tx, unit, 'dissolved', now);
    await recordChange(tx, ctx, 'dissolve', unit.id, reason, {});
    await recordAudit(tx, sourceOf(ctx), {
      action: 'unit.dissolve',
      targetType: 'unit',
      targetId: unit.id,
      unitId: unit.id,
      unitPath: unit.path,
      changes: { status: { old: 'active', new: 'dissolved' }, reason: { old: null, new: reason } },
    });
  });
  const [after] = await ctx.db.select(unitColumns).from(units).where(eq(units.id, id));
  return after!;
}

export async function history(ctx: Ctx, id: string) {
  const unit = await load.unit(ctx, id, 'org.read');
  return ctx.db
    .select({
      id: unitChanges.id,
      kind: unitChanges.kind,
      at: unitChanges.at,
      actorName: users.displayName,
      reason: unitChanges.reason,
      details: unitChanges.details,
    })
    .from(unitChanges)
    .leftJoin(users, eq(users.id, unitChanges.actorId))
    .where(eq(unitChanges.unitId, unit.id))
    .orderBy(sql`${unitChanges.at} DESC`, sql`${unitChanges.id} DESC`);
}
