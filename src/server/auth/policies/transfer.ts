/**
 * A transfer of a member between cells (chuyển sinh hoạt): both sides see it, the receiving side
 * accepts or rejects, the sending side may cancel. The same query serves the listing
 * (transfers.service.ts), so a row in a list and a row loaded by id carry the same paths.
 */
import { eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { members, memberTransfers, units } from '../../db/schema.ts';
import type { DbOrTx } from '../../db/client.ts';
import { authorize, type Actor } from '../authorize.ts';
import { definePolicy } from '../policy.ts';

const fromCell = alias(units, 'from_cell');
const toCell = alias(units, 'to_cell');

export const transferCells = { fromCell, toCell };

/** Every transfer with its member's name and both cells' names and paths. */
export function transferRows(db: DbOrTx) {
  return db
    .select({
      id: memberTransfers.id,
      memberId: memberTransfers.memberId,
      memberName: members.fullName,
      fromCellId: memberTransfers.fromCellId,
      fromCellName: fromCell.name,
      toCellId: memberTransfers.toCellId,
      toCellName: toCell.name,
      startDate: memberTransfers.startDate,
      endDate: memberTransfers.endDate,
      temporary: memberTransfers.temporary,
      reason: memberTransfers.reason,
      state: memberTransfers.state,
      requestedAt: memberTransfers.requestedAt,
      decidedAt: memberTransfers.decidedAt,
      decisionNote: memberTransfers.decisionNote,
      fromPath: fromCell.path,
      toPath: toCell.path,
    })
    .from(memberTransfers)
    .innerJoin(members, eq(members.id, memberTransfers.memberId))
    .innerJoin(fromCell, eq(fromCell.id, memberTransfers.fromCellId))
    .innerJoin(toCell, eq(toCell.id, memberTransfers.toCellId));
}

export type ScopedTransfer = Awaited<ReturnType<typeof transferRows>>[number];

const eitherSide = (actor: Actor, t: ScopedTransfer) =>
  authorize(actor, 'members.read', t.fromPath) || authorize(actor, 'members.read', t.toPath);

export const transferPolicy = definePolicy({
  fetch: async (db, id: string) => (await transferRows(db).where(eq(memberTransfers.id, id)))[0],
  path: (t) => t.toPath,
  rules: {
    'members.read': eitherSide,
    /** Accept or reject: the receiving cell's side. */
    decide: (actor, t) => authorize(actor, 'members.manage', t.toPath),
    /** Withdraw the request: the sending cell's side. */
    cancel: (actor, t) => authorize(actor, 'members.manage', t.fromPath),
  },
  known: eitherSide,
  forbidden: 'Đề nghị chuyển sinh hoạt này do chi bộ bên kia xử lý.',
  present: (can) => ({ decide: can('decide'), cancel: can('cancel') }),
});
