/**
 * The member's home in one answer: the next meeting (time, place, my answer, materials, my opinion),
 * the newest documents and news for me with what I have not opened, my tasks from resolutions,
 * and unread notifications. Everything is the actor's own or filtered by the library's visibility
 * rule and the meetings scope, like the pages each part leads to.
 */
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import { scopeFilter } from '../../auth/authorize.ts';
import { meetings, units } from '../../db/schema.ts';
import type { Ctx } from '../../context.ts';
import { vnDate } from '../../../common/time/vietnam.ts';
import { listMonthlyMaterials } from '../documents/monthly.ts';
import { asDate } from '../documents/rows.ts';
import { visibleSql } from '../documents/visibility.ts';
import type { Home } from './home.schemas.ts';

const ITEMS = 5;
const TASKS = 5;
const NOTICES = 3;
/** "Unread" counts look this far back: older unread items are the library's business, not home's. */
const UNREAD_DAYS = 30;
const UNREAD_CAP = 100;
/** Tasks of resolutions from this far back, due at most this long ago, are still shown. */
const TASK_MEETINGS_DAYS = 200;
const TASK_OVERDUE_DAYS = 30;
/** A meeting that ended less than this long ago is still "next" (it may still be running late). */
const RUNNING_GRACE_MS = 60 * 60_000;

type NextRow = {
  id: string;
  kind: 'regular' | 'thematic' | 'extraordinary';
  topic: string;
  cell_name: string;
  cell_path: string;
  month: string;
  starts_at: Date | string;
  planned_end_at: Date | string;
  place: string;
  rsvp: 'pending' | 'attend' | 'absent';
  rsvp_reason: string;
  materials_posted_at: Date | string | null;
  my_opinions: number;
  last_opinion: string | null;
  last_opinion_at: Date | string | null;
};

async function nextMeeting(ctx: Ctx, memberId: string, now: Date): Promise<Home['nextMeeting']> {
  const since = new Date(now.getTime() - RUNNING_GRACE_MS).toISOString();
  const [m] = rowsOf<NextRow>(
    await ctx.db.execute(sql`
      SELECT m.id, m.kind, m.topic, u.name AS cell_name, u.path AS cell_path, m.month, m.starts_at, m.planned_end_at, m.place,
        i.rsvp, i.rsvp_reason, m.materials_posted_at,
        (SELECT count(*)::int FROM meeting_opinions o WHERE o.meeting_id = m.id AND o.member_id = ${memberId}) AS my_opinions,
        lo.body AS last_opinion, lo.created_at AS last_opinion_at
      FROM meeting_invitations i
      JOIN ${meetings} m ON m.id = i.meeting_id
      JOIN ${units} u ON u.id = m.cell_id
      LEFT JOIN LATERAL (SELECT o.body, o.created_at FROM meeting_opinions o WHERE o.meeting_id = m.id AND o.member_id = ${memberId}
                         ORDER BY o.created_at DESC LIMIT 1) lo ON true
      WHERE i.member_id = ${memberId} AND m.status = 'scheduled' AND coalesce(m.actual_end_at, m.planned_end_at) >= ${since}
        AND ${scopeFilter(ctx.actor, 'meetings.read', sql.raw('u.path'))}
      ORDER BY m.starts_at LIMIT 1`),
  );
  if (!m) return null;
  const posted = asDate(m.materials_posted_at);
  // Materials reach members only once the secretary published them (as on the meeting page).
  const [files, library] = posted
    ? await Promise.all([
        ctx.db.execute(sql`
          SELECT f.id, s.original_name AS name, s.mime FROM meeting_files f JOIN stored_files s ON s.id = f.file_id
          WHERE f.meeting_id = ${m.id} AND f.purpose = 'material' ORDER BY f.created_at`),
        listMonthlyMaterials(ctx.db, m.cell_path, m.month, now),
      ])
    : [null, []];
  return {
    id: m.id,
    kind: m.kind,
    topic: m.topic,
    cellName: m.cell_name,
    startsAt: asDate(m.starts_at)!,
    plannedEndAt: asDate(m.planned_end_at)!,
    place: m.place,
    rsvp: m.rsvp,
    rsvpReason: m.rsvp_reason,
    materialsPostedAt: posted,
    materials: files ? rowsOf<{ id: string; name: string; mime: string }>(files) : [],
    libraryMaterials: library.map((d) => ({ id: d.id, title: d.title, symbol: d.symbol })),
    myOpinions: m.my_opinions,
    lastOpinion: m.last_opinion ? { body: m.last_opinion, createdAt: asDate(m.last_opinion_at)! } : null,
  };
}

async function lastMeeting(ctx: Ctx, memberId: string): Promise<Home['lastMeeting']> {
  const [m] = rowsOf<{ id: string; starts_at: Date | string; topic: string; cell_name: string }>(
    await ctx.db.execute(sql`
      SELECT m.id, m.starts_at, m.topic, u.name AS cell_name
      FROM meeting_invitations i JOIN ${meetings} m ON m.id = i.meeting_id JOIN ${units} u ON u.id = m.cell_id
      WHERE i.member_id = ${memberId} AND m.status = 'finalized' AND ${scopeFilter(ctx.actor, 'meetings.read', sql.raw('u.path'))}
      ORDER BY m.starts_at DESC LIMIT 1`),
  );
  return m ? { id: m.id, startsAt: asDate(m.starts_at)!, topic: m.topic, cellName: m.cell_name } : null;
}

