/**
 * The policy layer: the one place that decides who may do what to which row (auth/policy.ts says
 * how a policy is declared). Services take every row named by a request through `load`:
 *
 *   const m = await load.meeting(ctx, id, 'meetings.manage');   // the row, or 404 / 403
 *
 * and send what the UI may offer with it through `abilitiesOf`:
 *
 *   abilities: abilitiesOf.meeting(ctx.actor, m, ctx.clock.now())
 *
 * Nothing outside src/server/auth/ reads `actor.roles` (ESLint forbids it): listings filter with
 * scopeFilter/listingScope, pickers use unitsInScope, and a rule that is not "holds the action at
 * the row's unit" is written here, once.
 */
import { unitPolicy } from './policies/unit.ts';
import { meetingPolicy } from './policies/meeting.ts';
import { memberPolicy } from './policies/member.ts';
import { roleAssignmentPolicy } from './policies/role-assignment.ts';
import { transferPolicy } from './policies/transfer.ts';
import { correctionPolicy } from './policies/correction.ts';
import { feedbackPolicy } from './policies/feedback.ts';
import { noticePolicy } from './policies/notice.ts';
import { notificationPolicy } from './policies/notification.ts';
import { documentPolicy } from './policies/document.ts';
import { libraryFilePolicy } from './policies/library-file.ts';
import { meetingFilePolicy } from './policies/meeting-file.ts';
import { guidancePolicy } from './policies/guidance.ts';

export type { PolicyCtx } from './policy.ts';
export type { UnitRow } from './policies/unit.ts';
export type { MeetingRow, ScopedMeeting } from './policies/meeting.ts';
export type { MemberRow, ScopedMember } from './policies/member.ts';
export type { ScopedRoleAssignment } from './policies/role-assignment.ts';
export { transferCells, transferRows, type ScopedTransfer } from './policies/transfer.ts';
export type { ScopedCorrection } from './policies/correction.ts';
export type { FeedbackRow } from './policies/feedback.ts';
export type { ScopedNotice } from './policies/notice.ts';
export type { NotificationRow } from './policies/notification.ts';
export { documentAbilities, managesDocument, type DocumentRow, type ScopedDocument } from './policies/document.ts';
export type { ScopedLibraryFile } from './policies/library-file.ts';
export type { ScopedMeetingFile } from './policies/meeting-file.ts';
export type { ScopedGuidance } from './policies/guidance.ts';

/** `load.<resource>(ctx, id, action)`: the row, narrowed, or 404 (unknown or foreign) / 403 (known, refused). */
export const load = {
  unit: unitPolicy.load,
  meeting: meetingPolicy.load,
  member: memberPolicy.load,
  roleAssignment: roleAssignmentPolicy.load,
  transfer: transferPolicy.load,
  correction: correctionPolicy.load,
  feedback: feedbackPolicy.load,
  notice: noticePolicy.load,
  notification: notificationPolicy.load,
  document: documentPolicy.load,
  libraryFile: libraryFilePolicy.load,
  meetingFile: meetingFilePolicy.load,
  guidance: guidancePolicy.load,
};

/** `find.<resource>(ctx, id, action)`: the row when allowed, else undefined (no error). */
export const find = {
  unit: unitPolicy.find,
  meeting: meetingPolicy.find,
  member: memberPolicy.find,
  roleAssignment: roleAssignmentPolicy.find,
  transfer: transferPolicy.find,
  correction: correctionPolicy.find,
  feedback: feedbackPolicy.find,
  notice: noticePolicy.find,
  notification: notificationPolicy.find,
  document: documentPolicy.find,
  libraryFile: libraryFilePolicy.find,
  meetingFile: meetingFilePolicy.find,
  guidance: guidancePolicy.find,
};

/** `can.<resource>(actor, action, row, now)`: the same rule for a row already in hand. */
export const can = {
  unit: unitPolicy.can,
  meeting: meetingPolicy.can,
  member: memberPolicy.can,
  roleAssignment: roleAssignmentPolicy.can,
  transfer: transferPolicy.can,
  correction: correctionPolicy.can,
  feedback: feedbackPolicy.can,
  notice: noticePolicy.can,
  notification: notificationPolicy.can,
  document: documentPolicy.can,
  libraryFile: libraryFilePolicy.can,
  meetingFile: meetingFilePolicy.can,
  guidance: guidancePolicy.can,
};

/** `abilitiesOf.<resource>(actor, row, now)`: what the UI may offer on the row, sent with it. */
export const abilitiesOf = {
  unit: unitPolicy.abilities,
  meeting: meetingPolicy.abilities,
  member: memberPolicy.abilities,
  roleAssignment: roleAssignmentPolicy.abilities,
  transfer: transferPolicy.abilities,
  correction: correctionPolicy.abilities,
  feedback: feedbackPolicy.abilities,
  notice: noticePolicy.abilities,
  notification: notificationPolicy.abilities,
  document: documentPolicy.abilities,
  libraryFile: libraryFilePolicy.abilities,
  meetingFile: meetingFilePolicy.abilities,
  guidance: guidancePolicy.abilities,
};
