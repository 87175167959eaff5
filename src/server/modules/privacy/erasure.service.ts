/**
 * Erasure of a former member's personal data after the retention period (ERASURE_RETENTION_YEARS,
 * default 5, counted from the day of removal, expulsion, leaving or death). What stays is what the
 * statistics count: the member row with its cell, sex, birth YEAR, ethnicity, education, political
 * theory, admission and official dates and status; the status history and cell periods;
 * attendance, read receipts and opinions (now pointing at an anonymous row). What goes: name, birth
 * name, CCCD, phone, card/record/badge numbers, home town, occupation, religion, notes, the photo,
 * correction requests, the speaker name in minutes, and the account (credentials, sessions, roles,
 * notifications; the row itself only stays, emptied, where anonymous statistics still point at it).
 * Unit admins of the member's unit or above decide (`members.erase`); the act is audited without
 * any of the erased values.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { formatDateVi } from '../../../common/members/dates.ts';
import {
  activationCodes,
  authChallenges,
  documentBookmarks,
  feedbackEvents,
  feedbackItems,
  meetingCalendarTokens,
  meetingRemarks,
  memberCorrectionRequests,
  memberPhotos,
  members,
  memberStatusChanges,
  notificationPrefs,
  notifications,
  pushSubscriptions,
  recoveryCodes,
  roleAssignments,
  sessions,
  storedFiles,
  users,
  type MemberStatus,
} from '../../db/schema.ts';
import { AppError, conflict } from '../../http/errors.ts';
import type { Storage } from '../../storage/storage.ts';
import type { Ctx } from '../../context.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';
import { vnDate } from '../../../common/time/vietnam.ts';
import { load } from '../../auth/policies.ts';

/** Statuses after which a person is no longer a member. */
export const FORMER_STATUSES: readonly MemberStatus[] = ['removed', 'expelled', 'resigned', 'deceased'];
export const ERASED_NAME = 'Đã xóa dữ liệu cá nhân';
/** What an erased member's question shows in place of its subject. */
const ERASED_TEXT = 'Nội dung đã xóa theo quy định lưu giữ dữ liệu cá nhân';
const ERASED_FIELDS = [
  'fullName',
  'birthName',
  'dateOfBirth (giữ năm)',
  'cccd',
  'phone',
  'partyCardNumber',
  'recordNumber',
  'badgeNumber',
  'hometown',
  'occupation',
  'religion',
  'professionalQualification',
  'foreignLanguage',
  'partyPosition',
  'notes',
  'photo',
  'corrections',
  'account',
  'questions (nội dung)',
];

function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // 29 February plus N years falls on 1 March when that year has no 29 February.
  const t = new Date(Date.UTC(y + years, m - 1, d));
  return t.toISOString().slice(0, 10);
}

const loadTarget = (ctx: Ctx, memberId: string) => load.member(ctx, memberId, 'members.erase');

export interface ErasureCheck {
  eligible: boolean;
  erasedAt: Date | null;
  /** The day the retention period ends (null when the status does not allow erasure or the date is unknown). */
  eligibleFrom: string | null;
  retentionYears: number;
  reason: string | null;
}

async function check(ctx: Ctx, m: Awaited<ReturnType<typeof loadTarget>>): Promise<ErasureCheck> {
  const years = ctx.config.ERASURE_RETENTION_YEARS;
  const base = { erasedAt: m.erasedAt, retentionYears: years };
  if (m.erasedAt)
    return { ...base, eligible: false, eligibleFrom: null, reason: 'Dữ liệu cá nhân của đảng viên này đã được xóa.' };
  if (!FORMER_STATUSES.includes(m.status)) {
    return {
      ...base,
      eligible: false,
      eligibleFrom: null,
      reason: 'Chỉ xóa được dữ liệu của người đã bị xóa tên, khai trừ, ra khỏi Đảng hoặc đã từ trần.',
    };
  }
  let since = m.statusDate;
  if (!since) {
    const [last] = await ctx.db
      .select({ d: memberStatusChanges.effectiveDate })
      .from(memberStatusChanges)
      .where(and(eq(memberStatusChanges.memberId, m.id), eq(memberStatusChanges.toStatus, m.status)))
      .orderBy(desc(memberStatusChanges.effectiveDate))
      .limit(1);
    since = last?.d ?? null;
  }
  if (!since)
    return {
      ...base,
      eligible: false,
      eligibleFrom: null,
      reason: 'Chưa rõ ngày chuyển sang tình trạng hiện tại: hãy ghi ngày hiệu lực trước khi xóa dữ liệu.',
    };
  const eligibleFrom = addYears(since, years);
  if (vnDate(ctx.clock.now()) < eligibleFrom) {
    return {
      ...base,
      eligible: false,
      eligibleFrom,
      reason: `Chưa hết thời hạn lưu giữ ${years} năm kể từ ngày ${formatDateVi(since)}: chỉ được xóa từ ngày ${formatDateVi(eligibleFrom)}.`,
    };
  }
  return { ...base, eligible: true, eligibleFrom, reason: null };
}