type ItemRow = {
  id: string;
  kind: 'document' | 'news' | 'page';
  title: string;
  symbol: string | null;
  type_name: string | null;
  issuer_name: string | null;
  issue_date: string | null;
  category: string | null;
  publish_at: Date | string | null;
  read: boolean;
};

/** The newest visible items of a kind, by publication (what is new to the reader, not the issue date). */
async function newest(ctx: Ctx, kind: 'document' | 'news', now: Date): Promise<Home['documents']> {
  const rows = rowsOf<ItemRow>(
    await ctx.db.execute(sql`
      SELECT d.id, d.kind, d.title, d.symbol, dt.name AS type_name, di.name AS issuer_name, d.issue_date::text AS issue_date,
        d.category, d.publish_at,
        EXISTS (SELECT 1 FROM document_reads r WHERE r.document_id = d.id AND r.user_id = ${ctx.actor.userId}) AS read
      FROM documents d
      LEFT JOIN document_types dt ON dt.code = d.type_code LEFT JOIN document_issuers di ON di.code = d.issuer_code
      WHERE d.kind = ${kind} AND ${visibleSql(ctx.actor, now, 'd')}
      ORDER BY d.publish_at DESC, d.id LIMIT ${ITEMS}`),
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    symbol: r.symbol,
    typeName: r.type_name,
    issuerName: r.issuer_name,
    issueDate: r.issue_date,
    category: r.category,
    publishAt: asDate(r.publish_at),
    read: r.read,
  }));
}

async function unreadRecent(ctx: Ctx, now: Date): Promise<{ document: number; news: number }> {
  const since = new Date(now.getTime() - UNREAD_DAYS * 86_400_000).toISOString();
  const rows = rowsOf<{ kind: string; n: number }>(
    await ctx.db.execute(sql`
      SELECT kind, count(*)::int AS n FROM (
        SELECT d.kind FROM documents d
        WHERE d.kind IN ('document', 'news') AND d.publish_at >= ${since} AND ${visibleSql(ctx.actor, now, 'd')}
          AND NOT EXISTS (SELECT 1 FROM document_reads r WHERE r.document_id = d.id AND r.user_id = ${ctx.actor.userId})
        LIMIT ${UNREAD_CAP * 2}) x
      GROUP BY kind`),
  );
  const of = (k: string) => Math.min(UNREAD_CAP, rows.find((r) => r.kind === k)?.n ?? 0);
  return { document: of('document'), news: of('news') };
}

async function myTasks(ctx: Ctx, memberId: string, now: Date): Promise<Home['tasks']> {
  const today = vnDate(now);
  const oldest = new Date(now.getTime() - TASK_MEETINGS_DAYS * 86_400_000).toISOString();
  const dueFrom = vnDate(new Date(now.getTime() - TASK_OVERDUE_DAYS * 86_400_000));
  const rows = rowsOf<{
    id: string;
    title: string;
    due_date: string | null;
    meeting_id: string;
    starts_at: Date | string;
    topic: string;
  }>(
    await ctx.db.execute(sql`
      SELECT t.id, t.title, t.due_date::text AS due_date, m.id AS meeting_id, m.starts_at, m.topic
      FROM meeting_tasks t JOIN ${meetings} m ON m.id = t.meeting_id JOIN ${units} u ON u.id = m.cell_id
      WHERE t.owner_member_id = ${memberId} AND m.status = 'finalized' AND m.starts_at >= ${oldest}
        AND (t.due_date IS NULL OR t.due_date >= ${dueFrom}::date)
        AND ${scopeFilter(ctx.actor, 'meetings.read', sql.raw('u.path'))}
      ORDER BY t.due_date NULLS LAST, m.starts_at DESC, t.position LIMIT ${TASKS}`),
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    dueDate: r.due_date,
    overdue: r.due_date !== null && r.due_date < today,
    meetingId: r.meeting_id,
    meetingStartsAt: asDate(r.starts_at)!,
    meetingTopic: r.topic,
  }));
}

async function unreadNotices(ctx: Ctx): Promise<Home['notifications']> {
  const rows = rowsOf<{
    id: string;
    title: string;
    body: string;
    link: string | null;
    created_at: Date | string;
    unread: number;
  }>(
    await ctx.db.execute(sql`
      SELECT n.id, n.title, n.body, n.link, n.created_at, count(*) OVER ()::int AS unread
      FROM notifications n WHERE n.user_id = ${ctx.actor.userId} AND n.read_at IS NULL
      ORDER BY n.created_at DESC, n.id DESC LIMIT ${NOTICES}`),
  );
  // count(*) OVER () counts before the LIMIT: the whole unread number comes with the first rows.
  return {
    unread: rows[0]?.unread ?? 0,
    items: rows.map((r) => ({ id: r.id, title: r.title, body: r.body, link: r.link, createdAt: asDate(r.created_at)! })),
  };
}

export async function home(ctx: Ctx): Promise<Home> {
  const now = ctx.clock.now();
  const memberId = ctx.actor.memberId;
  const [next, last, documents, news, unread, tasks, notices] = await Promise.all([
    memberId ? nextMeeting(ctx, memberId, now) : null,
    memberId ? lastMeeting(ctx, memberId) : null,
    newest(ctx, 'document', now),
    newest(ctx, 'news', now),
    unreadRecent(ctx, now),
    memberId ? myTasks(ctx, memberId, now) : [],
    unreadNotices(ctx),
  ]);
  return {
    nextMeeting: next,
    lastMeeting: last,
    documents,
    news,
    unreadDocuments: unread.document,
    unreadNews: unread.news,
    tasks,
    notifications: notices,
  };
}
