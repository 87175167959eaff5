/** Types and small helpers of the meetings pages (shapes mirror the server's response schemas). */
import { ApiError, request } from '../api/client.ts';
import i18n from '../i18n/index.ts';

export type MeetingKind = 'regular' | 'thematic' | 'extraordinary';
export type AttendanceStatus = 'present' | 'late' | 'absent_excused' | 'absent_unexcused';
export type Rsvp = 'pending' | 'attend' | 'absent';
export type Rating = 'good' | 'fair' | 'average' | 'poor';

export interface MeetingListItem {
  id: string;
  cellId: string;
  cellName: string;
  month: string;
  kind: MeetingKind;
  topic: string;
  startsAt: string;
  plannedEndAt: string;
  place: string;
  status: 'scheduled' | 'finalized';
  registeredLate: boolean;
  materialsPostedAt: string | null;
  rating: Rating | null;
  rsvp?: Rsvp;
}

export interface Mine {
  items: MeetingListItem[];
  past: PastItem[];
  manageUnits: Array<{ id: string; name: string }>;
  monitorUnits: Array<{ id: string; name: string }>;
}

export interface FileInfo {
  id: string;
  purpose: 'material' | 'signed_copy';
  name: string;
  mime: string;
  size: number;
  hasThumb: boolean;
}

export interface MeetingDetail {
  meeting: {
    id: string;
    cellId: string;
    cellName: string;
    month: string;
    kind: MeetingKind;
    withThematic: boolean;
    topic: string;
    startsAt: string;
    plannedEndAt: string;
    place: string;
    chairMemberId: string | null;
    chairName: string | null;
    minutesTakerMemberId: string | null;
    minutesTakerName: string | null;
    status: 'scheduled' | 'finalized';
    minimumMinutes: number;
    registrationDeadline: string;
    invitedAt: string | null;
    materialsPostedAt: string | null;
    draftResolution: string;
    actualStartAt: string | null;
    actualEndAt: string | null;
    resolutionText: string;
    finalPostedAt: string | null;
    totalScore: number | null;
    rating: Rating | null;
    flags: { registeredLate: boolean; materialsLate: boolean; finalLate: boolean };
  };
  agenda: Array<{ id: string; title: string; description: string; conclusion: string }>;
  files: FileInfo[];
  guidance: Array<{ id: number; title: string; url: string | null; fileId: string | null; unitName: string }>;
  monthlyMaterials: Array<{ id: string; title: string; symbol: string | null }>;
  mine: {
    rsvp: Rsvp;
    reason: string;
    attendance: AttendanceStatus | null;
    opinions: Array<{ id: string; agendaItemId: string | null; body: string; createdAt: string }>;
  } | null;
  abilities: { manage: boolean; attend: boolean; monitor: boolean };
}

export interface AttendanceRow {
  memberId: string;
  fullName: string;
  rsvp: Rsvp;
  rsvpReason: string;
  status: AttendanceStatus | null;
  reason: string | null;
  method: string | null;
  checkedInAt: string | null;
}
export interface AttendanceView {
  items: AttendanceRow[];
  counts: {
    total: number;
    present: number;
    late: number;
    absentExcused: number;
    absentUnexcused: number;
    unmarked: number;
    rate: number | null;
  };
}

export interface Minutes {
  startAt: string;
  endAt: string | null;
  place: string;
  chairName: string | null;
  chairMemberId: string | null;
  minutesTakerName: string | null;
  minutesTakerMemberId: string | null;
  guests: Array<{ name: string; title: string }>;
  present: number;
  total: number;
  absentees: Array<{ fullName: string; excused: boolean; reason: string }>;
  items: Array<{
    agendaItemId: string;
    title: string;
    conclusion: string;
    remarks: Array<{ speakerMemberId: string | null; speakerName: string; remark: string }>;
  }>;
  notes: string;
  resolutionText: string;
  tasks: Array<{ title: string; ownerMemberId: string | null; ownerName: string; dueDate: string | null }>;
}

export interface EvaluationView {
  rubric: { id: string; name: string; ratingBands: Array<{ code: Rating; label: string; min: number }> };
  facts: {
    durationMinutes: number | null;
    requiredMinutes: number;
    attendancePercent: number | null;
    materialsPostedBeforeStart: boolean;
    materialsOnTime: boolean;
    finalOnTime: boolean;
  };
  result: {
    items: Array<{ key: string; criterionKey: string; label: string; max: number; measured: boolean; points: number | null }>;
    total: number;
    complete: boolean;
    rating: { code: Rating; label: string } | null;
  };
  finalized: boolean;
}

export const meetingKeys = {
  mine: ['meetings', 'mine'] as const,
  detail: (id: string) => ['meetings', 'detail', id] as const,
  sub: (id: string, what: string) => ['meetings', 'detail', id, what] as const,
};

export const put = <T>(path: string, body: unknown) => request<T>('PUT', path, body);

/** Multipart upload (the JSON client cannot send files). */
export async function upload<T>(path: string, file: File, fields: Record<string, string> = {}): Promise<T> {
  const form = new FormData();
  // Fields first: the server reads them as the stream passes, before the file.
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', file);
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: { 'X-Requested-With': 'sotay', Accept: 'application/json' },
    });
  } catch {
    throw new ApiError(0, 'NETWORK', i18n.t('errors.network'));
  }
  const body: unknown = await res.json().catch(() => ({}));
  if (!res.ok) {
    const p = (body ?? {}) as { code?: string; title?: string };
    throw new ApiError(res.status, p.code ?? `HTTP_${res.status}`, p.title ?? i18n.t('errors.generic', { status: res.status }));
  }
  return body as T;
}

/** The app's viewer for a meeting's file (MaterialPage), never the file's raw address. */
export function materialPath(meetingId: string, fileId: string): string {
  return `/sinh-hoat/${meetingId}/tai-lieu/${fileId}`;
}
export function guidancePath(meetingId: string, guidanceId: number): string {
  return `/sinh-hoat/${meetingId}/huong-dan/${guidanceId}`;
}

/** Over for its members: finalized, or ended an hour ago (the server's rule for "past", schedule.service.ts). */
export function isFinished(m: { status: string; actualEndAt?: string | null; plannedEndAt: string }, now = Date.now()): boolean {
  return m.status === 'finalized' || new Date(m.actualEndAt ?? m.plannedEndAt).getTime() < now - 60 * 60_000;
}

export interface PastItem extends MeetingListItem {
  rsvp: Rsvp;
  attendance: AttendanceStatus | null;
  myTasks: number;
}
