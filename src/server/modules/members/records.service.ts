/**
 * The member record: the full view for staff (every view logged as `member.view`; CCCD and phone
 * shown only to roles that keep member data), edits, status changes with their history, the
 * member's own view, and correction requests (member asks, secretary / unit admin decides).
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { PROBLEM_LABELS_VI, type ProblemCode } from '../../../common/members/checks.ts';
import { maskCccd } from '../../../common/validation/cccd.ts';
import { maskPhone, normalizePhone } from '../../../common/validation/phone.ts';
import { toNfc } from '../../../common/text/vietnamese.ts';
import type { Tx } from '../../db/client.ts';
import {
  memberCellPeriods,
  memberCorrectionRequests,
  members,
  memberStatusChanges,
  units,
  type MemberStatus,
} from '../../db/schema.ts';
import { scopeFilter } from '../../auth/authorize.ts';
import { abilitiesOf, can, load, type ScopedMember } from '../../auth/policies.ts';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';
import { diff, recordAudit, sourceOf } from '../audit/audit.service.ts';
import { derive, MEMBER_FIELD_NAMES, type CheckContext, type MemberFields } from './record.ts';
import { checkContext } from './standardization.service.ts';
import { decryptCccd, encryptCccd, hashCccd, maskCccdChanges, withCccdCompanions } from '../../privacy/cccd-crypto.ts';

type MemberRow = typeof members.$inferSelect;

async function present(ctx: Ctx, m: ScopedMember, opts: { unmasked: boolean }) {
  const statusHistory = await ctx.db
    .select({
      fromStatus: memberStatusChanges.fromStatus,
      toStatus: memberStatusChanges.toStatus,
      effectiveDate: memberStatusChanges.effectiveDate,
      note: memberStatusChanges.note,
      at: memberStatusChanges.at,
    })
    .from(memberStatusChanges)
    .where(eq(memberStatusChanges.memberId, m.id))
    .orderBy(asc(memberStatusChanges.effectiveDate), asc(memberStatusChanges.id));
  const cellHistory = await ctx.db
    .select({
      cellId: memberCellPeriods.cellId,
      cellName: units.name,
      validFrom: memberCellPeriods.validFrom,
      validTo: memberCellPeriods.validTo,
      reason: memberCellPeriods.reason,
    })
    .from(memberCellPeriods)
    .innerJoin(units, eq(units.id, memberCellPeriods.cellId))
    .where(eq(memberCellPeriods.memberId, m.id))
    .orderBy(asc(memberCellPeriods.validFrom), asc(memberCellPeriods.id));
  const fields = Object.fromEntries(MEMBER_FIELD_NAMES.map((f) => [f, m[f] ?? null])) as unknown as MemberFields;
  return {
    ...fields,
    cccd: m.cccd && !opts.unmasked ? maskCccd(m.cccd) : m.cccd,
    phone: m.phone && !opts.unmasked ? maskPhone(m.phone) : m.phone,
    id: m.id,
    cellId: m.cellId,
    cellName: m.cellName,
    status: m.status,
    statusDate: m.statusDate,
    standardized: m.standardized,
    problems: (m.problems ?? []).map((p) => ({ ...p, label: PROBLEM_LABELS_VI[p.code as ProblemCode] ?? p.code })),
    accountStatus: m.accountStatus,
    statusHistory,
    cellHistory,
    abilities: abilitiesOf.member(ctx.actor, m, ctx.clock.now()),
  };
}

/** Full record for staff; the view itself is audited (personal data, accessed by need). */
export async function getMember(ctx: Ctx, memberId: string) {
  const m = await load.member(ctx, memberId, 'members.read');
  await recordAudit(ctx.db, sourceOf(ctx), {
    action: 'member.view',
    targetType: 'member',
    targetId: memberId,
    unitId: m.cellId,
    unitPath: m.cellPath,
  });
  // CCCD and phone in full only to those who keep the cell's member data.
  return { member: await present(ctx, m, { unmasked: can.member(ctx.actor, 'members.manage', m, ctx.clock.now()) }) };
}

