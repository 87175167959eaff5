import { z } from 'zod';
import { MEETING_FILE_PURPOSES, MEETING_STATUSES, RSVP_ANSWERS, CHECK_IN_METHODS } from '../../db/schema.ts';
import { ATTENDANCE_STATUSES, MEETING_KINDS } from '../../../common/meetings/rules.ts';
import { RatingBand, RubricDefinition } from '../../../common/meetings/rubric.ts';
import { PROBLEMS } from './monitor.service.ts';

const RATINGS = ['good', 'fair', 'average', 'poor'] as const;
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Tháng phải có dạng YYYY-MM');
const text = (max: number) => z.string().max(max);
const name = z.string().trim().min(1).max(200);
const when = z.coerce.date();

export const RegisterBody = z.object({
  cellId: z.uuid(),
  kind: z.enum(MEETING_KINDS),
  withThematic: z.boolean().default(false),
  topic: text(500).default(''),
  startsAt: when,
  plannedEndAt: when,
  place: z.string().trim().min(1).max(300),
  chairMemberId: z.uuid().nullable().optional(),
  minutesTakerMemberId: z.uuid().nullable().optional(),
});
export const UpdateBody = RegisterBody.omit({ cellId: true })
  .partial()
  .extend({ withThematic: z.boolean().optional(), topic: text(500).optional() });

export const ListQuery = z.object({
  cellId: z.uuid().optional(),
  month: Month.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const UnitMonthQuery = z.object({ unitId: z.uuid(), month: Month });
export const AbsenceQuery = z.object({ unitId: z.uuid(), asOf: Month.optional() });
export const CellQuery = z.object({ cellId: z.uuid() });
export const MonthQuery = z.object({ month: Month });
export const ThumbQuery = z.object({ thumb: z.enum(['1', '0']).optional() });
export const TokenParam = z.object({ token: z.string().max(200) });

const Flags = z.object({ registeredLate: z.boolean(), materialsLate: z.boolean(), finalLate: z.boolean() });
const FileInfo = z.object({
  id: z.string(),
  purpose: z.enum(MEETING_FILE_PURPOSES),
  name: z.string(),
  mime: z.string(),
  size: z.number(),
  hasThumb: z.boolean(),
});
export const FileEnvelope = FileInfo;

const MeetingListItem = z.object({
  id: z.string(),
  cellId: z.string(),
  cellName: z.string(),
  month: z.string(),
  kind: z.enum(MEETING_KINDS),
  topic: z.string(),
  startsAt: z.date(),
  plannedEndAt: z.date(),
  place: z.string(),
  status: z.enum(MEETING_STATUSES),
  registeredLate: z.boolean(),
  materialsPostedAt: z.date().nullable(),
  rating: z.enum(RATINGS).nullable(),
});
export const MeetingList = z.object({ items: z.array(MeetingListItem) });
export const Upcoming = z.object({ items: z.array(MeetingListItem.extend({ rsvp: z.enum(RSVP_ANSWERS) })) });
const UnitRef = z.object({ id: z.string(), name: z.string() });
export const PastItem = MeetingListItem.extend({
  rsvp: z.enum(RSVP_ANSWERS),
  attendance: z.enum(ATTENDANCE_STATUSES).nullable(),
  myTasks: z.number(),
});
export const Mine = Upcoming.extend({ past: z.array(PastItem), manageUnits: z.array(UnitRef), monitorUnits: z.array(UnitRef) });

export const MeetingDetail = z.object({
  meeting: z.object({
    id: z.string(),
    cellId: z.string(),
    cellName: z.string(),
    month: z.string(),
    kind: z.enum(MEETING_KINDS),
    withThematic: z.boolean(),
    topic: z.string(),
    startsAt: z.date(),
    plannedEndAt: z.date(),
    place: z.string(),
    chairMemberId: z.string().nullable(),
    chairName: z.string().nullable(),
    minutesTakerMemberId: z.string().nullable(),
    minutesTakerName: z.string().nullable(),
    status: z.enum(MEETING_STATUSES),
    minimumMinutes: z.number(),
    registeredAt: z.date(),
    registrationDeadline: z.date(),
    invitedAt: z.date().nullable(),
    materialsPostedAt: z.date().nullable(),
    materialsUpdatedAt: z.date().nullable(),
    draftResolution: z.string(),
    actualStartAt: z.date().nullable(),
    actualEndAt: z.date().nullable(),
    resolutionText: z.string(),
    finalPostedAt: z.date().nullable(),
    finalizedAt: z.date().nullable(),
    totalScore: z.number().nullable(),
    rating: z.enum(RATINGS).nullable(),
    flags: Flags,
  }),
  agenda: z.array(z.object({ id: z.string(), title: z.string(), description: z.string(), conclusion: z.string() })),
  files: z.array(FileInfo),
  guidance: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      url: z.string().nullable(),
      fileId: z.string().nullable(),
      unitName: z.string(),
    }),
  ),
  monthlyMaterials: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      symbol: z.string().nullable(),
      files: z.array(z.object({ id: z.string(), name: z.string(), mime: z.string() })),
    }),
  ),
  mine: z
    .object({
      rsvp: z.enum(RSVP_ANSWERS),
      reason: z.string(),
      attendance: z.enum(ATTENDANCE_STATUSES).nullable(),
      opinions: z.array(z.object({ id: z.string(), agendaItemId: z.string().nullable(), body: z.string(), createdAt: z.date() })),
    })
    .nullable(),
  abilities: z.object({ manage: z.boolean(), attend: z.boolean(), monitor: z.boolean() }),
});

