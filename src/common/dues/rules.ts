/**
 * The rules of party dues as versioned data (see common/rules/define.ts). Figures are those of
 * DOMAIN.md ("Party dues"): Quy định 01-QĐ/TW of 3/2/2026, in force 1/2/2026, with the step of
 * 1/1/2028 for members without insurance or pension. Rates are basis points (1% = 100) so every
 * amount is integer arithmetic on whole đồng; the rounding rule is part of the data.
 */
import { z } from 'zod';
import { defineRuleKind } from '../rules/define.ts';

const bp = z.number().int().min(0).max(10_000);
const dong = z.number().int().min(0).max(1_000_000_000);

export const DUES_CATEGORIES = ['insured', 'leave_benefit', 'pension', 'student', 'other'] as const;
export type DuesCategory = (typeof DUES_CATEGORIES)[number];

export const ROUNDING_MODES = ['half_up', 'down', 'up'] as const;

export const RELIEF_REASONS = [
  'social_pension', // hưởng trợ cấp xã hội
  'poor_household', // hộ nghèo
  'near_poor_household', // hộ cận nghèo
  'serious_illness', // bệnh hiểm nghèo theo danh mục của Bộ Y tế
  'hardship', // khó khăn về kinh tế
  'other',
] as const;
export type ReliefReason = (typeof RELIEF_REASONS)[number];

const MEMBER_STATUSES_OWING = ['probationary', 'official', 'exempted'] as const;

export const duesRatesSchema = z
  .object({
    rounding: z.object({
      mode: z.enum(ROUNDING_MODES),
      /** Round to a multiple of this many đồng (1: whole đồng). */
      unit: z.number().int().min(1).max(1000),
      /** The rule as members and secretaries read it. */
      text: z.string().min(1),
    }),
    /** Compulsory social insurance: a share of the previous month's insured salary. */
    insured: z.object({ basisPoints: bp }),
    /** On insured sick or maternity leave: a share of the benefit paid. */
    leaveBenefit: z.object({ basisPoints: bp }),
    pension: z.object({ basisPoints: bp }),
    student: z.object({ amount: dong }),
    /** No insurance, no pension: a share of the regional minimum wage where the member holds party activity. */
    other: z.object({ belowRetirementBasisPoints: bp, atRetirementBasisPoints: bp }),
    /** Exempt from the month in which the member reaches this many years of party age. */
    partyAgeExemptionYears: z.number().int().min(1).max(100),
    /** Which member statuses owe dues (probationary members included, per the regulation). */
    statusesOwing: z.array(z.enum(MEMBER_STATUSES_OWING)).min(1),
    reliefs: z.object({
      /** Reductions allowed for hardship, in percent of the amount owed. */
      reductionPercents: z.array(z.number().int().min(1).max(99)).min(1),
      reasons: z
        .array(
          z.object({
            code: z.enum(RELIEF_REASONS),
            label: z.string().min(1),
            exemption: z.boolean(),
            reduction: z.boolean(),
            /** At most this many months per decision; null: no limit (until revoked). */
            maxMonths: z.number().int().min(1).max(600).nullable(),
          }),
        )
        .min(1),
    }),
  })
  .strict();
export type DuesRates = z.infer<typeof duesRatesSchema>;

const RATES_2026: DuesRates = {
  rounding: {
    mode: 'half_up',
    unit: 1,
    text: 'Số tiền tính ra được làm tròn đến đồng: phần lẻ từ 0,5 đồng trở lên làm tròn lên, dưới 0,5 đồng bỏ đi.',
  },
  insured: { basisPoints: 100 },
  leaveBenefit: { basisPoints: 100 },
  pension: { basisPoints: 50 },
  student: { amount: 5_000 },
  other: { belowRetirementBasisPoints: 30, atRetirementBasisPoints: 20 },
  partyAgeExemptionYears: 50,
  statusesOwing: ['probationary', 'official', 'exempted'],
  reliefs: {
    reductionPercents: [30, 50, 70],
    reasons: [
      { code: 'social_pension', label: 'Hưởng trợ cấp xã hội', exemption: true, reduction: false, maxMonths: null },
      { code: 'poor_household', label: 'Hộ nghèo', exemption: true, reduction: false, maxMonths: 12 },
      { code: 'near_poor_household', label: 'Hộ cận nghèo', exemption: true, reduction: false, maxMonths: 12 },
      {
        code: 'serious_illness',
        label: 'Mắc bệnh hiểm nghèo (danh mục của Bộ Y tế)',
        exemption: true,
        reduction: false,
        maxMonths: 12,
      },
      { code: 'hardship', label: 'Khó khăn về kinh tế', exemption: true, reduction: true, maxMonths: 12 },
      { code: 'other', label: 'Lý do khác theo quyết định', exemption: true, reduction: true, maxMonths: 12 },
    ],
  },
};

