/**
 * Writes a generated organization (generate.ts) into the database in one transaction.
 * Ids are made here, not by the database, so unit paths ("/<root>/.../<self>/") can be computed
 * before the insert and every row goes in with a few large multi-row statements.
 */
import { randomUUID } from 'node:crypto';
import { foldVietnamese } from '../../common/text/vietnamese.ts';
import { hashPassword } from '../auth/password.ts';
import type { Db, Tx } from '../db/client.ts';
import { memberCellPeriods, members, roleAssignments, unitPlacements, units, users } from '../db/schema.ts';
import { cccdCompanions } from '../privacy/cccd-crypto.ts';
import type { GeneratedOrganization, SeedUnit } from './generate.ts';

/** The day the demo tree "starts": placements and cell periods are open from here. */
export const SEED_VALID_FROM = '2024-01-01';
const BATCH = 1_000;

export interface LoadOptions {
  /** Every demo account gets this password; it is hashed once. */
  password: string;
  /** Defaults to now; injectable for tests. */
  now?: Date;
}

export interface LoadSummary {
  units: number;
  members: number;
  users: number;
}

async function insertBatched<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

interface PlacedUnit {
  id: string;
  parentId: string | null;
  path: string;
  depth: number;
}

/** Ids, paths and depths for every unit; parents may come in any order. */
function placeUnits(list: readonly SeedUnit[]): Map<string, PlacedUnit> {
  const byCode = new Map(list.map((u) => [u.code, u]));
  const placed = new Map<string, PlacedUnit>();
  const place = (code: string, seen: Set<string>): PlacedUnit => {
    const done = placed.get(code);
    if (done) return done;
    const unit = byCode.get(code);
    if (!unit) throw new Error(`unknown unit ${code}`);
    if (seen.has(code)) throw new Error(`cycle in the unit tree at ${code}`);
    seen.add(code);
    const id = randomUUID();
    const parent = unit.parentCode === null ? null : place(unit.parentCode, seen);
    const result: PlacedUnit = parent
      ? { id, parentId: parent.id, path: `${parent.path}${id}/`, depth: parent.depth + 1 }
      : { id, parentId: null, path: `/${id}/`, depth: 0 };
    placed.set(code, result);
    return result;
  };
  for (const u of list) place(u.code, new Set());
  return placed;
}

export async function loadOrganization(db: Db | Tx, data: GeneratedOrganization, opts: LoadOptions): Promise<LoadSummary> {
  // Argon2 is slow on purpose: one hash shared by all demo accounts.
  const passwordHash = await hashPassword(opts.password);
  const now = opts.now ?? new Date();
  const validFrom = new Date(`${SEED_VALID_FROM}T00:00:00Z`);
  const placed = placeUnits(data.units);
  const unitId = (code: string): string => {
    const p = placed.get(code);
    if (!p) throw new Error(`unknown unit ${code}`);
    return p.id;
  };
  const memberIds = new Map(data.members.map((m) => [m.key, randomUUID()]));

  await db.transaction(async (tx: Tx) => {
    const unitRows = data.units.map((u) => {
      const p = placed.get(u.code) as PlacedUnit;
      return {
        id: p.id,
        code: u.code,
        name: u.name,
        shortName: u.shortName,
        nameSearch: foldVietnamese(u.name),
        type: u.type,
        parentId: p.parentId,
        path: p.path,
        depth: p.depth,
        sortOrder: u.sortOrder,
        createdAt: validFrom,
      };
    });
    await insertBatched(unitRows, (chunk) => tx.insert(units).values(chunk));
    await insertBatched(unitRows, (chunk) =>
      tx
        .insert(unitPlacements)
        .values(chunk.map((u) => ({ unitId: u.id, parentId: u.parentId, path: u.path, validFrom, validTo: null }))),
    );

    const memberRows = data.members.map((m) => ({
      id: memberIds.get(m.key) as string,
      cellId: unitId(m.cellCode),
      fullName: m.fullName,
      nameSearch: foldVietnamese(m.fullName),
      dateOfBirth: m.dateOfBirth,
      sex: m.sex,
      // Encrypted by the column type; hash and masked form computed here, in JS, for the bulk insert.
      cccd: m.cccd,
      ...cccdCompanions(m.cccd),
      phone: m.phone,
      partyCardNumber: m.partyCardNumber,
      admissionDate: m.admissionDate,
      officialDate: m.officialDate,
      status: m.status,
      ethnicity: m.ethnicity,
      religion: m.religion,
      hometown: m.hometown,
      occupation: m.occupation,
    }));
    await insertBatched(memberRows, (chunk) => tx.insert(members).values(chunk));
    // A member admitted after the tree's start date joined the cell on admission.
    await insertBatched(memberRows, (chunk) =>
      tx.insert(memberCellPeriods).values(
        chunk.map((m) => ({
          memberId: m.id,
          cellId: m.cellId,
          validFrom: m.admissionDate > SEED_VALID_FROM ? new Date(`${m.admissionDate}T00:00:00Z`) : validFrom,
          reason: 'seed',
        })),
      ),
    );

    const userRows = data.staff.map((s) => ({
      id: randomUUID(),
      username: s.username,
      displayName: s.displayName,
      passwordHash,
      memberId: s.memberKey ? (memberIds.get(s.memberKey) ?? null) : null,
      status: 'active' as const,
      activatedAt: now,
      createdAt: now,
    }));
    await insertBatched(userRows, (chunk) => tx.insert(users).values(chunk));
    await insertBatched(
      data.staff.map((s, i) => ({
        userId: (userRows[i] as { id: string }).id,
        role: s.role,
        unitId: unitId(s.unitCode),
        createdAt: now,
      })),
      (chunk) => tx.insert(roleAssignments).values(chunk),
    );
  });

  return { units: data.units.length, members: data.members.length, users: data.staff.length };
}