/** The signed-in member's own record, unmasked (it is their data). */
export async function getOwnMember(ctx: Ctx) {
  if (!ctx.actor.memberId) throw notFound('Tài khoản này không gắn với hồ sơ đảng viên.');
  const m = await load.member(ctx, ctx.actor.memberId, 'self');
  return { member: await present(ctx, m, { unmasked: true }) };
}

function cleanFields(input: Partial<MemberFields>): Partial<MemberFields> {
  const out: Partial<MemberFields> = { ...input };
  for (const [k, v] of Object.entries(out)) {
    if (typeof v === 'string') (out as Record<string, unknown>)[k] = v === '' ? null : toNfc(v);
  }
  if (out.fullName === null) delete out.fullName;
  if (typeof out.phone === 'string') {
    const normal = normalizePhone(out.phone);
    if (!normal)
      throw badRequest('member.phone_invalid', 'Số điện thoại di động không hợp lệ (10 số, đầu 03, 05, 07, 08, 09).', [
        { field: 'phone', message: 'Số điện thoại không hợp lệ' },
      ]);
    out.phone = normal;
  }
  return out;
}

/** Writes changed fields of one member in `tx` with its derived columns and audit entry. */
/** `check` is read before the transaction (it needs no lock, and the transaction stays short). */
export async function writeMemberFields(
  ctx: Ctx,
  tx: Tx,
  check: CheckContext,
  before: MemberRow,
  unit: { id: string; path: string },
  changes: Partial<MemberFields>,
  action = 'member.update',
) {
  const next = { ...before, ...changes };
  if (changes.cccd && changes.cccd !== before.cccd) {
    const [taken] = await tx
      .select({ id: members.id })
      .from(members)
      .where(and(eq(members.cccdHash, hashCccd(changes.cccd)), sql`${members.id} <> ${before.id}`));
    if (taken) throw conflict('member.cccd_taken', 'Số CCCD này đã thuộc một hồ sơ đảng viên khác.');
  }
  const d = derive(next, check);
  await tx
    .update(members)
    .set({ ...withCccdCompanions(changes), ...d, updatedAt: ctx.clock.now() })
    .where(eq(members.id, before.id));
  const audit = maskCccdChanges(diff(before as MemberFields, changes, Object.keys(changes) as Array<keyof MemberFields>));
  await recordAudit(tx, sourceOf(ctx), {
    action,
    targetType: 'member',
    targetId: before.id,
    unitId: unit.id,
    unitPath: unit.path,
    changes: audit,
  });
}

export async function updateMember(ctx: Ctx, memberId: string, input: Partial<MemberFields>) {
  const m = await load.member(ctx, memberId, 'members.manage');
  const changes = cleanFields(input);
  const check = await checkContext(ctx);
  await ctx.db.transaction(async (tx) => writeMemberFields(ctx, tx, check, m, { id: m.cellId, path: m.cellPath }, changes));
  return { member: await present(ctx, await load.member(ctx, memberId, 'members.manage'), { unmasked: true }) };
}

export interface StatusChange {
  status: MemberStatus;
  effectiveDate: string;
  note: string;
  partyCardNumber?: string | undefined;
}

