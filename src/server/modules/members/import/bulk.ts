/**
 * Bulk writes for the import: one array parameter per column (`unnest($1::uuid[], $2::text[], ...)`)
 * instead of Drizzle's multi-row VALUES, whose query building and garbage (one parameter object per
 * cell) cost more than PostgreSQL's work at 100,000 rows. Values still pass through each column's
 * own `mapToDriverValue`, so stored formats (encrypted CCCD, jsonb, dates) stay what Drizzle writes.
 * node-postgres serializes JS arrays as array parameters.
 */
import { getTableColumns, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from '../../../db/client.ts';

/** Rows per statement: few round trips, while one statement's parameters stay a few MB. */
export const BULK_BATCH = 5_000;

type Key<T extends PgTable> = keyof T['_']['columns'] & string;

export function columnOf<T extends PgTable>(table: T, key: Key<T>): PgColumn {
  const col = (getTableColumns(table) as Record<string, PgColumn>)[key];
  if (!col) throw new Error(`unknown column ${key}`);
  return col;
}

/** The driver values of one column (null stays null, like Drizzle's own parameters). */
export function driverValues(col: PgColumn, values: unknown[]): unknown[] {
  return values.map((v) => (v === null || v === undefined ? null : col.mapToDriverValue(v)));
}

export function arrayParam(col: PgColumn, values: unknown[]): SQL {
  return sql`${sql.param(values)}::${sql.raw(col.getSQLType())}[]`;
}

export function scalarParam(col: PgColumn, value: unknown): SQL {
  return sql`${sql.param(value === null || value === undefined ? null : col.mapToDriverValue(value))}::${sql.raw(col.getSQLType())}`;
}

export async function inBatches<T>(rows: T[], fn: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BULK_BATCH) await fn(rows.slice(i, i + BULK_BATCH));
}

/**
 * INSERT INTO table (cols) SELECT ... FROM unnest(...): `columns` maps each column to its values
 * (one per row, in row order), `fixed` to one value for every row. Rows keep their order, so
 * serial ids (audit entries) follow it.
 */
export async function insertColumns<T extends PgTable>(
  tx: Tx,
  table: T,
  columns: Partial<Record<Key<T>, unknown[]>>,
  fixed: Partial<Record<Key<T>, unknown>> = {},
): Promise<void> {
  const arrays = Object.entries(columns) as Array<[Key<T>, unknown[]]>;
  if (arrays.length === 0 || arrays[0]![1].length === 0) return;
  const names: SQLWrapper[] = [];
  const params: SQL[] = [];
  const select: SQL[] = [];
  arrays.forEach(([key, values], i) => {
    const col = columnOf(table, key);
    names.push(sql.identifier(col.name));
    params.push(arrayParam(col, driverValues(col, values)));
    select.push(sql.raw(`u.c${i}`));
  });
  for (const [key, value] of Object.entries(fixed) as Array<[Key<T>, unknown]>) {
    const col = columnOf(table, key);
    names.push(sql.identifier(col.name));
    select.push(scalarParam(col, value));
  }
  const alias = sql.raw(arrays.map((_, i) => `c${i}`).join(', '));
  await tx.execute(
    sql`INSERT INTO ${table} (${sql.join(names, sql`, `)}) SELECT ${sql.join(select, sql`, `)} FROM unnest(${sql.join(params, sql`, `)}) WITH ORDINALITY AS u(${alias}, ord) ORDER BY u.ord`,
  );
}

/** One column of a bulk update: its new value per row, and per row whether to set it at all. */
export interface SetColumn<T extends PgTable> {
  key: Key<T>;
  values: unknown[];
  /** Omitted: every row sets the column. */
  flags?: boolean[];
}

/**
 * UPDATE table SET col = CASE WHEN u.set THEN u.value ELSE col END ... FROM unnest(...) WHERE
 * table.id = u.id: rows of one batch may change different columns. `ids` must be distinct (an
 * UPDATE ... FROM applies only one source row per target row).
 */
export async function updateColumns<T extends PgTable>(
  tx: Tx,
  table: T,
  idKey: Key<T>,
  ids: unknown[],
  sets: Array<SetColumn<T>>,
  fixed: Partial<Record<Key<T>, unknown>> = {},
): Promise<void> {
  if (ids.length === 0) return;
  const idCol = columnOf(table, idKey);
  const params: SQL[] = [arrayParam(idCol, driverValues(idCol, ids))];
  const aliases = ['id'];
  const assignments: SQL[] = [];
  sets.forEach((s, i) => {
    const col = columnOf(table, s.key);
    const flags = s.flags && s.flags.some((f) => !f) ? s.flags : undefined;
    if (s.flags && !s.flags.some((f) => f)) return;
    params.push(arrayParam(col, driverValues(col, s.values)));
    aliases.push(`v${i}`);
    if (flags) {
      params.push(sql`${sql.param(flags)}::boolean[]`);
      aliases.push(`f${i}`);
      assignments.push(
        sql`${sql.identifier(col.name)} = CASE WHEN u.${sql.raw(`f${i}`)} THEN u.${sql.raw(`v${i}`)} ELSE t.${sql.identifier(col.name)} END`,
      );
    } else {
      assignments.push(sql`${sql.identifier(col.name)} = u.${sql.raw(`v${i}`)}`);
    }
  });
  for (const [key, value] of Object.entries(fixed) as Array<[Key<T>, unknown]>) {
    const col = columnOf(table, key);
    assignments.push(sql`${sql.identifier(col.name)} = ${scalarParam(col, value)}`);
  }
  if (assignments.length === 0) return;
  await tx.execute(
    sql`UPDATE ${table} AS t SET ${sql.join(assignments, sql`, `)} FROM unnest(${sql.join(params, sql`, `)}) AS u(${sql.raw(aliases.join(', '))}) WHERE t.${sql.identifier(idCol.name)} = u.id`,
  );
}
