/**
 * Runs an import for the API and the CLI alike. The dry run plans and reports; the real run
 * plans again inside one transaction and writes exactly that plan (all rows or none), with an
 * audit entry per written member and one for the import itself.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { foldVietnamese, nameKey } from '../../../../common/text/vietnamese.ts';
import type { Db, Tx } from '../../../db/client.ts';
import { auditLog, memberCellPeriods, members, memberStatusChanges, units } from '../../../db/schema.ts';
import { AppError } from '../../../http/errors.ts';
import type { ColumnTarget } from '../../../../common/members/headers.ts';
import type { AuditSource } from '../../audit/audit.service.ts';
import type { CheckContext } from '../record.ts';
import { maskCccdChanges, withCccdCompanions } from '../../../privacy/cccd-crypto.ts';
import { buildPlan, summarize, type ImportReport, type ImportUnit, type PlanEntry } from './plan.ts';
import type { Sheet } from './read-sheet.ts';

const BATCH = 1_000;

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

async function chunks<T>(rows: T[], fn: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += BATCH) await fn(rows.slice(i, i + BATCH));
}

async function cellPaths(tx: Tx, ids: string[]): Promise<Map<string, string>> {
  const rows = ids.length ? await tx.select({ id: units.id, path: units.path }).from(units).where(inArray(units.id, ids)) : [];
  return new Map(rows.map((r) => [r.id, r.path]));
}

async function write(tx: Tx, entries: PlanEntry[], opts: ImportOptions) {
  const at = opts.source.at;
  const creates = entries.filter((e): e is Extract<PlanEntry, { action: 'create' }> => e.action === 'create');
  const updates = entries.filter((e): e is Extract<PlanEntry, { action: 'update' }> => e.action === 'update');
  const paths = await cellPaths(tx, [...new Set([...creates.map((c) => c.cellId), ...updates.flatMap((u) => [u.cellId, u.fromCellId])])]);
  const audit = (action: string, memberId: string, cellId: string, changes: Record<string, { old: unknown; new: unknown }>) => ({
    at, actorId: opts.source.actorId, requestId: opts.source.requestId, action, targetType: 'member', targetId: memberId, unitId: cellId, unitPath: paths.get(cellId) ?? null, changes,
  });

  await chunks(creates, async (chunk) => {
    await tx.insert(members).values(
      chunk.map((c) => ({
        id: c.id, cellId: c.cellId, ...withCccdCompanions(c.values), nameSearch: foldVietnamese(c.values.fullName), nameKey: nameKey(c.values.fullName),
        problems: c.problems, standardized: c.problems.length === 0, checkedOn: opts.check.today, createdAt: at, updatedAt: at,
      })),
    );
    await tx.insert(memberCellPeriods).values(chunk.map((c) => ({ memberId: c.id, cellId: c.cellId, validFrom: at, reason: 'import' })));
  });
  // Created members are audited per cell (one entry listing the ids and spreadsheet rows): an
  // entry per member would double the import's time for no extra information.
  const byCell = new Map<string, Array<{ id: string; row: number }>>();
  for (const c of creates) byCell.set(c.cellId, [...(byCell.get(c.cellId) ?? []), { id: c.id, row: c.row }]);
  await chunks([...byCell.entries()], (chunk) =>
    tx.insert(auditLog).values(chunk.map(([cellId, list]) => ({ ...audit('member.create', list.length === 1 ? list[0]!.id : '', cellId, { members: { old: null, new: list } }), targetType: list.length === 1 ? 'member' : 'members', targetId: list.length === 1 ? list[0]!.id : null }))),
  );

  for (const u of updates) {
    const fullName = u.changes.fullName;
    await tx
      .update(members)
      .set({ ...withCccdCompanions(u.changes), cellId: u.cellId, problems: u.problems, standardized: u.problems.length === 0, checkedOn: opts.check.today, updatedAt: at, ...(fullName ? { nameSearch: foldVietnamese(fullName), nameKey: nameKey(fullName) } : {}) })
      .where(eq(members.id, u.id));
    if (u.cellId !== u.fromCellId) {
      await tx.update(memberCellPeriods).set({ validTo: at }).where(and(eq(memberCellPeriods.memberId, u.id), isNull(memberCellPeriods.validTo)));
      await tx.insert(memberCellPeriods).values({ memberId: u.id, cellId: u.cellId, validFrom: at, reason: 'import' });
    }
    if (u.changes.status) await tx.insert(memberStatusChanges).values({ memberId: u.id, fromStatus: u.before.status ?? null, toStatus: u.changes.status, effectiveDate: opts.check.today, note: `Nhập từ tệp ${opts.fileName}`, actorId: opts.source.actorId, at });
  }
  await chunks(updates, (chunk) =>
    tx.insert(auditLog).values(
      chunk.map((u) => {
        const changes: Record<string, { old: unknown; new: unknown }> = {};
        for (const [k, v] of Object.entries(u.changes)) changes[k] = { old: (u.before as Record<string, unknown>)[k] ?? null, new: v };
        if (u.cellId !== u.fromCellId) changes.cellId = { old: u.fromCellId, new: u.cellId };
        return audit('member.update', u.id, u.cellId, maskCccdChanges(changes));
      }),
    ),
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
    if (plan.needsMapping) throw new AppError(422, 'import.mapping_required', 'Chưa xác định được cột "Họ và tên": hãy chọn cột tương ứng ở bước ghép cột.');
    if (opts.expectHash && opts.expectHash !== plan.hash) {
      throw new AppError(409, 'import.plan_changed', 'Dữ liệu đã thay đổi kể từ lần chạy thử. Hãy chạy thử lại để xem kết quả mới trước khi nhập.');
    }
    const toWrite = plan.entries.filter((e) => e.action === 'create' || e.action === 'update');
    await write(tx, toWrite, opts);
    await tx.insert(auditLog).values({
      at: opts.source.at, actorId: opts.source.actorId, requestId: opts.source.requestId, action: 'member.import', targetType: 'unit', targetId: opts.unit.id, unitId: opts.unit.id, unitPath: opts.unit.path,
      changes: { file: { old: null, new: opts.fileName }, created: { old: null, new: report.counts.created }, updated: { old: null, new: report.counts.updated }, rejected: { old: null, new: report.counts.rejected } },
    });
    return { ...report, dryRun: false, written: toWrite.length > 0 };
  });
}
