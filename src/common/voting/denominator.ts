/**
 * Who counts (DOMAIN.md "Voting"): the official members summoned, minus those on temporary
 * activity elsewhere, absent exempted members, suspended or detained members, and those absent
 * with an approved reason. Probationary members do not vote. Every member left out carries the
 * reason, so the screen can say why the denominator is what it is.
 */
import type { AttendanceStatus } from '../meetings/rules.ts';
import { reaches, needed, type Fraction, type VotingRules } from './rules.ts';

export interface RollMember {
  memberId: string;
  fullName: string;
  /** The party standing: official, probationary, or exempted (an exempted member is an official one). */
  standing: 'official' | 'probationary' | 'exempted';
  /** null: not marked in the roll call yet (counted, not present). */
  attendance: AttendanceStatus | null;
  /** On temporary party activity in another cell (sinh hoạt tạm thời nơi khác). */
  temporaryElsewhere: boolean;
  /** Here on temporary activity from another cell, where the member holds the vote. */
  temporaryHere: boolean;
  suspended: boolean;
  detained: boolean;
}

export const EXCLUSION_REASONS = [
  'probationary',
  'temporary_elsewhere',
  'temporary_here',
  'exempted_absent',
  'suspended',
  'detained',
  'absent_excused',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export const EXCLUSION_TEXT: Record<ExclusionReason, string> = {
  probationary: 'Đảng viên dự bị (không biểu quyết)',
  temporary_elsewhere: 'Đang sinh hoạt tạm thời nơi khác',
  temporary_here: 'Sinh hoạt tạm thời tại chi bộ (biểu quyết tại chi bộ chính thức)',
  exempted_absent: 'Được miễn sinh hoạt, vắng mặt',
  suspended: 'Đang bị đình chỉ sinh hoạt đảng',
  detained: 'Đang bị tạm giam, tạm giữ',
  absent_excused: 'Vắng mặt có lý do được chấp thuận',
};

export interface CountedMember {
  memberId: string;
  fullName: string;
  present: boolean;
}

export interface Denominator {
  /** Members counted: the base of every "more than half" and "two thirds". */
  counted: CountedMember[];
  excluded: Array<{ memberId: string; fullName: string; reason: ExclusionReason }>;
  /** Counted members present in the room: who may vote. */
  present: number;
}

const isPresent = (a: AttendanceStatus | null) => a === 'present' || a === 'late';

/** The first reason that leaves the member out, in the order DOMAIN.md lists them; null when counted. */
export function exclusionOf(m: RollMember, rules: VotingRules['exclude']): ExclusionReason | null {
  if (m.standing === 'probationary') return 'probationary';
  if (rules.temporaryElsewhere && m.temporaryElsewhere) return 'temporary_elsewhere';
  if (rules.temporaryHere && m.temporaryHere) return 'temporary_here';
  const present = isPresent(m.attendance);
  if (rules.exemptedAbsent && m.standing === 'exempted' && !present) return 'exempted_absent';
  if (rules.suspended && m.suspended) return 'suspended';
  if (rules.detained && m.detained) return 'detained';
  if (rules.absentExcused && m.attendance === 'absent_excused') return 'absent_excused';
  return null;
}

export function denominator(roll: RollMember[], rules: VotingRules['exclude']): Denominator {
  const counted: CountedMember[] = [];
  const excluded: Denominator['excluded'] = [];
  for (const m of roll) {
    const reason = exclusionOf(m, rules);
    if (reason) excluded.push({ memberId: m.memberId, fullName: m.fullName, reason });
    else counted.push({ memberId: m.memberId, fullName: m.fullName, present: isPresent(m.attendance) });
  }
  return { counted, excluded, present: counted.filter((c) => c.present).length };
}

export interface QuorumCheck {
  met: boolean;
  present: number;
  counted: number;
  needed: number;
}

export function quorum(d: Pick<Denominator, 'present'> & { counted: unknown[] }, f: Fraction): QuorumCheck {
  const counted = d.counted.length;
  return { met: counted > 0 && reaches(d.present, counted, f), present: d.present, counted, needed: needed(counted, f) };
}