export async function changeStatus(ctx: Ctx, memberId: string, input: StatusChange) {
  const m = await load.member(ctx, memberId, 'members.manage');
  if (m.status === input.status) throw conflict('member.status_same', 'Đảng viên đã ở trạng thái này.');
  if (m.admissionDate && input.effectiveDate < m.admissionDate) {
    throw badRequest('member.status_date', 'Ngày hiệu lực không thể trước ngày vào Đảng.', [
      { field: 'effectiveDate', message: 'Trước ngày vào Đảng' },
    ]);
  }
  const changes: Partial<MemberRow> = { status: input.status, statusDate: input.effectiveDate };
  if (input.status === 'official' && m.status === 'probationary') changes.officialDate = input.effectiveDate;
  if (input.partyCardNumber) changes.partyCardNumber = input.partyCardNumber;
  const check = await checkContext(ctx);
  await ctx.db.transaction(async (tx) => {
    const next = { ...m, ...changes };
    await tx
      .update(members)
      .set({ ...changes, ...derive(next, check), updatedAt: ctx.clock.now() })
      .where(eq(members.id, m.id));
    await tx.insert(memberStatusChanges).values({
      memberId: m.id,
      fromStatus: m.status,
      toStatus: input.status,
      effectiveDate: input.effectiveDate,
      note: input.note,
      actorId: ctx.actor.userId,
      at: ctx.clock.now(),
    });
    await recordAudit(tx, sourceOf(ctx), {
      action: 'member.status',
      targetType: 'member',
      targetId: m.id,
      unitId: m.cellId,
      unitPath: m.cellPath,
      changes: { ...diff(m, changes, Object.keys(changes) as Array<keyof MemberRow>), note: { old: null, new: input.note } },
    });
  });
  return { member: await present(ctx, await load.member(ctx, memberId, 'members.manage'), { unmasked: true }) };
}

// ---------------------------------------------------------------------------------------------
// Correction requests

const correctionColumns = {
  id: memberCorrectionRequests.id,
  memberId: memberCorrectionRequests.memberId,
  memberName: members.fullName,
  cellName: units.name,
  field: memberCorrectionRequests.field,
  currentValue: memberCorrectionRequests.currentValue,
  proposedValue: memberCorrectionRequests.proposedValue,
  note: memberCorrectionRequests.note,
  state: memberCorrectionRequests.state,
  requestedAt: memberCorrectionRequests.requestedAt,
  decidedAt: memberCorrectionRequests.decidedAt,
  decisionNote: memberCorrectionRequests.decisionNote,
};

/** A CCCD correction keeps the current number masked and the proposed one encrypted, like the record. */
function sealedCorrection(field: string, current: string | null, proposed: string) {
  if (field !== 'cccd') return { currentValue: current, proposedValue: proposed };
  return { currentValue: current ? maskCccd(current) : null, proposedValue: encryptCccd(proposed) };
}

function openCorrection<T extends { field: string; proposedValue: string }>(c: T): T {
  return c.field === 'cccd' && c.proposedValue.startsWith('v1.') ? { ...c, proposedValue: decryptCccd(c.proposedValue) } : c;
}

export async function requestCorrection(ctx: Ctx, input: { field: keyof MemberFields; proposedValue: string; note: string }) {
  if (!ctx.actor.memberId) throw notFound('Tài khoản này không gắn với hồ sơ đảng viên.');
  const row = await load.member(ctx, ctx.actor.memberId, 'self');
  const current = row[input.field];
  const pending = await ctx.db
    .select({ id: memberCorrectionRequests.id })
    .from(memberCorrectionRequests)
    .where(
      and(
        eq(memberCorrectionRequests.memberId, row.id),
        eq(memberCorrectionRequests.field, input.field),
        eq(memberCorrectionRequests.state, 'pending'),
      ),
    );
  if (pending.length > 0) throw conflict('correction.pending', 'Bạn đã có một đề nghị sửa trường này đang chờ xử lý.');
  const id = await ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(memberCorrectionRequests)
      .values({
        memberId: row.id,
        field: input.field,
        ...sealedCorrection(input.field, current == null ? null : String(current), toNfc(input.proposedValue)),
        note: input.note,
        requestedBy: ctx.actor.userId,
        requestedAt: ctx.clock.now(),
      })
      .returning({ id: memberCorrectionRequests.id });
    await recordAudit(tx, sourceOf(ctx), {
      action: 'member.correction_request',
      targetType: 'member',
      targetId: row.id,
      unitId: row.cellId,
      unitPath: row.cellPath,
      changes: maskCccdChanges({ [input.field]: { old: current ?? null, new: input.proposedValue } }),
    });
    return created!.id;
  });
  return { correction: await loadCorrection(ctx, id) };
}

