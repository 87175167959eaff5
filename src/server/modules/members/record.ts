/**
 * What every write of a member record goes through: derived search keys and the checker's
 * problems, so `standardized` is never stale after a write. Records written before the checker
 * existed (the demo load, old imports) and records checked on an earlier day (probation overdue
 * depends on the date) are rechecked in bulk by `recheckStale` before any summary is read.
 */
import { and, eq, sql } from 'drizzle-orm';
import { checkMember, DEFAULT_CARD_PATTERN, type CheckableMember, type Problem } from '../../../common/members/checks.ts';
import { foldVietnamese, nameKey } from '../../../common/text/vietnamese.ts';
import { rowsOf, type DbOrTx } from '../../db/client.ts';
import { members, settings, type MemberStatus, type Sex } from '../../db/schema.ts';
import { hashCccd } from '../../privacy/cccd-crypto.ts';

export const CARD_PATTERN_SETTING = 'members.party_card_pattern';

/** The configured party card pattern (settings row `members.party_card_pattern`, a RegExp source). */
export async function cardPattern(db: DbOrTx): Promise<string> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, CARD_PATTERN_SETTING));
  const v = row?.value;
  if (typeof v === 'string') {
    try {
      new RegExp(v);
      return v;
    } catch {
      // A broken setting must not stop every write: fall back to the default pattern.
    }
  }
  return DEFAULT_CARD_PATTERN;
}

/** The record fields people edit; everything else on `members` is derived or bookkeeping. */
export interface MemberFields {
  fullName: string;
  dateOfBirth: string | null;
  sex: Sex | null;
  cccd: string | null;
  phone: string | null;
  partyCardNumber: string | null;
  admissionDate: string | null;
  officialDate: string | null;
  status: MemberStatus;
  birthName: string | null;
  ethnicity: string | null;
  religion: string | null;
  hometown: string | null;
  education: string | null;
  politicalTheory: string | null;
  professionalQualification: string | null;
  foreignLanguage: string | null;
  occupation: string | null;
  partyPosition: string | null;
  recordNumber: string | null;
  badgeNumber: string | null;
  notes: string | null;
}

export const MEMBER_FIELD_NAMES = [
  'fullName',
  'dateOfBirth',
  'sex',
  'cccd',
  'phone',
  'partyCardNumber',
  'admissionDate',
  'officialDate',
  'status',
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
] as const satisfies ReadonlyArray<keyof MemberFields>;

export interface CheckContext {
  today: string;
  cardPattern: string;
}

export function derive(m: CheckableMember, check: CheckContext) {
  const problems: Problem[] = checkMember(m, { today: check.today, cardPattern: check.cardPattern });
  return {
    nameSearch: foldVietnamese(m.fullName),
    nameKey: nameKey(m.fullName),
    problems,
    standardized: problems.length === 0,
    checkedOn: check.today,
  };
}

const CHECK_COLUMNS = {
  id: members.id,
  fullName: members.fullName,
  dateOfBirth: members.dateOfBirth,
  sex: members.sex,
  cccd: members.cccd,
  phone: members.phone,
  partyCardNumber: members.partyCardNumber,
  admissionDate: members.admissionDate,
  officialDate: members.officialDate,
  status: members.status,
  birthName: members.birthName,
  ethnicity: members.ethnicity,
  religion: members.religion,
  hometown: members.hometown,
  education: members.education,
  politicalTheory: members.politicalTheory,
  professionalQualification: members.professionalQualification,
  foreignLanguage: members.foreignLanguage,
  occupation: members.occupation,
  partyPosition: members.partyPosition,
  recordNumber: members.recordNumber,
  badgeNumber: members.badgeNumber,
  notes: members.notes,
};

const BATCH = 500;

/**
 * Rechecks the members of a subtree (cell path prefix; '/' for all) not yet checked today.
 * One SELECT, then UPDATE … FROM (VALUES …) in batches: the demo city's 6,080 rows take well under a second.
 */
export async function recheckStale(db: DbOrTx, pathPrefix: string, check: CheckContext): Promise<number> {
  const stale = await db
    .select(CHECK_COLUMNS)
    .from(members)
    .where(
      and(
        sql`(${members.checkedOn} IS NULL OR ${members.checkedOn} < ${check.today})`,
        sql`${members.cellId} IN (SELECT id FROM units WHERE path LIKE ${pathPrefix + '%'})`,
      ),
    );
  for (let i = 0; i < stale.length; i += BATCH) {
    const values = stale.slice(i, i + BATCH).map((m) => {
      const d = derive(m, check);
      return sql`(${m.id}::uuid, ${JSON.stringify(d.problems)}::jsonb, ${d.standardized}::boolean, ${d.nameKey}::text)`;
    });
    await db.execute(sql`
      UPDATE members SET problems = v.problems, standardized = v.std, name_key = v.name_key, checked_on = ${check.today}::date
      FROM (VALUES ${sql.join(values, sql`, `)}) AS v(id, problems, std, name_key)
      WHERE members.id = v.id`);
  }
  return stale.length;
}

/** Members sharing a CCCD or a name key + birth date with the given values (for write-time warnings). */
export async function findDuplicatesOf(
  db: DbOrTx,
  m: { id?: string; cccd: string | null; nameKey: string; dateOfBirth: string | null },
) {
  const hash = m.cccd ? hashCccd(m.cccd) : null;
  const rows = rowsOf<{ id: string; kind: 'cccd' | 'name_dob' }>(
    await db.execute(sql`
      SELECT id, CASE WHEN ${hash}::text IS NOT NULL AND cccd_hash = ${hash} THEN 'cccd' ELSE 'name_dob' END AS kind
      FROM members
      WHERE id <> ${m.id ?? '00000000-0000-0000-0000-000000000000'}::uuid
        AND ((${hash}::text IS NOT NULL AND cccd_hash = ${hash}) OR (name_key = ${m.nameKey} AND date_of_birth = ${m.dateOfBirth}::date))
      LIMIT 10`),
  );
  return rows;
}