export const AgendaBody = z.object({
  items: z
    .array(z.object({ id: z.uuid().optional(), title: z.string().trim().min(1).max(500), description: text(5000).default('') }))
    .max(50),
});
export const DraftBody = z.object({ draftResolution: text(100_000) });
export const RsvpBody = z.object({ answer: z.enum(['attend', 'absent']), reason: text(500).default('') });
export const RsvpResult = z.object({ rsvp: z.enum(['attend', 'absent']), reason: z.string() });
/** `clientId` (optional): an opinion sent from the offline outbox is stored once however often it arrives. */
export const OpinionBody = z.object({
  agendaItemId: z.uuid().nullable().default(null),
  body: z.string().trim().min(1).max(5000),
  clientId: z.uuid().optional(),
});
export const Opinion = z.object({ id: z.string(), agendaItemId: z.string().nullable(), body: z.string(), createdAt: z.date() });
export const OpinionList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      memberName: z.string(),
      agendaItemId: z.string().nullable(),
      agendaTitle: z.string().nullable(),
      body: z.string(),
      createdAt: z.date(),
    }),
  ),
});
export const InvitationList = z.object({
  items: z.array(
    z.object({
      memberId: z.string(),
      fullName: z.string(),
      rsvp: z.enum(RSVP_ANSWERS),
      reason: z.string(),
      respondedAt: z.date().nullable(),
    }),
  ),
  summary: z.object({ total: z.number(), attend: z.number(), absent: z.number(), pending: z.number() }),
});
export const MemberPick = z.object({ items: z.array(z.object({ id: z.string(), fullName: z.string() })) });

export const QrScreen = z.object({
  open: z.boolean(),
  code: z.string().nullable(),
  url: z.string().nullable(),
  qrSvg: z.string().nullable(),
  secondsLeft: z.number(),
  opensAt: z.date(),
  closesAt: z.date(),
});
export const CheckInBody = z.object({
  token: z.string().trim().min(1).max(20),
  clientId: z.uuid(),
  // Set by the phone when the code was scanned: a check-in queued offline is judged at that time.
  scannedAt: z.iso.datetime({ offset: true }).optional(),
});
export const CheckInResult = z.object({ status: z.enum(ATTENDANCE_STATUSES), counted: z.boolean(), replay: z.boolean() });
export const RollCallBody = z.object({
  changes: z
    .array(
      z.object({ clientId: z.uuid(), memberId: z.uuid(), status: z.enum(ATTENDANCE_STATUSES), reason: text(500).default('') }),
    )
    .min(1)
    .max(500),
});
const Counts = z.object({
  total: z.number(),
  present: z.number(),
  late: z.number(),
  absentExcused: z.number(),
  absentUnexcused: z.number(),
  unmarked: z.number(),
  rate: z.number().nullable(),
});
export const Attendance = z.object({
  items: z.array(
    z.object({
      memberId: z.string(),
      fullName: z.string(),
      rsvp: z.enum(RSVP_ANSWERS),
      rsvpReason: z.string(),
      status: z.enum(ATTENDANCE_STATUSES).nullable(),
      reason: z.string().nullable(),
      method: z.enum(CHECK_IN_METHODS).nullable(),
      checkedInAt: z.date().nullable(),
    }),
  ),
  counts: Counts,
});
export const RollCallResult = Attendance.extend({ applied: z.number(), skipped: z.number() });

export const MinutesBody = z.object({
  actualStartAt: when,
  actualEndAt: when,
  chairMemberId: z.uuid().nullable().optional(),
  minutesTakerMemberId: z.uuid().nullable().optional(),
  guests: z
    .array(z.object({ name, title: text(200).default('') }))
    .max(50)
    .default([]),
  notes: text(50_000).default(''),
  items: z
    .array(
      z.object({
        agendaItemId: z.uuid(),
        conclusion: text(20_000).default(''),
        remarks: z
          .array(
            z.object({
              speakerMemberId: z.uuid().nullable().optional(),
              speakerName: name,
              remark: z.string().trim().min(1).max(20_000),
            }),
          )
          .max(100)
          .default([]),
      }),
    )
    .max(50)
    .default([]),
});
export const Minutes = z.object({
  startAt: z.date(),
  endAt: z.date().nullable(),
  place: z.string(),
  chairName: z.string().nullable(),
  chairMemberId: z.string().nullable(),
  minutesTakerName: z.string().nullable(),
  minutesTakerMemberId: z.string().nullable(),
  guests: z.array(z.object({ name: z.string(), title: z.string() })),
  present: z.number(),
  total: z.number(),
  absentees: z.array(z.object({ fullName: z.string(), excused: z.boolean(), reason: z.string() })),
  items: z.array(
    z.object({
      agendaItemId: z.string(),
      title: z.string(),
      conclusion: z.string(),
      remarks: z.array(z.object({ speakerMemberId: z.string().nullable(), speakerName: z.string(), remark: z.string() })),
    }),
  ),
  notes: z.string(),
  resolutionText: z.string(),
  tasks: z.array(
    z.object({ title: z.string(), ownerMemberId: z.string().nullable(), ownerName: z.string(), dueDate: z.string().nullable() }),
  ),
  votes: z.array(z.array(z.string())),
});
export const ResolutionBody = z.object({
  resolutionText: z.string().trim().min(1).max(100_000),
  tasks: z
    .array(
      z.object({
        title: z.string().trim().min(1).max(1000),
        ownerMemberId: z.uuid().nullable().optional(),
        ownerName: name,
        dueDate: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .nullable()
          .optional(),
      }),
    )
    .max(100)
    .default([]),
});
export const ReopenBody = z.object({ reason: z.string().trim().min(1).max(1000) });

