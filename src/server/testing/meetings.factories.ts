/**
 * Factories for the meetings area: a ward with cells, a secretary, members with accounts (one
 * exempted), a committee member above; and finalized past meetings written straight to the
 * database for rules that look back over months.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client.ts';
import type { Config } from '../config.ts';
import { meetingAttendance, meetingInvitations, meetings } from '../db/schema.ts';
import type { AttendanceStatus, MeetingKind } from '../../common/meetings/rules.ts';
import { vnMonth } from '../../common/time/vietnam.ts';
import { registrationDeadline } from '../../common/meetings/time.ts';
import { call, makeMember, makeUnit, makeUser, sessionCookie, type TestUnit } from './factories.ts';

export interface Person {
  memberId: string;
  userId: string;
  cookie: string;
  fullName: string;
}

export async function makePerson(
  db: Db,
  config: Config,
  cell: TestUnit,
  opts: { fullName?: string; status?: 'official' | 'probationary' | 'exempted'; secretary?: boolean; now?: Date } = {},
): Promise<Person> {
  const { member } = await makeMember(db, {
    cell,
    fullName: opts.fullName,
    status: opts.status ?? 'official',
    phone: null,
    cccd: null,
  });
  const user = await makeUser(db, {
    memberId: member.id,
    displayName: member.fullName,
    roles: opts.secretary ? [{ role: 'cell_secretary', unit: cell }] : [],
  });
  return {
    memberId: member.id,
    userId: user.id,
    cookie: await sessionCookie(db, config, user.id, opts.now),
    fullName: member.fullName,
  };
}

/** A ward (grassroots) with cells A, B, C; A has a secretary, three members and one exempted member. */
export async function makeMeetingWorld(db: Db, config: Config, now: Date) {
  const ward = await makeUnit(db, { type: 'grassroots', name: 'Đảng bộ phường Thử Nghiệm' });
  const cellA = await makeUnit(db, { parent: ward, type: 'cell', name: 'Chi bộ khu phố 1' });
  const cellB = await makeUnit(db, { parent: ward, type: 'cell', name: 'Chi bộ khu phố 2' });
  const cellC = await makeUnit(db, { parent: ward, type: 'cell', name: 'Chi bộ khu phố 3' });
  const secretary = await makePerson(db, config, cellA, { fullName: 'Trần Văn Bí Thư', secretary: true, now });
  const m1 = await makePerson(db, config, cellA, { fullName: 'Lê Thị Một', now });
  const m2 = await makePerson(db, config, cellA, { fullName: 'Phạm Văn Hai', now });
  const m3 = await makePerson(db, config, cellA, { fullName: 'Hoàng Văn Ba', status: 'probationary', now });
  const exempted = await makePerson(db, config, cellA, { fullName: 'Ngô Văn Miễn', status: 'exempted', now });
  const secretaryB = await makePerson(db, config, cellB, { fullName: 'Đỗ Thị Bí Thư Hai', secretary: true, now });
  const committeeUser = await makeUser(db, { displayName: 'Cấp ủy phường', roles: [{ role: 'committee_member', unit: ward }] });
  const committee = await sessionCookie(db, config, committeeUser.id, now);
  return { ward, cellA, cellB, cellC, secretary, m1, m2, m3, exempted, secretaryB, committee };
}

export function registerBody(cellId: string, startsAt: string, minutes = 120, extra: Record<string, unknown> = {}) {
  const start = new Date(startsAt);
  return {
    cellId,
    kind: 'regular',
    topic: 'Sinh hoạt thường kỳ',
    startsAt: start.toISOString(),
    plannedEndAt: new Date(start.getTime() + minutes * 60_000).toISOString(),
    place: 'Nhà văn hóa khu phố 1',
    ...extra,
  };
}

export async function registerMeeting(app: FastifyInstance, cookie: string, body: Record<string, unknown>): Promise<string> {
  const res = await call(app, cookie, { method: 'POST', url: '/api/meetings', payload: body });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { meeting: { id: string } }).meeting.id;
}