export const duesRatesKind = defineRuleKind({
  kind: 'dues.rates',
  title: 'Mức đóng đảng phí',
  description:
    'Tỷ lệ đóng theo từng đối tượng (có BHXH bắt buộc, nghỉ ốm đau/thai sản, hưởng lương hưu, học sinh – sinh viên, đối tượng khác theo lương tối thiểu vùng), quy tắc làm tròn, miễn đóng khi đủ tuổi đảng, các trường hợp miễn, giảm.',
  schema: duesRatesSchema,
  unitScoped: false,
  defaults: [
    {
      version: '01-QĐ/TW',
      regulation: 'Quy định 01-QĐ/TW ngày 3/2/2026 của Bộ Chính trị về chế độ đảng phí',
      effectiveFrom: '2026-02-01',
      note: 'Đối tượng khác: 0,3% lương tối thiểu vùng (dưới tuổi nghỉ hưu), 0,2% (từ đủ tuổi nghỉ hưu).',
      payload: RATES_2026,
    },
    {
      version: '01-QĐ/TW (2028)',
      regulation: 'Quy định 01-QĐ/TW ngày 3/2/2026, mức áp dụng từ 1/1/2028',
      effectiveFrom: '2028-01-01',
      note: 'Đối tượng khác: 0,5% lương tối thiểu vùng (dưới tuổi nghỉ hưu), 0,3% (từ đủ tuổi nghỉ hưu).',
      payload: { ...RATES_2026, other: { belowRetirementBasisPoints: 50, atRetirementBasisPoints: 30 } },
    },
  ],
});

export const WAGE_REGIONS = ['I', 'II', 'III', 'IV'] as const;
export type WageRegion = (typeof WAGE_REGIONS)[number];

export const minimumWageSchema = z.object({ regions: z.object({ I: dong, II: dong, III: dong, IV: dong }).strict() }).strict();
export type MinimumWages = z.infer<typeof minimumWageSchema>;

export const minimumWageKind = defineRuleKind({
  kind: 'dues.minimum_wage',
  title: 'Lương tối thiểu vùng (theo tháng)',
  description:
    'Mức lương tối thiểu tháng của từng vùng (I–IV), căn cứ tính đảng phí của đảng viên không có BHXH, không có lương hưu.',
  schema: minimumWageSchema,
  unitScoped: false,
  defaults: [
    {
      version: 'NĐ 74/2024',
      regulation: 'Nghị định 74/2024/NĐ-CP ngày 30/6/2024 của Chính phủ',
      effectiveFrom: '2024-07-01',
      payload: { regions: { I: 4_960_000, II: 4_410_000, III: 3_860_000, IV: 3_450_000 } },
    },
    {
      version: 'NĐ 293/2025',
      regulation: 'Nghị định 293/2025/NĐ-CP của Chính phủ (áp dụng từ 1/1/2026)',
      effectiveFrom: '2026-01-01',
      note: 'Đối chiếu với văn bản gốc trước khi dùng; cập nhật khi Chính phủ điều chỉnh.',
      payload: { regions: { I: 5_310_000, II: 4_730_000, III: 4_140_000, IV: 3_700_000 } },
    },
  ],
});

const ageSchema = z.object({ years: z.number().int().min(40).max(80), months: z.number().int().min(0).max(11) });
const scheduleSchema = z.object({
  /** Before the first year of the schedule. */
  before: ageSchema,
  /** The age for those who reach it in each year; the last entry holds for every later year. */
  byYear: z.array(ageSchema.extend({ year: z.number().int().min(1990).max(2100) })).min(1),
});

export const retirementAgeSchema = z.object({ male: scheduleSchema, female: scheduleSchema }).strict();
export type RetirementAges = z.infer<typeof retirementAgeSchema>;

const steps = (startYear: number, start: [number, number], stepMonths: number, end: [number, number]) => {
  const out: Array<{ year: number; years: number; months: number }> = [];
  let total = start[0] * 12 + start[1];
  const last = end[0] * 12 + end[1];
  for (let year = startYear; ; year++) {
    out.push({ year, years: Math.floor(total / 12), months: total % 12 });
    if (total >= last) return out;
    total = Math.min(last, total + stepMonths);
  }
};

