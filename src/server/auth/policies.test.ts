/**
 * The policy layer on real rows: a loader returns the row the actor may act on, 404 for an id that
 * is unknown or outside what the actor may know of, 403 where they know the row but may not do the
 * action; the abilities sent with a row come from the same rules.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { makeMember, makeUnit, makeUser, sessionCookie, type TestUnit } from '../testing/factories.ts';
import { makeFinalizedMeeting } from '../testing/meetings.factories.ts';
import { testConfig } from '../config.ts';
import { fixedClock } from '../clock.ts';
import type { Role } from '../db/schema.ts';
import { SESSION_COOKIE, actorFromToken } from './sessions.ts';
import type { Actor } from './authorize.ts';
import { abilitiesOf, can, find, load } from './policies.ts';

const config = testConfig();
const clock = fixedClock(new Date('2025-07-10T03:00:00Z'));

describe.each(ENGINES)('policies on %s', (engine) => {
  let database: TestDatabase;
  let cellA: TestUnit;
  let cellB: TestUnit;
  let meetingA: string;
  let meetingB: string;
  const actors: Record<string, Actor> = {};
  const ctx = (who: string) => ({ db: database.db, actor: actors[who]!, clock });

  async function actor(name: string, roles: Array<{ role: Role; unit: TestUnit }>, memberOf?: TestUnit) {
    const member = memberOf ? (await makeMember(database.db, { cell: memberOf })).member : undefined;
    const user = await makeUser(database.db, { roles, ...(member ? { memberId: member.id } : {}) });
    const cookie = await sessionCookie(database.db, config, user.id, clock.now());
    actors[name] = (await actorFromToken(database.db, cookie.slice(SESSION_COOKIE.length + 1), clock.now(), config))!;
    return member;
  }

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    const province = await makeUnit(database.db, { type: 'province' });
    const wardA = await makeUnit(database.db, { parent: province, type: 'grassroots' });
    const wardB = await makeUnit(database.db, { parent: province, type: 'grassroots' });
    cellA = await makeUnit(database.db, { parent: wardA, type: 'cell' });
    cellB = await makeUnit(database.db, { parent: wardB, type: 'cell' });
    await actor('secretaryA', [{ role: 'cell_secretary', unit: cellA }], cellA);
    await actor('editorWard', [{ role: 'editor', unit: wardA }]);
    await actor('adminWard', [{ role: 'unit_admin', unit: wardA }]);
    await actor('committeeWard', [{ role: 'committee_member', unit: wardA }]);
    const invited = await actor('memberA', [], cellA);
    await actor('otherMemberA', [], cellA);
    meetingA = await makeFinalizedMeeting(database.db, cellA, '2025-06-20T12:00:00Z', { [invited!.id]: 'present' });
    meetingB = await makeFinalizedMeeting(database.db, cellB, '2025-06-20T12:00:00Z', {});
  });
  afterAll(async () => database.close());

  it('gives the row, narrowed, to whoever may do the action at its unit', async () => {
    const u = await load.unit(ctx('secretaryA'), cellA.id, 'members.manage');
    expect(u.path).toBe(cellA.path);
    expect((await load.unit(ctx('adminWard'), cellA.id, 'org.manage')).id).toBe(cellA.id);
  });

  it('answers 404 for an unknown id and for a unit outside what the actor may know of', async () => {
    await expect(load.unit(ctx('secretaryA'), randomUUID(), 'org.read')).rejects.toMatchObject({ status: 404 });
    await expect(load.unit(ctx('secretaryA'), cellB.id, 'org.read')).rejects.toMatchObject({ status: 404 });
    await expect(load.unit(ctx('adminWard'), cellB.id, 'org.manage')).rejects.toMatchObject({ status: 404 });
    expect(await find.unit(ctx('secretaryA'), cellB.id, 'org.read')).toBeUndefined();
  });

  it('answers 403 where the actor sees the unit but may not do the action', async () => {
    await expect(load.unit(ctx('editorWard'), cellA.id, 'org.manage')).rejects.toMatchObject({ status: 403, code: 'forbidden' });
    await expect(load.unit(ctx('memberA'), cellA.id, 'members.read')).rejects.toMatchObject({ status: 403 });
  });

  it('sends the abilities the same rules give', async () => {
    const unit = await load.unit(ctx('adminWard'), cellA.id, 'org.read');
    expect(abilitiesOf.unit(actors.adminWard!, unit, clock.now())).toEqual({ manage: true, manageAccounts: true });
    expect(abilitiesOf.unit(actors.editorWard!, unit, clock.now())).toEqual({ manage: false, manageAccounts: false });
    expect(abilitiesOf.unit(actors.secretaryA!, unit, clock.now())).toEqual({ manage: false, manageAccounts: true });
  });

  it('loads a meeting by its cell, and knows who is invited', async () => {
    const m = await load.meeting(ctx('memberA'), meetingA, 'meetings.attend');
    expect(m.cellPath).toBe(cellA.path);
    expect(m.invited).toBe(true);
    expect(abilitiesOf.meeting(actors.memberA!, m, clock.now())).toEqual({ manage: false, attend: true, monitor: false });
    const other = await load.meeting(ctx('otherMemberA'), meetingA, 'meetings.read');
    expect(other.invited).toBe(false);
    expect(abilitiesOf.meeting(actors.otherMemberA!, other, clock.now()).attend).toBe(false);
    const watched = await load.meeting(ctx('committeeWard'), meetingA, 'meetings.monitor');
    expect(abilitiesOf.meeting(actors.committeeWard!, watched, clock.now())).toEqual({
      manage: false,
      attend: false,
      monitor: true,
    });
    expect(can.meeting(actors.secretaryA!, 'meetings.manage', watched, clock.now())).toBe(true);
  });

  it('refuses a meeting: 404 in another cell, 403 to a member of the cell asking to manage it', async () => {
    await expect(load.meeting(ctx('secretaryA'), meetingB, 'meetings.read')).rejects.toMatchObject({ status: 404 });
    await expect(load.meeting(ctx('memberA'), meetingB, 'meetings.attend')).rejects.toMatchObject({ status: 404 });
    await expect(load.meeting(ctx('memberA'), meetingA, 'meetings.manage')).rejects.toMatchObject({ status: 403 });
    await expect(load.meeting(ctx('memberA'), randomUUID(), 'meetings.read')).rejects.toMatchObject({ status: 404 });
  });
});
