/**
 * Reading: read receipts (one per reader and document, recorded when it is opened), bookmarks
 * ("xem sau"), reading history, and the views of who has read: a secretary sees the members of
 * the cell, a committee sees the read percentage of each unit below it.
 *
 * Receipts and bookmarks are the reader's own traces, written on every opening: they are not
 * audited (the audit log records changes to managed data, and would double with every read).
 */
import { and, eq, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import { documentBookmarks, documentReads } from '../../db/schema.ts';
import { unitsInScope } from '../../auth/authorize.ts';
import { AppError, notFound } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';
import { readable, type DocumentRow } from './documents.service.ts';
import { SUMMARY_FROM, SUMMARY_SELECT, asDate, toSummary, type SummaryRow } from './rows.ts';
import { pathIds, visibleSql } from './visibility.ts';
import { load } from '../../auth/policies.ts';

/** Members counted in reading figures: exempted and departed members are not (DOMAIN.md). */
const COUNTED = sql.raw(`('official', 'probationary')`);

export async function recordRead(ctx: Ctx, doc: DocumentRow): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db
    .insert(documentReads)
    .values({ documentId: doc.id, userId: ctx.actor.userId, memberId: ctx.actor.memberId, firstReadAt: now, lastReadAt: now })
    .onConflictDoUpdate({
      target: [documentReads.documentId, documentReads.userId],
      set: { lastReadAt: now, readCount: sql`${documentReads.readCount} + 1` },
    });
}

/** Called by the document page when it opens. Only a visible, published item gets a receipt. */
export async function markRead(ctx: Ctx, id: string) {
  const r = await readable(ctx, id);
  if (!r.visible) return { ok: false };
  await recordRead(ctx, r.doc);
  return { ok: true };
}

export async function setBookmark(ctx: Ctx, id: string, on: boolean) {
  const r = await readable(ctx, id);
  if (on) {
    await ctx.db
      .insert(documentBookmarks)
      .values({ userId: ctx.actor.userId, documentId: r.doc.id, createdAt: ctx.clock.now() })
      .onConflictDoNothing();
  } else {
    await ctx.db
      .delete(documentBookmarks)
      .where(and(eq(documentBookmarks.userId, ctx.actor.userId), eq(documentBookmarks.documentId, id)));
  }
  return { ok: true };
}

/** Bookmarks or history, limited to what the actor may still read (an unpublished item drops out). */
export async function readingList(ctx: Ctx, which: 'bookmarks' | 'history') {
  const now = ctx.clock.now();
  const join =
    which === 'bookmarks'
      ? sql`JOIN document_bookmarks x ON x.document_id = d.id AND x.user_id = ${ctx.actor.userId}`
      : sql`JOIN document_reads x ON x.document_id = d.id AND x.user_id = ${ctx.actor.userId}`;
  const at = which === 'bookmarks' ? sql.raw('x.created_at') : sql.raw('x.last_read_at');
  const rows = rowsOf<SummaryRow & { at: Date | string }>(
    await ctx.db.execute(
      sql`SELECT ${SUMMARY_SELECT}, ${at} AS at FROM ${SUMMARY_FROM} ${join} WHERE ${visibleSql(ctx.actor, now, 'd')} ORDER BY ${at} DESC LIMIT 200`,
    ),
  );
  return { items: rows.map((r) => ({ ...toSummary(r), at: asDate(r.at)! })) };
}

/** The unit asked for, or the first unit where the actor may see reading figures. */
async function statsUnit(ctx: Ctx, unitId: string | undefined) {
  const id = unitId ?? unitsInScope(ctx.actor, 'documents.readStats')[0]?.id;
  if (!id) throw new AppError(403, 'forbidden', 'Bạn không có quyền xem tình hình đọc văn bản.');
  return load.unit(ctx, id, 'documents.readStats');
}

/** The document must be addressed to the unit (or above it): otherwise its members need not read it. */
async function visibleAtUnit(ctx: Ctx, id: string, unitPath: string) {
  const r = await readable(ctx, id);
  const ids = pathIds(unitPath);
  const [hit] = rowsOf<{ ok: number }>(
    await ctx.db.execute(
      sql`SELECT 1 AS ok FROM document_targets WHERE document_id = ${id} AND unit_id IN (${sql.join(
        ids.map((u) => sql`${u}::uuid`),
        sql`, `,
      )}) LIMIT 1`,
    ),
  );
  if (!hit || r.doc.status !== 'published') throw notFound('Văn bản không được phát hành tới đơn vị này.');
}

/** Secretary view: each member of the cell (or unit subtree) and whether they have read it. */
export async function readers(ctx: Ctx, id: string, unitId?: string) {
  const unit = await statsUnit(ctx, unitId);
  await visibleAtUnit(ctx, id, unit.path);
  const rows = rowsOf<{ member_id: string; full_name: string; read_at: Date | string | null }>(
    await ctx.db.execute(sql`
      SELECT m.id AS member_id, m.full_name, min(r.first_read_at) AS read_at
      FROM members m JOIN units mu ON mu.id = m.cell_id
      LEFT JOIN document_reads r ON r.document_id = ${id} AND r.member_id = m.id
      WHERE mu.path LIKE ${unit.path + '%'} AND m.status IN ${COUNTED}
      GROUP BY m.id, m.full_name
      ORDER BY (min(r.first_read_at) IS NULL) DESC, m.full_name
      LIMIT 2000`),
  );
  const items = rows.map((r) => ({ memberId: r.member_id, fullName: r.full_name, readAt: asDate(r.read_at) }));
  return { unit: { id: unit.id, name: unit.name }, total: items.length, read: items.filter((i) => i.readAt).length, items };
}

/** Committee view: read percentage of each unit directly below `unitId`. */
export async function readStats(ctx: Ctx, id: string, unitId?: string) {
  const unit = await statsUnit(ctx, unitId);
  await visibleAtUnit(ctx, id, unit.path);
  const rows = rowsOf<{ unit_id: string; name: string; total: number; read: number }>(
    await ctx.db.execute(sql`
      SELECT c.id AS unit_id, c.name, count(m.id)::int AS total, count(r.member_id)::int AS read
      FROM units c
      LEFT JOIN units mu ON mu.path LIKE c.path || '%'
      LEFT JOIN members m ON m.cell_id = mu.id AND m.status IN ${COUNTED}
      LEFT JOIN (SELECT DISTINCT member_id FROM document_reads WHERE document_id = ${id} AND member_id IS NOT NULL) r ON r.member_id = m.id
      WHERE c.parent_id = ${unit.id} AND c.status = 'active'
      GROUP BY c.id, c.name, c.sort_order
      ORDER BY c.sort_order, c.name`),
  );
  const items = rows.map((r) => ({
    unitId: r.unit_id,
    name: r.name,
    total: r.total,
    read: r.read,
    percent: r.total ? Math.round((r.read / r.total) * 1000) / 10 : 0,
  }));
  const total = items.reduce((s, i) => s + i.total, 0);
  const read = items.reduce((s, i) => s + i.read, 0);
  return { unit: { id: unit.id, name: unit.name }, total, read, items };
}