const ScoredItem = z.object({
  key: z.string(),
  criterionKey: z.string(),
  label: z.string(),
  max: z.number(),
  measured: z.boolean(),
  points: z.number().nullable(),
});
export const EvaluationView = z.object({
  rubric: z.object({ id: z.string(), name: z.string(), ratingBands: z.array(RatingBand) }),
  facts: z.object({
    durationMinutes: z.number().nullable(),
    requiredMinutes: z.number(),
    attendancePercent: z.number().nullable(),
    materialsPostedBeforeStart: z.boolean(),
    materialsOnTime: z.boolean(),
    finalOnTime: z.boolean(),
  }),
  result: z.object({
    items: z.array(ScoredItem),
    total: z.number(),
    complete: z.boolean(),
    rating: z.object({ code: z.enum(RATINGS), label: z.string() }).nullable(),
  }),
  evaluatedAt: z.date().nullable(),
  finalized: z.boolean(),
  totalScore: z.number().nullable(),
  rating: z.enum(RATINGS).nullable(),
});
export const ScoresBody = z.object({ scores: z.record(z.string().max(50), z.number().min(0).max(100)) });

export const Absences = z.object({
  asOfMonth: z.string(),
  items: z.array(
    z.object({
      memberId: z.string(),
      fullName: z.string(),
      cellId: z.string(),
      cellName: z.string(),
      months: z.array(z.string()),
      meetings: z.array(z.object({ id: z.string(), month: z.string(), startsAt: z.date() })),
    }),
  ),
});
export const RubricList = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string(), isDefault: z.boolean(), definition: RubricDefinition })),
});
export const RubricBody = z.object({
  name: z.string().trim().min(1).max(200),
  definition: RubricDefinition,
  makeDefault: z.boolean().default(false),
});
export const IdResult = z.object({ id: z.union([z.string(), z.number()]) });

export const Monitor = z.object({
  unit: z.object({ id: z.string(), name: z.string() }),
  month: z.string(),
  summary: z.object({
    cells: z.number(),
    registered: z.number(),
    registeredOnTime: z.number(),
    held: z.number(),
    materialsOnTime: z.number(),
    finalized: z.number(),
    finalizedOnTime: z.number(),
    averageAttendance: z.number().nullable(),
    ratings: z.object({ good: z.number(), fair: z.number(), average: z.number(), poor: z.number() }),
  }),
  cells: z.array(
    z.object({
      cellId: z.string(),
      cellName: z.string(),
      meetingId: z.string().nullable(),
      startsAt: z.date().nullable(),
      registered: z.boolean(),
      registeredOnTime: z.boolean(),
      held: z.boolean(),
      materialsOnTime: z.boolean(),
      finalized: z.boolean(),
      finalizedOnTime: z.boolean(),
      attendanceRate: z.number().nullable(),
      rating: z.enum(RATINGS).nullable(),
      totalScore: z.number().nullable(),
      problems: z.array(z.enum(PROBLEMS)),
    }),
  ),
  behind: z.array(
    z.object({ cellId: z.string(), cellName: z.string(), meetingId: z.string().nullable(), problems: z.array(z.enum(PROBLEMS)) }),
  ),
});
export const Unregistered = z.object({ month: z.string(), items: z.array(z.object({ id: z.string(), name: z.string() })) });
export const GuidanceBody = z.object({
  unitId: z.uuid(),
  month: Month,
  title: z.string().trim().min(1).max(500),
  url: z.url().max(2000),
});
export const GuidanceList = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      unitId: z.string(),
      unitName: z.string(),
      month: z.string(),
      title: z.string(),
      url: z.string().nullable(),
      hasFile: z.boolean(),
    }),
  ),
});
export const SettingsBody = z.object({ registrationDeadlineDay: z.number().int().min(1).max(31) });
export const SettingsView = z.object({ registrationDeadlineDay: z.number() });
export const CalendarLink = z.object({ url: z.string() });
