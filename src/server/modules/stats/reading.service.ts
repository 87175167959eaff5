/**
 * Reading in a unit: the most-read documents with their readers per child unit, and for one
 * document the members who have not read it. Readers are counted members (official, probationary)
 * of the subtree with a read receipt, ever; so for every document readers + not read = members,
 * and the not-read list has exactly members − readers rows.
 */
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import type { Ctx } from '../../context.ts';
import { notFound } from '../../http/errors.ts';
import { maskPhone } from '../../../common/validation/phone.ts';
import { reachesSubtreeSql } from '../documents/visibility.ts';
import { load } from '../../auth/policies.ts';

const rate = (n: number, of: number) => (of === 0 ? 0 : Math.round((n * 1000) / of) / 10);
const COUNTED = sql`('official', 'probationary')`;

export async function reading(ctx: Ctx, unitId: string, limit: number) {
  const unit = await load.unit(ctx, unitId, 'stats.read');
  const prefix = unit.path + '%';
  const child = sql`NULLIF(split_part(c.path, '/', ${unit.depth + 3}), '')`;
  const members = rowsOf<{ child_id: string | null; n: number }>(
    await ctx.db.execute(
      sql`SELECT ${child} AS child_id, count(*)::int AS n FROM members m JOIN units c ON c.id = m.cell_id WHERE c.path LIKE ${prefix} AND m.status IN ${COUNTED} GROUP BY 1`,
    ),
  );
  const reads = rowsOf<{ document_id: string; child_id: string | null; readers: number; opens: number }>(
    await ctx.db.execute(sql`
      SELECT r.document_id, ${child} AS child_id, count(DISTINCT r.member_id)::int AS readers, sum(r.read_count)::int AS opens
      FROM document_reads r JOIN members m ON m.id = r.member_id JOIN units c ON c.id = m.cell_id
      WHERE c.path LIKE ${prefix} AND m.status IN ${COUNTED}
      GROUP BY 1, 2`),
  );
  const perDoc = new Map<string, { readers: number; opens: number; byChild: Map<string | null, number> }>();
  for (const r of reads) {
    const d = perDoc.get(r.document_id) ?? { readers: 0, opens: 0, byChild: new Map() };
    perDoc.set(r.document_id, d);
    d.readers += r.readers;
    d.opens += r.opens;
    d.byChild.set(r.child_id, r.readers);
  }
  const top = [...perDoc.entries()]
    .sort((a, b) => b[1].readers - a[1].readers || b[1].opens - a[1].opens || a[0].localeCompare(b[0]))
    .slice(0, limit);
  const ids = top.map(([id]) => id);
  const docs = ids.length
    ? rowsOf<{ id: string; title: string; symbol: string | null }>(
        await ctx.db.execute(
          sql`SELECT id, title, symbol FROM documents WHERE id IN (${sql.join(
            ids.map((i) => sql`${i}`),
            sql`, `,
          )})`,
        ),
      )
    : [];
  const docOf = new Map(docs.map((d) => [d.id, d]));
  const membersOf = new Map(members.map((m) => [m.child_id, m.n]));
  const readChildren = new Set(reads.map((r) => r.child_id));
  // A dissolved or merged child stays while members or reads still fall under it, so columns add up.
  const children = rowsOf<{ id: string; code: string; name: string; type: string; status: string }>(
    await ctx.db.execute(
      sql`SELECT id, code, name, type, status FROM units WHERE parent_id = ${unit.id} ORDER BY sort_order, name_search, id`,
    ),
  ).filter((c) => c.status === 'active' || membersOf.has(c.id) || readChildren.has(c.id));
  const totalMembers = members.reduce((s, m) => s + m.n, 0);
  // Columns: the children, and the unit's own members (a grassroots cell) when it has any.
  const columns = [
    ...(membersOf.has(null) || children.length === 0
      ? [{ id: null, code: unit.code, name: unit.name, type: unit.type, direct: true }]
      : []),
    ...children.map((c) => ({ id: c.id as string | null, code: c.code, name: c.name, type: c.type, direct: false })),
  ];
  return {
    unit: { id: unit.id, code: unit.code, name: unit.name },
    members: totalMembers,
    columns: columns.map((c) => ({
      unitId: c.id ?? unit.id,
      code: c.code,
      name: c.name,
      direct: c.direct,
      members: membersOf.get(c.id) ?? 0,
    })),
    documents: top.map(([id, d]) => ({
      id,
      title: docOf.get(id)?.title ?? '',
      symbol: docOf.get(id)?.symbol ?? null,
      readers: d.readers,
      opens: d.opens,
      rate: rate(d.readers, totalMembers),
      notRead: totalMembers - d.readers,
      byUnit: columns.map((c) => d.byChild.get(c.id) ?? 0),
    })),
  };
}

/** Counted members of the unit's subtree without a read receipt for the document. */
export async function notRead(ctx: Ctx, q: { unitId: string; documentId: string; limit: number; offset: number }) {
  const unit = await load.unit(ctx, q.unitId, 'stats.read');
  // The document must be one the unit's members could read: the same 404 as an unknown id otherwise.
  const [doc] = rowsOf<{ id: string; title: string }>(
    await ctx.db.execute(
      sql`SELECT id, title FROM documents WHERE id = ${q.documentId} AND ${reachesSubtreeSql(unit.path, ctx.clock.now())}`,
    ),
  );
  if (!doc) throw notFound('Không tìm thấy tài liệu.');
  const rows = rowsOf<{ id: string; full_name: string; status: string; phone: string | null; cell_name: string; n: number }>(
    await ctx.db.execute(sql`
      SELECT m.id, m.full_name, m.status, m.phone, c.name AS cell_name, count(*) OVER ()::int AS n
      FROM members m JOIN units c ON c.id = m.cell_id
      WHERE c.path LIKE ${unit.path + '%'} AND m.status IN ${COUNTED}
        AND NOT EXISTS (SELECT 1 FROM document_reads r WHERE r.document_id = ${doc.id} AND r.member_id = m.id)
      ORDER BY c.path, m.name_search, m.id LIMIT ${q.limit} OFFSET ${q.offset}`),
  );
  return {
    unit: { id: unit.id, code: unit.code, name: unit.name },
    document: doc,
    total: rows[0]?.n ?? 0,
    items: rows.map((r) => ({
      id: r.id,
      fullName: r.full_name,
      status: r.status,
      cellName: r.cell_name,
      phoneMasked: r.phone ? maskPhone(r.phone) : null,
    })),
  };
}
