/**
 * "Ai đã xem hồ sơ của tôi": the staff accesses to a member's personal data, read from the audit
 * log: views of the full record (`member.view`, target = the member), and exports and imports of
 * a unit list that held the member at that moment (`member.export` / `member.import`, whose unit
 * path covers a cell the member belonged to then, per member_cell_periods). Who: the actor's name
 * and the closest role they hold over that unit (roles removed since show as unknown).
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../../db/client.ts';
import type { Role } from '../../db/schema.ts';

export type AccessKind = 'view' | 'export' | 'import';

export interface AccessEntry {
  at: Date;
  kind: AccessKind;
  actorName: string;
  role: Role | null;
  unitName: string | null;
}

const KIND: Record<string, AccessKind> = { 'member.view': 'view', 'member.export': 'export', 'member.import': 'import' };

export async function accessLogOf(
  db: DbOrTx,
  memberId: string,
  page: { limit: number; offset: number },
): Promise<{ items: AccessEntry[]; total: number }> {
  // Ancestor paths of every cell the member was in: `unit_path IN (…)` keeps both branches on an
  // index (target index for views, unit path index for lists) instead of scanning the whole log.
  const cells = rowsOf<{ path: string }>(
    await db.execute(
      sql`SELECT DISTINCT c.path FROM member_cell_periods p JOIN units c ON c.id = p.cell_id WHERE p.member_id = ${memberId}::uuid`,
    ),
  );
  const prefixes = new Set<string>();
  for (const { path } of cells) {
    const ids = path.split('/').filter(Boolean);
    for (let i = 1; i <= ids.length; i += 1) prefixes.add(`/${ids.slice(0, i).join('/')}/`);
  }
  const inLists = prefixes.size
    ? sql`a.unit_path IN (${sql.join(
        [...prefixes].map((x) => sql`${x}`),
        sql`, `,
      )})`
    : sql`false`;
  const where = sql`
    (a.action = 'member.view' AND a.target_type = 'member' AND a.target_id = ${memberId})
    OR (a.action IN ('member.export', 'member.import') AND ${inLists} AND EXISTS (
      SELECT 1 FROM member_cell_periods p JOIN units c ON c.id = p.cell_id
      WHERE p.member_id = ${memberId}::uuid AND p.valid_from <= a.at AND (p.valid_to IS NULL OR p.valid_to > a.at)
        AND c.path LIKE a.unit_path || '%'))`;
  const rows = rowsOf<{
    at: Date | string;
    action: string;
    actor_name: string | null;
    role: Role | null;
    unit_name: string | null;
  }>(
    await db.execute(sql`
      SELECT a.at, a.action, u.display_name AS actor_name, r.role, coalesce(r.unit_name, au.name) AS unit_name
      FROM audit_log a
      LEFT JOIN users u ON u.id = a.actor_id
      LEFT JOIN units au ON au.id = a.unit_id
      LEFT JOIN LATERAL (
        SELECT ra.role, ru.name AS unit_name FROM role_assignments ra JOIN units ru ON ru.id = ra.unit_id
        WHERE ra.user_id = a.actor_id AND a.unit_path LIKE ru.path || '%'
        ORDER BY ru.depth DESC LIMIT 1
      ) r ON true
      WHERE ${where}
      ORDER BY a.at DESC, a.id DESC
      LIMIT ${page.limit} OFFSET ${page.offset}`),
  );
  const [count] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM audit_log a WHERE ${where}`));
  return {
    items: rows.map((r) => ({
      at: new Date(r.at),
      kind: KIND[r.action] ?? 'view',
      actorName: r.actor_name ?? 'Không rõ',
      role: r.role,
      unitName: r.unit_name,
    })),
    total: count?.n ?? 0,
  };
}