export const retirementAgeKind = defineRuleKind({
  kind: 'labour.retirement_age',
  title: 'Tuổi nghỉ hưu trong điều kiện lao động bình thường',
  description:
    'Tuổi nghỉ hưu theo năm đạt tuổi, cho nam và nữ. Dùng để phân biệt đảng viên dưới tuổi nghỉ hưu và từ đủ tuổi nghỉ hưu khi tính đảng phí theo lương tối thiểu vùng.',
  schema: retirementAgeSchema,
  unitScoped: false,
  defaults: [
    {
      version: 'NĐ 135/2020',
      regulation: 'Bộ luật Lao động 2019, Điều 169; Nghị định 135/2020/NĐ-CP ngày 18/11/2020',
      effectiveFrom: '2021-01-01',
      note: 'Nam tăng 3 tháng mỗi năm đến 62 tuổi (2028), nữ tăng 4 tháng mỗi năm đến 60 tuổi (2035).',
      payload: {
        male: { before: { years: 60, months: 0 }, byYear: steps(2021, [60, 3], 3, [62, 0]) },
        female: { before: { years: 55, months: 0 }, byYear: steps(2021, [55, 4], 4, [60, 0]) },
      },
    },
  ],
});

/**
 * The share of dues each level keeps, in basis points of what it receives (its members' dues for a
 * cell, its children's remittances for a committee); the rest goes to the level above. The 2026
 * shares are not public: the seeded version is the 2010 rule, marked as an example.
 */
export const sharesSchema = z
  .object({
    keepBasisPoints: z
      .object({
        cell: bp,
        grassroots_cell: bp,
        grassroots: bp,
        sub_unit: bp,
        upper_level: bp,
        province: bp,
      })
      .strict(),
    /** Grassroots organizations of a commune, ward or town (marked in the unit's dues settings). */
    localityGrassrootsKeepBasisPoints: bp,
    /** Subordinate cells under a commune, ward or town committee. */
    localityCellKeepBasisPoints: bp,
  })
  .strict();
export type DuesShares = z.infer<typeof sharesSchema>;

export const sharesKind = defineRuleKind({
  kind: 'dues.shares',
  title: 'Tỷ lệ trích giữ lại đảng phí ở các cấp',
  description:
    'Phần đảng phí mỗi cấp được giữ lại trên số thu được (chi bộ: trên đảng phí của đảng viên; cấp ủy: trên số cấp dưới nộp lên); phần còn lại nộp lên cấp trên. Một tỉnh có thể đặt tỷ lệ riêng cho đơn vị mình.',
  schema: sharesSchema,
  unitScoped: true,
  defaults: [
    {
      version: '342-QĐ/TW (ví dụ)',
      regulation: 'Quy định 342-QĐ/TW ngày 28/12/2010 (chỉ là ví dụ: tỷ lệ năm 2026 chưa được công bố)',
      effectiveFrom: '2011-01-01',
      example: true,
      note: 'Ví dụ theo quy định năm 2010. Cần thay bằng tỷ lệ theo hướng dẫn hiện hành của cấp có thẩm quyền.',
      payload: {
        keepBasisPoints: { cell: 3000, grassroots_cell: 7000, grassroots: 7000, sub_unit: 0, upper_level: 5000, province: 5000 },
        localityGrassrootsKeepBasisPoints: 9000,
        localityCellKeepBasisPoints: 5000,
      },
    },
  ],
});

export const collectionSchema = z
  .object({
    /** Members may pay ahead at most this many months past the current one. */
    maxMonthsAhead: z.number().int().min(0).max(60),
    /** A reminder goes to members who have not paid this many days before the month ends. */
    reminderDaysBeforeMonthEnd: z.number().int().min(1).max(27),
    /** Not paying this many months within the window, without a recorded reason, is listed to the secretary. */
    unpaidMonthsThreshold: z.number().int().min(1).max(12),
    unpaidWindowMonths: z.number().int().min(1).max(24),
    /** A cell may still enter a payment received in the previous month until this day of the next one. */
    lateEntryDays: z.number().int().min(0).max(28),
  })
  .strict();
export type DuesCollection = z.infer<typeof collectionSchema>;

export const collectionKind = defineRuleKind({
  kind: 'dues.collection',
  title: 'Thu, nộp đảng phí: hạn và giới hạn',
  description:
    'Số tháng được đóng trước, thời điểm nhắc đảng viên chưa đóng, ngưỡng "không đóng ba tháng trong năm" và thời hạn ghi sổ khoản thu của tháng trước.',
  schema: collectionSchema,
  unitScoped: true,
  defaults: [
    {
      version: '01-QĐ/TW',
      regulation: 'Quy định 01-QĐ/TW ngày 3/2/2026 (ngưỡng 3 tháng); các hạn khác là mặc định của hệ thống',
      effectiveFrom: '2026-02-01',
      note: 'Số tháng đóng trước và ngày nhắc chưa được quy định công khai: đặt theo hướng dẫn của cấp ủy.',
      payload: {
        maxMonthsAhead: 12,
        reminderDaysBeforeMonthEnd: 5,
        unpaidMonthsThreshold: 3,
        unpaidWindowMonths: 12,
        lateEntryDays: 10,
      },
    },
  ],
});
