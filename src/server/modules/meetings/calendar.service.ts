/**
 * A private calendar feed (ICS) per member: the link carries a random token (only its hash is
 * stored); anyone holding the link sees that member's meeting times, nothing else.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { meetingCalendarTokens, meetingInvitations, meetings, units, users } from '../../db/schema.ts';
import { newToken, sha256 } from '../../auth/tokens.ts';
import { notFound } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';

export function calendarUrl(ctx: Ctx, token: string): string {
  return `${ctx.config.publicUrl}/api/meetings/calendar/${token}.ics`;
}

/** Creates (or replaces, invalidating the old link) the actor's calendar token. */
export async function rotateCalendarToken(ctx: Ctx) {
  const token = newToken(24);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(meetingCalendarTokens)
      .values({ userId: ctx.actor.userId, tokenHash: sha256(token), createdAt: now })
      .onConflictDoUpdate({ target: meetingCalendarTokens.userId, set: { tokenHash: sha256(token), createdAt: now } });
    await recordAudit(tx, sourceOf(ctx), {
      action: 'meetings.calendar_token',
      targetType: 'user',
      targetId: ctx.actor.userId,
      changes: { calendarToken: { old: null, new: 'rotated' } },
    });
  });
  return { url: calendarUrl(ctx, token) };
}

function icsText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

function icsTime(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Lines longer than 75 octets are folded (RFC 5545 §3.1). */
function fold(line: string): string {
  const bytes = Buffer.from(line);
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let cur = '';
  for (const ch of line) {
    if (Buffer.byteLength(cur + ch) > (parts.length ? 74 : 75)) {
      parts.push(cur);
      cur = '';
    }
    cur += ch;
  }
  parts.push(cur);
  return parts.join('\r\n ');
}

export async function calendarFeed(db: Db, token: string, now: Date, publicUrl: string): Promise<string> {
  const [owner] = await db
    .select({ userId: meetingCalendarTokens.userId, memberId: users.memberId })
    .from(meetingCalendarTokens)
    .innerJoin(users, eq(users.id, meetingCalendarTokens.userId))
    .where(and(eq(meetingCalendarTokens.tokenHash, sha256(token)), eq(users.status, 'active')));
  if (!owner) throw notFound();
  const since = new Date(now.getTime() - 90 * 86_400_000);
  const rows = owner.memberId
    ? await db
        .select({
          id: meetings.id,
          topic: meetings.topic,
          kind: meetings.kind,
          startsAt: meetings.startsAt,
          plannedEndAt: meetings.plannedEndAt,
          place: meetings.place,
          cellName: units.name,
          updatedAt: meetings.updatedAt,
        })
        .from(meetingInvitations)
        .innerJoin(meetings, eq(meetings.id, meetingInvitations.meetingId))
        .innerJoin(units, eq(units.id, meetings.cellId))
        .where(and(eq(meetingInvitations.memberId, owner.memberId), sql`${meetings.startsAt} >= ${since.toISOString()}`))
        .orderBy(asc(meetings.startsAt))
        .limit(200)
    : [];
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//So tay Dang vien//Sinh hoat chi bo//VI',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'X-WR-CALNAME:Sinh hoạt chi bộ',
  ];
  for (const m of rows) {
    const title =
      m.kind === 'extraordinary'
        ? 'Sinh hoạt chi bộ bất thường'
        : m.kind === 'thematic'
          ? 'Sinh hoạt chuyên đề'
          : 'Sinh hoạt chi bộ';
    lines.push(
      'BEGIN:VEVENT',
      `UID:${m.id}@sotay`,
      `DTSTAMP:${icsTime(m.updatedAt)}`,
      `DTSTART:${icsTime(m.startsAt)}`,
      `DTEND:${icsTime(m.plannedEndAt)}`,
      `SUMMARY:${icsText(`${title}: ${m.cellName}`)}`,
      `LOCATION:${icsText(m.place)}`,
      `DESCRIPTION:${icsText(m.topic)}`,
      `URL:${publicUrl}/sinh-hoat/${m.id}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}