export async function erasureStatus(ctx: Ctx, memberId: string): Promise<ErasureCheck> {
  return check(ctx, await loadTarget(ctx, memberId));
}

export async function eraseMember(ctx: Ctx, storage: Storage, memberId: string): Promise<ErasureCheck> {
  const m = await loadTarget(ctx, memberId);
  const verdict = await check(ctx, m);
  if (m.erasedAt) throw conflict('erasure.done', verdict.reason!);
  if (!verdict.eligible)
    throw new AppError(409, verdict.eligibleFrom ? 'erasure.retention' : 'erasure.not_allowed', verdict.reason!);
  const now = ctx.clock.now();
  const removedKeys: string[] = [];
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(members)
      .set({
        fullName: ERASED_NAME,
        nameSearch: '',
        nameKey: null,
        birthName: null,
        // The birth year stays for age bands; day and month go.
        dateOfBirth: m.dateOfBirth ? `${m.dateOfBirth.slice(0, 4)}-01-01` : null,
        cccd: null,
        cccdHash: null,
        cccdMasked: null,
        legacyCccd: null,
        phone: null,
        partyCardNumber: null,
        recordNumber: null,
        badgeNumber: null,
        hometown: null,
        occupation: null,
        religion: null,
        professionalQualification: null,
        foreignLanguage: null,
        partyPosition: null,
        notes: null,
        problems: null,
        standardized: null,
        checkedOn: null,
        erasedAt: now,
        updatedAt: now,
      })
      .where(eq(members.id, m.id));
    await tx.delete(memberCorrectionRequests).where(eq(memberCorrectionRequests.memberId, m.id));
    const [photo] = await tx
      .select({ fileId: memberPhotos.fileId, thumbFileId: memberPhotos.thumbFileId })
      .from(memberPhotos)
      .where(eq(memberPhotos.memberId, m.id));
    if (photo) {
      await tx.delete(memberPhotos).where(eq(memberPhotos.memberId, m.id));
      const files = await tx
        .delete(storedFiles)
        .where(inArray(storedFiles.id, [photo.fileId, photo.thumbFileId]))
        .returning({ key: storedFiles.storageKey });
      removedKeys.push(...files.map((f) => f.key));
    }
    await tx
      .update(meetingRemarks)
      .set({ speakerName: 'Đảng viên (đã xóa dữ liệu)', speakerMemberId: null })
      .where(eq(meetingRemarks.speakerMemberId, m.id));
    const accounts = await tx.select({ id: users.id }).from(users).where(eq(users.memberId, m.id));
    for (const { id } of accounts) {
      for (const t of [
        sessions,
        activationCodes,
        recoveryCodes,
        authChallenges,
        roleAssignments,
        pushSubscriptions,
        notificationPrefs,
        notifications,
        documentBookmarks,
        meetingCalendarTokens,
      ]) {
        await tx.delete(t).where(eq(t.userId, id));
      }
      // The member's questions stay for the committee's figures, without their words (and what the
      // member wrote in their history); the committee's own replies are the committee's.
      await tx.update(feedbackItems).set({ subject: ERASED_TEXT, body: '' }).where(eq(feedbackItems.authorUserId, id));
      await tx
        .update(feedbackEvents)
        .set({ body: '' })
        .where(
          and(
            eq(feedbackEvents.actorUserId, id),
            inArray(
              feedbackEvents.itemId,
              tx.select({ id: feedbackItems.id }).from(feedbackItems).where(eq(feedbackItems.authorUserId, id)),
            ),
          ),
        );
      // Read receipts and questions keep pointing at the account for the counts: then it stays as an empty row.
      try {
        await tx.transaction(async (sp) => {
          await sp.delete(users).where(eq(users.id, id));
        });
      } catch {
        await tx
          .update(users)
          .set({
            memberId: null,
            username: null,
            phone: null,
            displayName: 'Tài khoản đã xóa',
            passwordHash: null,
            pinHash: null,
            totpSecret: null,
            totpPendingSecret: null,
            totpEnabledAt: null,
            totpLastStep: null,
            status: 'disabled',
            lastSeenAt: null,
          })
          .where(eq(users.id, id));
      }
    }
    await recordAudit(tx, sourceOf(ctx), {
      action: 'member.erase',
      targetType: 'member',
      targetId: m.id,
      unitId: m.cellId,
      unitPath: m.cellPath,
      changes: { erased: { old: null, new: ERASED_FIELDS }, retentionYears: { old: null, new: verdict.retentionYears } },
    });
  });
  // Files go after the commit: a failed transaction must not leave rows pointing at deleted files.
  for (const key of removedKeys) await storage.remove(key).catch(() => undefined);
  return { ...verdict, eligible: false, erasedAt: now, reason: 'Dữ liệu cá nhân của đảng viên này đã được xóa.' };
}
