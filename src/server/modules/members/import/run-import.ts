/**
 * Runs an import for the API and the CLI alike. The dry run plans and reports; the real run
 * plans again inside one transaction and writes exactly that plan (all rows or none), with an
 * audit entry per written member and one for the import itself.
 */
import { randomUUID } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import { foldVietnamese, nameKey } from '../../../../common/text/vietnamese.ts';
import type { Db, Tx } from '../../../db/client.ts';
import { auditLog, memberCellPeriods, members, memberStatusChanges, units } from '../../../db/schema.ts';
import { AppError } from '../../../http/errors.ts';
import type { ColumnTarget } from '../../../../common/members/headers.ts';
import type { AuditSource } from '../../audit/audit.service.ts';
import { MEMBER_FIELD_NAMES, type CheckContext, type MemberFields } from '../record.ts';
import { cccdCompanions, maskCccdChanges } from '../../../privacy/cccd-crypto.ts';
import { columnOf, inBatches, insertColumns, scalarParam, updateColumns, type SetColumn } from './bulk.ts';
import { buildPlan, summarize, type ImportReport, type ImportUnit, type PlanEntry } from './plan.ts';
import type { Sheet } from './read-sheet.ts';

type Create = Extract<PlanEntry, { action: 'create' }>;
type Update = Extract<PlanEntry, { action: 'update' }>;

export interface ImportOptions {
  unit: ImportUnit;
  sheet: Sheet;
  mapping: Record<string, ColumnTarget>;
  dryRun: boolean;
  /** The planHash of the dry run the user confirmed; the real run refuses a different plan. */
  expectHash?: string | undefined;
  check: CheckContext;
  source: AuditSource;
  fileName: string;
}

export interface ImportResult extends ImportReport {
  dryRun: boolean;
  written: boolean;
}

type AuditRow = {
  at: Date;
  actorId: string | null;
  requestId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  unitId: string;
  unitPath: string | null;
  changes: Record<string, { old: unknown; new: unknown }>;
};

async function cellPaths(tx: Tx, ids: string[]): Promise<Map<string, string>> {
  const rows = ids.length ? await tx.select({ id: units.id, path: units.path }).from(units).where(inArray(units.id, ids)) : [];
  return new Map(rows.map((r) => [r.id, r.path]));
}

async function insertAudit(tx: Tx, rows: AuditRow[]) {
  await inBatches(rows, (chunk) =>
    insertColumns(tx, auditLog, {
      at: chunk.map((r) => r.at),
      actorId: chunk.map((r) => r.actorId),
      requestId: chunk.map((r) => r.requestId),
      action: chunk.map((r) => r.action),
      targetType: chunk.map((r) => r.targetType),
      targetId: chunk.map((r) => r.targetId),
      unitId: chunk.map((r) => r.unitId),
      unitPath: chunk.map((r) => r.unitPath),
      changes: chunk.map((r) => r.changes),
    }),
  );
}

async function insertCreates(tx: Tx, chunk: Create[], opts: ImportOptions) {
  const at = opts.source.at;
  const columns: Partial<Record<keyof typeof members._.columns, unknown[]>> = {
    id: chunk.map((c) => c.id),
    cellId: chunk.map((c) => c.cellId),
  };
  for (const f of MEMBER_FIELD_NAMES) columns[f] = chunk.map((c) => c.values[f] ?? null);
  const companions = chunk.map((c) => cccdCompanions(c.values.cccd));
  columns.cccdHash = companions.map((c) => c.cccdHash);
  columns.cccdMasked = companions.map((c) => c.cccdMasked);
  columns.nameSearch = chunk.map((c) => foldVietnamese(c.values.fullName));
  columns.nameKey = chunk.map((c) => nameKey(c.values.fullName));
  columns.problems = chunk.map((c) => c.problems);
  columns.standardized = chunk.map((c) => c.problems.length === 0);
  await insertColumns(tx, members, columns, { checkedOn: opts.check.today, createdAt: at, updatedAt: at });
  await insertColumns(
    tx,
    memberCellPeriods,
    { memberId: chunk.map((c) => c.id), cellId: chunk.map((c) => c.cellId) },
    { validFrom: at, reason: 'import' },
  );
}

