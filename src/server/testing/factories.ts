/**
 * Factories that create what they need themselves: a member makes its cell, a cell makes its
 * parents. Sessions are created directly (no argon2) so suites stay fast.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Db } from '../db/client.ts';
import {
  memberCellPeriods,
  members,
  roleAssignments,
  unitPlacements,
  units,
  users,
  type MemberStatus,
  type Role,
  type UnitType,
} from '../db/schema.ts';
import { createSession, SESSION_COOKIE } from '../auth/sessions.ts';
import { hashPassword } from '../auth/password.ts';
import { foldVietnamese } from '../../common/text/vietnamese.ts';
import type { Config } from '../config.ts';
import { cccdCompanions } from '../privacy/cccd-crypto.ts';

let seq = 0;
const next = () => ++seq;

export type TestUnit = typeof units.$inferSelect;

export async function makeUnit(
  db: Db,
  opts: { parent?: TestUnit; type?: UnitType; name?: string; code?: string } = {},
): Promise<TestUnit> {
  const id = randomUUID();
  const type = opts.type ?? (opts.parent ? 'cell' : 'province');
  const parent =
    opts.parent ?? (type === 'province' ? undefined : await makeUnit(db, { type: type === 'cell' ? 'grassroots' : 'province' }));
  const n = next();
  const name = opts.name ?? `Đơn vị thử ${n}`;
  const path = `${parent?.path ?? '/'}${id}/`;
  const [row] = await db
    .insert(units)
    .values({
      id,
      code: opts.code ?? `T${n}-${id.slice(0, 6)}`,
      name,
      shortName: name,
      nameSearch: foldVietnamese(name),
      type,
      parentId: parent?.id ?? null,
      path,
      depth: (parent?.depth ?? -1) + 1,
      sortOrder: n,
      createdAt: new Date('2024-01-01T00:00:00Z'),
    })
    .returning();
  await db
    .insert(unitPlacements)
    .values({ unitId: id, parentId: parent?.id ?? null, path, validFrom: new Date('2024-01-01T00:00:00Z') });
  return row!;
}

export async function makeMember(
  db: Db,
  opts: {
    cell?: TestUnit;
    fullName?: string;
    dateOfBirth?: string;
    phone?: string | null;
    cccd?: string | null;
    status?: MemberStatus;
  } = {},
) {
  const cell = opts.cell ?? (await makeUnit(db, { type: 'cell' }));
  const n = next();
  const fullName = opts.fullName ?? `Nguyễn Văn Thử ${n}`;
  const cccd = opts.cccd === undefined ? `0010700${String(10_000 + n).slice(-5)}` : opts.cccd;
  const [row] = await db
    .insert(members)
    .values({
      cellId: cell.id,
      fullName,
      nameSearch: foldVietnamese(fullName),
      dateOfBirth: opts.dateOfBirth ?? '1970-05-06',
      sex: 'male',
      phone: opts.phone === undefined ? `09${String(10_000_000 + n).slice(-8)}` : opts.phone,
      cccd,
      ...cccdCompanions(cccd),
      status: opts.status ?? 'official',
      admissionDate: '1995-01-01',
      officialDate: '1996-01-01',
    })
    .returning();
  await db.insert(memberCellPeriods).values({ memberId: row!.id, cellId: cell.id, validFrom: new Date('2024-01-01T00:00:00Z') });
  return { member: row!, cell };
}

export async function makeUser(
  db: Db,
  opts: {
    roles?: Array<{ role: Role; unit: TestUnit }>;
    memberId?: string;
    username?: string;
    password?: string;
    displayName?: string;
  } = {},
) {
  const n = next();
  const [user] = await db
    .insert(users)
    .values({
      username: opts.username ?? `user${n}`,
      displayName: opts.displayName ?? `Người dùng ${n}`,
      memberId: opts.memberId ?? null,
      passwordHash: opts.password ? await hashPassword(opts.password) : null,
      status: 'active',
      activatedAt: new Date(),
    })
    .returning();
  for (const r of opts.roles ?? [])
    await db.insert(roleAssignments).values({ userId: user!.id, role: r.role, unitId: r.unit.id });
  return user!;
}

/** A cookie header for a fresh session of `userId`. */
export async function sessionCookie(db: Db, config: Config, userId: string, now = new Date()): Promise<string> {
  const { token } = await createSession(db, userId, { ip: '127.0.0.1', userAgent: 'vitest' }, now, config);
  return `${SESSION_COOKIE}=${token}`;
}

/** app.inject with the CSRF header every state-changing request needs. */
export function call(app: FastifyInstance, cookie: string | undefined, opts: InjectOptions) {
  return app.inject({
    ...opts,
    headers: { 'x-requested-with': 'sotay', ...(cookie ? { cookie } : {}), ...(opts.headers ?? {}) },
  });
}