async function loadCorrection(ctx: Ctx, id: string) {
  const [c] = await ctx.db
    .select(correctionColumns)
    .from(memberCorrectionRequests)
    .innerJoin(members, eq(members.id, memberCorrectionRequests.memberId))
    .innerJoin(units, eq(units.id, members.cellId))
    .where(eq(memberCorrectionRequests.id, id));
  if (!c) throw notFound();
  return openCorrection(c);
}

export async function ownCorrections(ctx: Ctx) {
  if (!ctx.actor.memberId) return { items: [] };
  const items = await ctx.db
    .select(correctionColumns)
    .from(memberCorrectionRequests)
    .innerJoin(members, eq(members.id, memberCorrectionRequests.memberId))
    .innerJoin(units, eq(units.id, members.cellId))
    .where(eq(memberCorrectionRequests.memberId, ctx.actor.memberId))
    .orderBy(desc(memberCorrectionRequests.requestedAt));
  return { items: items.map(openCorrection) };
}

export async function listCorrections(ctx: Ctx, unitId: string | undefined) {
  const conds = [scopeFilter(ctx.actor, 'members.manage', units.path), eq(memberCorrectionRequests.state, 'pending')];
  if (unitId) conds.push(sql`${units.path} LIKE ${(await load.unit(ctx, unitId, 'members.manage')).path + '%'}`);
  const items = await ctx.db
    .select(correctionColumns)
    .from(memberCorrectionRequests)
    .innerJoin(members, eq(members.id, memberCorrectionRequests.memberId))
    .innerJoin(units, eq(units.id, members.cellId))
    .where(and(...conds))
    .orderBy(asc(memberCorrectionRequests.requestedAt))
    .limit(500);
  return { items: items.map(openCorrection) };
}

const DATE_FIELDS = new Set(['dateOfBirth', 'admissionDate', 'officialDate']);

export async function decideCorrection(ctx: Ctx, id: string, input: { accept: boolean; note: string }) {
  const req = openCorrection(await load.correction(ctx, id, 'members.manage'));
  if (req.state !== 'pending') throw conflict('correction.decided', 'Đề nghị này đã được xử lý.');
  const row = await load.member(ctx, req.memberId, 'members.manage');
  let value: string | null = req.proposedValue;
  const field = req.field as keyof MemberFields;
  if (input.accept) {
    if (DATE_FIELDS.has(field) && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
      if (!m)
        throw new AppError(422, 'correction.value', 'Giá trị đề nghị không phải một ngày hợp lệ; hãy sửa trực tiếp trong hồ sơ.');
      value = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
    }
    if (field === 'sex') value = /^(nữ|nu|female)$/i.test(value) ? 'female' : /^(nam|male)$/i.test(value) ? 'male' : null;
    if (field === 'sex' && !value) throw new AppError(422, 'correction.value', 'Giới tính đề nghị không rõ (Nam / Nữ).');
  }
  const check = await checkContext(ctx);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(memberCorrectionRequests)
      .set({
        state: input.accept ? 'accepted' : 'rejected',
        decidedBy: ctx.actor.userId,
        decidedAt: ctx.clock.now(),
        decisionNote: input.note,
      })
      .where(eq(memberCorrectionRequests.id, id));
    if (input.accept)
      await writeMemberFields(
        ctx,
        tx,
        check,
        row,
        { id: row.cellId, path: row.cellPath },
        cleanFields({ [field]: value } as Partial<MemberFields>),
        'member.correction_accept',
      );
    else
      await recordAudit(tx, sourceOf(ctx), {
        action: 'member.correction_reject',
        targetType: 'member',
        targetId: req.memberId,
        unitId: row.cellId,
        unitPath: row.cellPath,
        changes: maskCccdChanges({ [field]: { old: req.currentValue, new: req.proposedValue } }),
      });
  });
  return { correction: await loadCorrection(ctx, id) };
}