/** A finalized past meeting with the given roll call, written directly (no API). */
export async function makeFinalizedMeeting(
  db: Db,
  cell: TestUnit,
  startsAt: string,
  roll: Record<string, AttendanceStatus>,
  kind: MeetingKind = 'regular',
): Promise<string> {
  const id = randomUUID();
  const start = new Date(startsAt);
  const end = new Date(start.getTime() + 120 * 60_000);
  const month = vnMonth(start);
  await db.insert(meetings).values({
    id,
    cellId: cell.id,
    month,
    kind,
    startsAt: start,
    plannedEndAt: end,
    place: 'Hội trường',
    status: 'finalized',
    registeredAt: new Date(start.getTime() - 20 * 86_400_000),
    registrationDeadline: registrationDeadline(month, 25),
    registeredLate: false,
    actualStartAt: start,
    actualEndAt: end,
    finalPostedAt: end,
    finalizedAt: end,
    createdAt: start,
    updatedAt: end,
  });
  for (const [memberId, status] of Object.entries(roll)) {
    await db.insert(meetingInvitations).values({ meetingId: id, memberId });
    await db.insert(meetingAttendance).values({ meetingId: id, memberId, status, method: 'manual', updatedAt: end });
  }
  return id;
}

/** A meeting of `cellId` registered through the API a week from `now` (for the scope walk). */
export async function sampleMeeting(app: FastifyInstance, cookie: string, cellId: string, now: Date): Promise<string> {
  return registerMeeting(app, cookie, registerBody(cellId, new Date(now.getTime() + 7 * 86_400_000).toISOString()));
}

/** Request bodies for the meetings routes in the scope walk, each valid so the scope check is reached. */
export function meetingScopeSamples(ids: Record<string, string>): Record<string, unknown> {
  const uuid = '00000000-0000-4000-8000-000000000001';
  const at = '2030-01-10T12:00:00.000Z';
  return {
    'POST /api/meetings': registerBody(ids.unit!, at),
    'PUT /api/meetings/settings': { registrationDeadlineDay: 20 },
    'POST /api/meetings/rubrics': {
      name: 'x',
      definition: { criteria: [{ key: 'a', label: 'a', max: 100 }], ratingBands: [{ code: 'good', label: 'Tốt', min: 0 }] },
    },
    'POST /api/meetings/calendar-link': undefined,
    'POST /api/meetings/guidance': { unitId: ids.unit, month: '2030-01', title: 'Hướng dẫn', url: 'https://example.org/hd.pdf' },
    'POST /api/meetings/guidance/upload': undefined,
    'PATCH /api/meetings/:id': { place: 'Nơi khác' },
    'PUT /api/meetings/:id/agenda': { items: [{ title: 'Mục lạ' }] },
    'PUT /api/meetings/:id/draft': { draftResolution: 'Dự thảo lạ' },
    'POST /api/meetings/:id/materials': undefined,
    'POST /api/meetings/:id/publish': undefined,
    'POST /api/meetings/:id/invite': undefined,
    'POST /api/meetings/:id/rsvp': { answer: 'attend' },
    'POST /api/meetings/:id/opinions': { body: 'Ý kiến lạ' },
    'POST /api/meetings/:id/check-in': { token: '123456', clientId: uuid },
    'POST /api/meetings/:id/roll-call': { changes: [{ clientId: uuid, memberId: ids.member, status: 'present' }] },
    'PUT /api/meetings/:id/minutes': { actualStartAt: at, actualEndAt: '2030-01-10T14:00:00.000Z' },
    'PUT /api/meetings/:id/resolution': { resolutionText: 'Nghị quyết lạ' },
    'POST /api/meetings/:id/signed-copies': undefined,
    'POST /api/meetings/:id/finalize': undefined,
    'POST /api/meetings/:id/reopen': { reason: 'x' },
    'PUT /api/meetings/:id/evaluation': { scores: { conduct: 1 } },
  };
}
