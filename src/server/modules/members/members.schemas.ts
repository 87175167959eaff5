import { z } from 'zod';
import { PROBLEM_CODES } from '../../../common/members/checks.ts';
import { CORRECTION_STATES, MEMBER_STATUSES, SEXES, TRANSFER_STATES } from '../../db/schema.ts';
import { IsoDate } from '../accounts/accounts.schemas.ts';

const text = (max = 300) => z.string().trim().max(max).nullable();

/** The editable fields of a member record (summary fields + form 7-HSĐV columns). */
export const MemberFieldsBody = z.object({
  fullName: z.string().trim().min(2, 'Họ tên quá ngắn').max(200),
  dateOfBirth: IsoDate.nullable(),
  sex: z.enum(SEXES).nullable(),
  cccd: z
    .string()
    .trim()
    .regex(/^\d{12}$/, 'Số CCCD gồm 12 chữ số')
    .nullable(),
  phone: text(30),
  partyCardNumber: text(50),
  admissionDate: IsoDate.nullable(),
  officialDate: IsoDate.nullable(),
  birthName: text(200),
  ethnicity: text(100),
  religion: text(100),
  hometown: text(300),
  education: text(100),
  politicalTheory: text(100),
  professionalQualification: text(300),
  foreignLanguage: text(200),
  occupation: text(200),
  partyPosition: text(200),
  recordNumber: text(50),
  badgeNumber: text(50),
  notes: text(2000),
});
export const UpdateMemberBody = MemberFieldsBody.partial();

export const ProblemOut = z.object({ code: z.string(), field: z.string(), label: z.string() });

export const MemberRecord = MemberFieldsBody.extend({
  // Output: the stored values as they are (a record may still break the rules), masked for some viewers.
  fullName: z.string(),
  cccd: z.string().nullable(),
  phone: z.string().nullable(),
  partyCardNumber: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  admissionDate: z.string().nullable(),
  officialDate: z.string().nullable(),
  id: z.string(),
  cellId: z.string(),
  cellName: z.string(),
  status: z.enum(MEMBER_STATUSES),
  statusDate: z.string().nullable(),
  standardized: z.boolean().nullable(),
  problems: z.array(ProblemOut),
  accountStatus: z.string(),
  statusHistory: z.array(
    z.object({
      fromStatus: z.string().nullable(),
      toStatus: z.string(),
      effectiveDate: z.string(),
      note: z.string(),
      at: z.date(),
    }),
  ),
  cellHistory: z.array(
    z.object({ cellId: z.string(), cellName: z.string(), validFrom: z.date(), validTo: z.date().nullable(), reason: z.string() }),
  ),
  abilities: z.object({ manage: z.boolean() }),
});
export const MemberEnvelope = z.object({ member: MemberRecord });

export const StatusChangeBody = z.object({
  status: z.enum(MEMBER_STATUSES),
  effectiveDate: IsoDate,
  note: z.string().trim().max(1000).default(''),
  /** Required when becoming official: the party card number may come with it. */
  partyCardNumber: z.string().trim().max(50).optional(),
});

export const SummaryQuery = z.object({
  unitId: z.uuid(),
  problem: z.enum(PROBLEM_CODES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
export const UnitQuery = z.object({ unitId: z.uuid() });
export const UnitBody = z.object({ unitId: z.uuid() });

export const Summary = z.object({
  unit: z.object({ id: z.string(), name: z.string() }),
  members: z.number(),
  standardized: z.number(),
  percent: z.number(),
  byProblem: z.array(z.object({ code: z.string(), label: z.string(), count: z.number(), certainFix: z.boolean() })),
  items: z.array(
    z.object({
      id: z.string(),
      fullName: z.string(),
      cellId: z.string(),
      cellName: z.string(),
      problems: z.array(ProblemOut),
      fixable: z.boolean(),
    }),
  ),
  total: z.number(),
});
export const FixResult = z.object({ fixed: z.number(), fields: z.array(z.string()) });
const DupGroup = z.object({
  kind: z.enum(['cccd', 'name_dob']),
  members: z.array(
    z.object({
      id: z.string(),
      fullName: z.string(),
      dateOfBirth: z.string().nullable(),
      cccdMasked: z.string().nullable(),
      cellName: z.string(),
    }),
  ),
  outsideScope: z.number(),
  /** Pairs of visible members not yet marked "không trùng" (name+date groups only). */
  openPairs: z.array(z.tuple([z.string(), z.string()])),
});
export const DismissBody = z.object({ memberIds: z.tuple([z.uuid(), z.uuid()]), note: z.string().trim().max(1000).default('') });
export const DismissResult = z.object({ memberIds: z.tuple([z.string(), z.string()]), dismissed: z.boolean() });
export const Duplicates = z.object({ certain: z.array(DupGroup), review: z.array(DupGroup) });

export const CorrectionBody = z.object({
  field: z.enum([
    'fullName',
    'dateOfBirth',
    'sex',
    'cccd',
    'phone',
    'partyCardNumber',
    'admissionDate',
    'officialDate',
    'birthName',
    'ethnicity',
    'religion',
    'hometown',
    'education',
    'politicalTheory',
    'professionalQualification',
    'foreignLanguage',
    'occupation',
    'partyPosition',
    'recordNumber',
    'badgeNumber',
    'notes',
  ]),
  proposedValue: z.string().trim().min(1).max(2000),
  note: z.string().trim().max(1000).default(''),
});
export const DecisionBody = z.object({ accept: z.boolean(), note: z.string().trim().max(1000).default('') });
export const Correction = z.object({
  id: z.string(),
  memberId: z.string(),
  memberName: z.string(),
  cellName: z.string(),
  field: z.string(),
  currentValue: z.string().nullable(),
  proposedValue: z.string(),
  note: z.string(),
  state: z.enum(CORRECTION_STATES),
  requestedAt: z.date(),
  decidedAt: z.date().nullable(),
  decisionNote: z.string(),
});
export const CorrectionList = z.object({ items: z.array(Correction) });
export const CorrectionEnvelope = z.object({ correction: Correction });

export const TransferBody = z.object({
  toCellId: z.uuid(),
  startDate: IsoDate,
  endDate: IsoDate.optional(),
  reason: z.string().trim().max(1000).default(''),
});
export const Transfer = z.object({
  id: z.string(),
  memberId: z.string(),
  memberName: z.string(),
  fromCellId: z.string(),
  fromCellName: z.string(),
  toCellId: z.string(),
  toCellName: z.string(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  temporary: z.boolean(),
  reason: z.string(),
  state: z.enum(TRANSFER_STATES),
  requestedAt: z.date(),
  decidedAt: z.date().nullable(),
  decisionNote: z.string(),
});
export const TransferList = z.object({
  items: z.array(Transfer.extend({ abilities: z.object({ decide: z.boolean(), cancel: z.boolean() }) })),
});
export const TransferTargets = z.object({
  items: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), parentName: z.string().nullable() })),
});
export const TransferEnvelope = z.object({ transfer: Transfer });