/** Columns set on a member only when the row changes their source field (Drizzle's set() skips undefined). */
function updateSets(chunk: Update[]): Array<SetColumn<typeof members>> {
  const changed = new Set<keyof MemberFields>();
  for (const u of chunk) for (const k of Object.keys(u.changes) as Array<keyof MemberFields>) changed.add(k);
  const sets: Array<SetColumn<typeof members>> = [];
  for (const f of MEMBER_FIELD_NAMES) {
    if (!changed.has(f)) continue;
    sets.push({ key: f, values: chunk.map((u) => u.changes[f] ?? null), flags: chunk.map((u) => u.changes[f] !== undefined) });
  }
  if (changed.has('cccd')) {
    const companions = chunk.map((u) => ('cccd' in u.changes ? cccdCompanions(u.changes.cccd) : null));
    const flags = companions.map((c) => c !== null);
    sets.push(
      { key: 'cccdHash', values: companions.map((c) => c?.cccdHash ?? null), flags },
      { key: 'cccdMasked', values: companions.map((c) => c?.cccdMasked ?? null), flags },
    );
  }
  if (changed.has('fullName')) {
    const flags = chunk.map((u) => !!u.changes.fullName);
    sets.push({
      key: 'nameSearch',
      values: chunk.map((u) => (u.changes.fullName ? foldVietnamese(u.changes.fullName) : null)),
      flags,
    });
    sets.push({ key: 'nameKey', values: chunk.map((u) => (u.changes.fullName ? nameKey(u.changes.fullName) : null)), flags });
  }
  sets.push(
    { key: 'cellId', values: chunk.map((u) => u.cellId) },
    { key: 'problems', values: chunk.map((u) => u.problems) },
    { key: 'standardized', values: chunk.map((u) => u.problems.length === 0) },
  );
  return sets;
}

async function applyUpdates(tx: Tx, chunk: Update[], opts: ImportOptions) {
  const at = opts.source.at;
  await updateColumns(
    tx,
    members,
    'id',
    chunk.map((u) => u.id),
    updateSets(chunk),
    { checkedOn: opts.check.today, updatedAt: at },
  );
  const moved = chunk.filter((u) => u.cellId !== u.fromCellId);
  if (moved.length > 0) {
    const ids = moved.map((u) => u.id);
    await tx.execute(
      sql`UPDATE ${memberCellPeriods} SET ${sql.identifier(memberCellPeriods.validTo.name)} = ${scalarParam(columnOf(memberCellPeriods, 'validTo'), at)} WHERE ${memberCellPeriods.memberId} = ANY(${sql.param(ids)}::uuid[]) AND ${memberCellPeriods.validTo} IS NULL`,
    );
    await insertColumns(
      tx,
      memberCellPeriods,
      { memberId: ids, cellId: moved.map((u) => u.cellId) },
      { validFrom: at, reason: 'import' },
    );
  }
  const statusChanged = chunk.filter((u) => u.changes.status);
  await insertColumns(
    tx,
    memberStatusChanges,
    {
      memberId: statusChanged.map((u) => u.id),
      fromStatus: statusChanged.map((u) => u.before.status ?? null),
      toStatus: statusChanged.map((u) => u.changes.status),
    },
    { effectiveDate: opts.check.today, note: `Nhập từ tệp ${opts.fileName}`, actorId: opts.source.actorId, at },
  );
}

/**
 * Two rows of one file can match the same member (one by CCCD, one by name and birth date): the
 * old row-by-row write applied both in file order, so later occurrences go in later rounds.
 */
function rounds(updates: Update[]): Update[][] {
  const seen = new Map<string, number>();
  const out: Update[][] = [];
  for (const u of updates) {
    const n = seen.get(u.id) ?? 0;
    seen.set(u.id, n + 1);
    (out[n] ??= []).push(u);
  }
  return out;
}

