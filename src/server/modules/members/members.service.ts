/**
 * Member listing for staff. Identity numbers and phones are personal data: listings carry only
 * masked forms. Issue 3 grows this module into the full registry.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { members, units, users } from '../../db/schema.ts';
import { listingScope } from '../../auth/scope.ts';
import { foldVietnamese } from '../../../common/text/vietnamese.ts';
import { maskPhone } from '../../../common/validation/phone.ts';
import { hashCccd, normalizeCccd } from '../../privacy/cccd-crypto.ts';
import type { Ctx } from '../../context.ts';

export interface MemberListQuery {
  unitId?: string | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

export async function listMembers(ctx: Ctx, query: MemberListQuery) {
  const conds = await listingScope(ctx, 'members.read', units.path, query.unitId);
  const cccd = query.q ? normalizeCccd(query.q.trim()) : '';
  const folded = query.q ? foldVietnamese(query.q) : '';
  // A 12-digit query is an exact CCCD lookup through the keyed hash (the number is stored encrypted).
  if (/^\d{12}$/.test(cccd)) conds.push(eq(members.cccdHash, hashCccd(cccd)));
  else if (folded) conds.push(sql`${members.nameSearch} LIKE ${'%' + folded.replace(/[\\%_]/g, (c) => `\\${c}`) + '%'}`);
  const where = and(...conds);
  const rows = await ctx.db
    .select({
      id: members.id,
      fullName: members.fullName,
      dateOfBirth: members.dateOfBirth,
      sex: members.sex,
      cellId: members.cellId,
      cellName: units.name,
      status: members.status,
      phone: members.phone,
      cccdMasked: members.cccdMasked,
      accountStatus: users.status,
      standardized: members.standardized,
    })
    .from(members)
    .innerJoin(units, eq(units.id, members.cellId))
    .leftJoin(users, eq(users.memberId, members.id))
    .where(where)
    .orderBy(asc(units.path), asc(members.nameSearch))
    .limit(query.limit)
    .offset(query.offset);
  const [count] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(members)
    .innerJoin(units, eq(units.id, members.cellId))
    .where(where);
  return {
    items: rows.map(({ phone, accountStatus, ...m }) => ({
      ...m,
      phoneMasked: phone ? maskPhone(phone) : null,
      accountStatus: accountStatus ?? ('none' as const),
    })),
    total: count?.n ?? 0,
  };
}
