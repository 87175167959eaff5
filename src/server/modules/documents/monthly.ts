/**
 * Monthly cell-meeting materials (tài liệu sinh hoạt chi bộ, type TLSH) for the meetings area:
 * the published materials a unit may read for a month, to attach to every cell's meeting.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../../db/client.ts';
import { MONTHLY_MATERIALS_TYPE } from '../../../common/documents/symbol.ts';
import { asDate } from './rows.ts';
import { visibleToUnitSql } from './visibility.ts';
import { isMonth, VN_TIME_ZONE } from '../../../common/time/vietnam.ts';

export interface MonthlyMaterial {
  id: string;
  title: string;
  symbol: string | null;
  issueDate: string | null;
  publishAt: Date | null;
  files: Array<{ id: string; name: string; mime: string }>;
}

/**
 * Published TLSH documents visible to the unit at `unitPath` (addressed to it or an ancestor),
 * for `month` ('YYYY-MM'): issued in that month, or published in it when no issue date is set.
 * `now` hides scheduled publications not yet due.
 */
export async function listMonthlyMaterials(
  db: DbOrTx,
  unitPath: string,
  month: string,
  now: Date = new Date(),
): Promise<MonthlyMaterial[]> {
  if (!isMonth(month)) throw new Error(`month must be YYYY-MM, got ${month}`);
  const from = `${month}-01`;
  // The day an undated item counts for is its publication day in Vietnam, not in the server's zone.
  const day = sql`coalesce(d.issue_date, (d.publish_at AT TIME ZONE ${VN_TIME_ZONE})::date)`;
  const rows = rowsOf<{
    id: string;
    title: string;
    symbol: string | null;
    issue_date: string | null;
    publish_at: Date | string | null;
    files: Array<{ id: string; name: string; mime: string }> | null;
  }>(
    await db.execute(sql`
      SELECT d.id, d.title, d.symbol, d.issue_date::text AS issue_date, d.publish_at,
        (SELECT json_agg(json_build_object('id', f.id, 'name', s.original_name, 'mime', s.mime) ORDER BY f.created_at)
           FROM document_files f JOIN stored_files s ON s.id = f.stored_file_id
           WHERE f.document_id = d.id AND f.replaced_at IS NULL) AS files
      FROM documents d
      WHERE d.type_code = ${MONTHLY_MATERIALS_TYPE} AND ${visibleToUnitSql(unitPath, now, 'd')}
        AND ${day} >= ${from}::date AND ${day} < (${from}::date + interval '1 month')
      ORDER BY ${day}, d.title`),
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    symbol: r.symbol,
    issueDate: r.issue_date,
    publishAt: asDate(r.publish_at),
    files: r.files ?? [],
  }));
}