async function write(tx: Tx, entries: PlanEntry[], opts: ImportOptions) {
  const at = opts.source.at;
  const creates = entries.filter((e): e is Create => e.action === 'create');
  const updates = entries.filter((e): e is Update => e.action === 'update');
  const paths = await cellPaths(tx, [
    ...new Set([...creates.map((c) => c.cellId), ...updates.flatMap((u) => [u.cellId, u.fromCellId])]),
  ]);
  const audit = (
    action: string,
    memberId: string,
    cellId: string,
    changes: Record<string, { old: unknown; new: unknown }>,
  ): AuditRow => ({
    at,
    actorId: opts.source.actorId,
    requestId: opts.source.requestId,
    action,
    targetType: 'member',
    targetId: memberId,
    unitId: cellId,
    unitPath: paths.get(cellId) ?? null,
    changes,
  });

  await inBatches(creates, (chunk) => insertCreates(tx, chunk, opts));
  // Created members are audited per cell (one entry listing the ids and spreadsheet rows): an
  // entry per member would double the import's time for no extra information.
  const byCell = new Map<string, Array<{ id: string; row: number }>>();
  for (const c of creates) {
    const list = byCell.get(c.cellId);
    if (list) list.push({ id: c.id, row: c.row });
    else byCell.set(c.cellId, [{ id: c.id, row: c.row }]);
  }
  await insertAudit(
    tx,
    [...byCell.entries()].map(([cellId, list]) => ({
      ...audit('member.create', list.length === 1 ? list[0]!.id : '', cellId, { members: { old: null, new: list } }),
      targetType: list.length === 1 ? 'member' : 'members',
      targetId: list.length === 1 ? list[0]!.id : null,
    })),
  );

  for (const round of rounds(updates)) await inBatches(round, (chunk) => applyUpdates(tx, chunk, opts));
  await insertAudit(
    tx,
    updates.map((u) => {
      const changes: Record<string, { old: unknown; new: unknown }> = {};
      for (const [k, v] of Object.entries(u.changes))
        changes[k] = { old: (u.before as Record<string, unknown>)[k] ?? null, new: v };
      if (u.cellId !== u.fromCellId) changes.cellId = { old: u.fromCellId, new: u.cellId };
      return audit('member.update', u.id, u.cellId, maskCccdChanges(changes));
    }),
  );
}

export async function runImport(db: Db, opts: ImportOptions): Promise<ImportResult> {
  if (opts.dryRun) {
    const plan = await buildPlan(db, opts.unit, opts.sheet, opts.mapping, opts.check, randomUUID);
    return { ...summarize(plan, opts.sheet), dryRun: true, written: false };
  }
  return db.transaction(async (tx) => {
    const plan = await buildPlan(tx, opts.unit, opts.sheet, opts.mapping, opts.check, randomUUID);
    const report = summarize(plan, opts.sheet);
    if (plan.needsMapping)
      throw new AppError(
        422,
        'import.mapping_required',
        'Chưa xác định được cột "Họ và tên": hãy chọn cột tương ứng ở bước ghép cột.',
      );
    if (opts.expectHash && opts.expectHash !== plan.hash) {
      throw new AppError(
        409,
        'import.plan_changed',
        'Dữ liệu đã thay đổi kể từ lần chạy thử. Hãy chạy thử lại để xem kết quả mới trước khi nhập.',
      );
    }
    const toWrite = plan.entries.filter((e) => e.action === 'create' || e.action === 'update');
    await write(tx, toWrite, opts);
    await tx.insert(auditLog).values({
      at: opts.source.at,
      actorId: opts.source.actorId,
      requestId: opts.source.requestId,
      action: 'member.import',
      targetType: 'unit',
      targetId: opts.unit.id,
      unitId: opts.unit.id,
      unitPath: opts.unit.path,
      changes: {
        file: { old: null, new: opts.fileName },
        created: { old: null, new: report.counts.created },
        updated: { old: null, new: report.counts.updated },
        rejected: { old: null, new: report.counts.rejected },
      },
    });
    return { ...report, dryRun: false, written: toWrite.length > 0 };
  });
}
