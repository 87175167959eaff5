/**
 * Factories for voting: a cell with a secretary, official members, a probationary and an exempted
 * member, all with accounts; a meeting under way; and the roll call marked through the API.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client.ts';
import type { Config } from '../config.ts';
import type { AttendanceStatus } from '../../common/meetings/rules.ts';
import type { CreateVoteItemBody } from '../../common/api/voting.ts';
import { call, makeUnit } from './factories.ts';
import { makePerson, registerBody, registerMeeting, type Person } from './meetings.factories.ts';

export async function makeVotingWorld(db: Db, config: Config, now: Date, officials = 6) {
  const ward = await makeUnit(db, { type: 'grassroots', name: 'Đảng bộ phường Biểu Quyết' });
  const cell = await makeUnit(db, { parent: ward, type: 'cell', name: 'Chi bộ khu phố Bầu Cử' });
  const secretary = await makePerson(db, config, cell, { fullName: 'Trần Văn Bí Thư', secretary: true, now });
  const members: Person[] = [];
  for (let i = 0; i < officials; i++)
    members.push(await makePerson(db, config, cell, { fullName: `Đảng viên Chính Thức ${String.fromCharCode(65 + i)}`, now }));
  const probationary = await makePerson(db, config, cell, { fullName: 'Hoàng Văn Dự Bị', status: 'probationary', now });
  const exempted = await makePerson(db, config, cell, { fullName: 'Ngô Văn Miễn', status: 'exempted', now });
  return { ward, cell, secretary, members, probationary, exempted };
}

/** A meeting of the cell that started 10 minutes ago, with invitations sent. */
export async function meetingUnderWay(app: FastifyInstance, secretaryCookie: string, cellId: string, now: Date): Promise<string> {
  const id = await registerMeeting(
    app,
    secretaryCookie,
    registerBody(cellId, new Date(now.getTime() - 10 * 60_000).toISOString()),
  );
  const res = await call(app, secretaryCookie, { method: 'POST', url: `/api/meetings/${id}/invite` });
  if (res.statusCode !== 200) throw new Error(`invite failed: ${res.statusCode} ${res.body}`);
  return id;
}

export async function markRoll(
  app: FastifyInstance,
  secretaryCookie: string,
  meetingId: string,
  marks: Array<[Person, AttendanceStatus, string?]>,
): Promise<void> {
  const res = await call(app, secretaryCookie, {
    method: 'POST',
    url: `/api/meetings/${meetingId}/roll-call`,
    payload: {
      changes: marks.map(([p, status, reason]) => ({
        clientId: randomUUID(),
        memberId: p.memberId,
        status,
        reason: reason ?? '',
      })),
    },
  });
  if (res.statusCode !== 200) throw new Error(`roll call failed: ${res.statusCode} ${res.body}`);
}

export async function createVote(app: FastifyInstance, cookie: string, meetingId: string, body: CreateVoteItemBody) {
  const res = await call(app, cookie, { method: 'POST', url: `/api/meetings/${meetingId}/votes`, payload: body });
  if (res.statusCode !== 201) throw new Error(`create vote failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; candidates: Array<{ id: string; name: string }> };
}
