/**
 * The import plan: for every data row, create / update (matched by CCCD, or by name and date of
 * birth when the row has no CCCD) / unchanged / rejected, computed against the database as it
 * is. The dry run shows it; the real run recomputes it inside its transaction and writes exactly
 * that, refusing if it differs from the plan the user confirmed (planHash).
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { checkMember, PROBLEM_LABELS_VI, type Problem } from '../../../../common/members/checks.ts';
import { matchHeaders, type ColumnTarget, type ImportField, type HeaderMatch } from '../../../../common/members/headers.ts';
import { foldVietnamese, nameKey } from '../../../../common/text/vietnamese.ts';
import type { DbOrTx } from '../../../db/client.ts';
import { members, units } from '../../../db/schema.ts';
import { MEMBER_FIELD_NAMES, type CheckContext, type MemberFields } from '../record.ts';
import { hashCccd } from '../../../privacy/cccd-crypto.ts';
import { parseRow, REJECT_REASONS_VI, type ParsedFields, type RejectCode } from './parse-row.ts';
import type { Sheet } from './read-sheet.ts';

export interface ImportUnit {
  id: string;
  code: string;
  name: string;
  path: string;
  type: string;
}

export type PlanEntry =
  | { row: number; action: 'create'; id: string; name: string; cellId: string; values: MemberFields; problems: Problem[] }
  | {
      row: number;
      action: 'update';
      id: string;
      name: string;
      cellId: string;
      fromCellId: string;
      changes: Partial<MemberFields>;
      before: Partial<MemberFields>;
      problems: Problem[];
    }
  | { row: number; action: 'unchanged'; id: string; name: string; problems: Problem[] }
  | { row: number; action: 'reject'; name: string | null; rejections: Array<{ field: string; code: RejectCode }> };

export interface Plan {
  columns: HeaderMatch[];
  needsMapping: boolean;
  entries: PlanEntry[];
  encodings: { tcvn3: number; vni: number };
  hash: string;
}

const CELL_TYPES = ['cell', 'grassroots_cell'];
const BATCH = 5_000;

interface ExistingMember extends MemberFields {
  id: string;
  cellId: string;
  path: string;
}

const EXISTING_COLUMNS = {
  ...Object.fromEntries(MEMBER_FIELD_NAMES.map((f) => [f, members[f]])),
  id: members.id,
  cellId: members.cellId,
  path: units.path,
} as unknown as Record<keyof ExistingMember, typeof members.id>;

async function loadCells(db: DbOrTx, unit: ImportUnit) {
  const cells = await db
    .select({ id: units.id, code: units.code, name: units.name, shortName: units.shortName })
    .from(units)
    .where(
      and(
        sql`${units.path} LIKE ${unit.path + '%'}`,
        inArray(units.type, CELL_TYPES as Array<(typeof units.type)['_']['data']>),
        eq(units.status, 'active'),
      ),
    );
  const byKey = new Map<string, string | 'ambiguous'>();
  const add = (k: string, id: string) => {
    if (!k) return;
    const cur = byKey.get(k);
    byKey.set(k, cur && cur !== id ? 'ambiguous' : id);
  };
  for (const c of cells) {
    add(`code:${c.code.toLowerCase()}`, c.id);
    add(`name:${foldVietnamese(c.name)}`, c.id);
    add(`name:${foldVietnamese(c.shortName)}`, c.id);
  }
  return (value: string): string | 'ambiguous' | undefined =>
    byKey.get(`code:${value.trim().toLowerCase()}`) ?? byKey.get(`name:${foldVietnamese(value)}`);
}

async function loadExisting(db: DbOrTx, unit: ImportUnit, cccds: string[]) {
  const byCccd = new Map<string, ExistingMember>();
  for (let i = 0; i < cccds.length; i += BATCH) {
    const chunk = cccds.slice(i, i + BATCH);
    const rows = (await db
      .select(EXISTING_COLUMNS)
      .from(members)
      .innerJoin(units, eq(units.id, members.cellId))
      .where(
        inArray(
          members.cccdHash,
          chunk.map((c) => hashCccd(c)),
        ),
      )) as unknown as ExistingMember[];
    for (const r of rows) if (r.cccd) byCccd.set(r.cccd, r);
  }
  // Rows without a CCCD match by name key and birth date inside the unit.
  const inUnit = (await db
    .select(EXISTING_COLUMNS)
    .from(members)
    .innerJoin(units, eq(units.id, members.cellId))
    .where(sql`${units.path} LIKE ${unit.path + '%'}`)) as unknown as ExistingMember[];
  const byPerson = new Map<string, ExistingMember>();
  for (const r of inUnit) byPerson.set(`${nameKey(r.fullName)}|${r.dateOfBirth ?? ''}`, r);
  return { byCccd, byPerson };
}

function same(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}

export async function buildPlan(
  db: DbOrTx,
  unit: ImportUnit,
  sheet: Sheet,
  mapping: Record<string, ColumnTarget>,
  check: CheckContext,
  newId: () => string,
): Promise<Plan> {
  const columns = matchHeaders(sheet.headers, mapping);
  const used = columns.filter((c): c is HeaderMatch & { target: ImportField } => !!c.target && c.target !== 'ignore');
  const needsMapping = !used.some((c) => c.target === 'fullName');
  const encodings = { tcvn3: 0, vni: 0 };
  if (needsMapping) return { columns, needsMapping, entries: [], encodings, hash: '' };

  const pivotYear = Number(check.today.slice(0, 4));
  const parsed = sheet.rows.map((r) => ({ row: r.rowNumber, ...parseRow(r.cells, used, pivotYear) }));
  const cellOf = await loadCells(db, unit);
  const defaultCell = CELL_TYPES.includes(unit.type) ? unit.id : undefined;
  const cccds = [...new Set(parsed.map((p) => p.values.cccd).filter((c): c is string => !!c))];
  const { byCccd, byPerson } = await loadExisting(db, unit, cccds);

  const seenCccd = new Set<string>();
  const seenPerson = new Set<string>();
  const entries: PlanEntry[] = [];
  for (const p of parsed) {
    for (const e of p.encodings) encodings[e] += 1;
    const rejections = [...p.rejections];
    const v: ParsedFields = p.values;
    let cellId = defaultCell;
    if (v.cell) {
      const found = cellOf(v.cell);
      if (found === 'ambiguous') rejections.push({ field: 'cell', code: 'cell.ambiguous' });
      else if (!found) rejections.push({ field: 'cell', code: 'cell.unknown' });
      else cellId = found;
    }
    const personKey = v.fullName ? `${nameKey(v.fullName)}|${v.dateOfBirth ?? ''}` : '';
    const existing = v.cccd ? byCccd.get(v.cccd) : personKey ? byPerson.get(personKey) : undefined;
    if (v.cccd && seenCccd.has(v.cccd)) rejections.push({ field: 'cccd', code: 'cccd.duplicate_in_file' });
    else if (!v.cccd && personKey && seenPerson.has(personKey))
      rejections.push({ field: 'fullName', code: 'person.duplicate_in_file' });
    if (existing && !existing.path.startsWith(unit.path)) rejections.push({ field: 'cccd', code: 'cccd.outside_unit' });
    if (!existing && !cellId && !rejections.some((r) => r.field === 'cell'))
      rejections.push({ field: 'cell', code: 'cell.required' });
    if (rejections.length > 0) {
      entries.push({ row: p.row, action: 'reject', name: v.fullName ?? null, rejections });
      continue;
    }
    if (v.cccd) seenCccd.add(v.cccd);
    if (personKey) seenPerson.add(personKey);
    const { cell: _cell, ...fields } = v;
    void _cell;
    if (!existing) {
      const values = Object.fromEntries(
        MEMBER_FIELD_NAMES.map((f) => [f, (fields as Record<string, unknown>)[f] ?? null]),
      ) as unknown as MemberFields;
      values.status = fields.status ?? (values.officialDate ? 'official' : 'probationary');
      entries.push({
        row: p.row,
        action: 'create',
        id: newId(),
        name: values.fullName,
        cellId: cellId!,
        values,
        problems: checkMember(values, check),
      });
      continue;
    }
    const changes: Partial<MemberFields> = {};
    const before: Partial<MemberFields> = {};
    for (const [k, val] of Object.entries(fields) as Array<[keyof MemberFields, unknown]>) {
      if (!same(existing[k], val)) {
        (changes as Record<string, unknown>)[k] = val;
        (before as Record<string, unknown>)[k] = existing[k] ?? null;
      }
    }
    const targetCell = v.cell && cellId ? cellId : existing.cellId;
    const problems = checkMember({ ...existing, ...changes }, check);
    const name = changes.fullName ?? existing.fullName;
    if (Object.keys(changes).length === 0 && targetCell === existing.cellId)
      entries.push({ row: p.row, action: 'unchanged', id: existing.id, name, problems });
    else
      entries.push({
        row: p.row,
        action: 'update',
        id: existing.id,
        name,
        cellId: targetCell,
        fromCellId: existing.cellId,
        changes,
        before,
        problems,
      });
  }
  // The hash covers what would be written, not the fresh ids of created rows.
  const hash = createHash('sha256')
    .update(
      JSON.stringify(
        entries.map((e) =>
          e.action === 'create'
            ? [e.row, e.action, e.cellId, e.values]
            : e.action === 'update'
              ? [e.row, e.action, e.id, e.cellId, e.changes, e.before]
              : e.action === 'unchanged'
                ? [e.row, e.action, e.id]
                : [e.row, e.action, e.rejections],
        ),
      ),
    )
    .digest('hex');
  return { columns, needsMapping, entries, encodings, hash };
}

export function summarize(plan: Plan, sheet: Sheet) {
  const counts = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  // Each row named by its member (as converted to Unicode), so a secretary finds it without counting rows.
  const rejected: Array<{ row: number; name: string | null; field: string; code: string; reason: string }> = [];
  const withProblems: Array<{
    row: number;
    name: string;
    problems: Array<{ code: string; field: string; label: string }>;
  }> = [];
  for (const e of plan.entries) {
    if (e.action === 'reject') {
      counts.rejected += 1;
      for (const r of e.rejections)
        rejected.push({ row: e.row, name: e.name, field: r.field, code: r.code, reason: REJECT_REASONS_VI[r.code] });
      continue;
    }
    counts[e.action === 'create' ? 'created' : e.action === 'update' ? 'updated' : 'unchanged'] += 1;
    if (e.problems.length > 0)
      withProblems.push({
        row: e.row,
        name: e.name,
        problems: e.problems.map((p) => ({ ...p, label: PROBLEM_LABELS_VI[p.code] })),
      });
  }
  return {
    kind: sheet.kind,
    headerRow: sheet.headerRow,
    rows: sheet.rows.length,
    columns: plan.columns.map((c) => ({ column: c.column, header: c.header, target: c.target })),
    needsMapping: plan.needsMapping,
    counts,
    rejected,
    withProblems,
    encodings: plan.encodings,
    planHash: plan.hash,
  };
}
export type ImportReport = ReturnType<typeof summarize>;
