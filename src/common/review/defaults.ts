/**
 * Seed data: the review rules as DOMAIN.md reports them for Quy định 366-QĐ/TW (30/8/2025) and
 * Hướng dẫn 43-HD/BTCTW (31/10/2025), and first criteria sets for forms 2A/2B/2C. These are loaded
 * into the versioned-rules table and the criteria-set table; the system admin edits them there.
 * The cap on "xuất sắc" (20% of those rated "tốt") is from earlier rules and unconfirmed for 2025.
 */
import type { CriteriaSet } from './criteria.ts';
import type { ReviewRules } from './rules.ts';

export const REVIEW_RULES_2025 = {
  version: '366-QĐ/TW',
  regulation: 'Quy định 366-QĐ/TW ngày 30/8/2025; Hướng dẫn 43-HD/BTCTW ngày 31/10/2025',
  effectiveFrom: '2025-08-30',
  payload: {
    totalPoints: 100,
    bands: { excellent: 90, good: 70, fulfilled: 50, unfulfilled: 0 },
    excellentConditions: ['Có thành tích nổi bật, sản phẩm cụ thể trong năm được cấp có thẩm quyền ghi nhận'],
    excellentCap: { enabled: true, percent: 20, of: 'good_or_better', rounding: 'floor' },
    discipline: { maxGrade: 'unfulfilled' },
    newMemberMonths: 6,
    residenceComment: true,
  },
} as const satisfies { version: string; regulation: string; effectiveFrom: string; payload: ReviewRules };

const general = {
  key: 'general',
  label: 'Tiêu chí chung (chính trị tư tưởng, đạo đức, lối sống, ý thức tổ chức kỷ luật, tự phê bình và phê bình)',
  max: 30,
  items: [
    { key: 'politics', label: 'Tư tưởng chính trị: trung thành với lý tưởng của Đảng, chấp hành đường lối, chủ trương' },
    { key: 'ethics', label: 'Phẩm chất đạo đức, lối sống; không tham nhũng, lãng phí, tiêu cực' },
    { key: 'discipline', label: 'Ý thức tổ chức kỷ luật, tinh thần đoàn kết, thực hiện nguyên tắc tập trung dân chủ' },
    { key: 'self_criticism', label: 'Tự phê bình và phê bình; khắc phục hạn chế đã chỉ ra năm trước' },
  ],
};

export const CRITERIA_SETS_2025: CriteriaSet[] = [
  {
    form: '2A',
    title: 'Mẫu 2A — Bản kiểm điểm cá nhân (cán bộ lãnh đạo, quản lý)',
    sections: [
      general,
      {
        key: 'tasks',
        label: 'Kết quả thực hiện chức trách, nhiệm vụ được giao và nhiệm vụ lãnh đạo, quản lý',
        max: 70,
        items: [
          { key: 'duties', label: 'Kết quả thực hiện chức trách, nhiệm vụ được giao (có sản phẩm cụ thể, đo được)' },
          { key: 'leadership', label: 'Kết quả lãnh đạo, quản lý, điều hành cơ quan, đơn vị được giao phụ trách' },
          { key: 'responsibility', label: 'Trách nhiệm nêu gương; việc thực hiện cam kết tu dưỡng, rèn luyện đầu năm' },
        ],
      },
    ],
  },
  {
    form: '2B',
    title: 'Mẫu 2B — Bản kiểm điểm cá nhân (đảng viên không giữ chức vụ lãnh đạo, quản lý)',
    sections: [
      general,
      {
        key: 'tasks',
        label: 'Kết quả thực hiện chức trách, nhiệm vụ được giao',
        max: 70,
        items: [
          { key: 'duties', label: 'Khối lượng, chất lượng, tiến độ công việc được giao' },
          { key: 'party_tasks', label: 'Thực hiện nhiệm vụ đảng viên tại chi bộ và nơi cư trú' },
        ],
      },
    ],
  },
  {
    form: '2C',
    title: 'Mẫu 2C — Bản kiểm điểm cá nhân (đảng viên không làm việc trong hệ thống chính trị)',
    sections: [
      general,
      {
        key: 'tasks',
        label: 'Kết quả thực hiện nhiệm vụ đảng viên',
        max: 70,
        items: [
          { key: 'cell_tasks', label: 'Tham gia sinh hoạt chi bộ, thực hiện nhiệm vụ chi bộ phân công, đóng đảng phí' },
          { key: 'residence', label: 'Tham gia hoạt động ở nơi cư trú, gương mẫu thực hiện quy ước, hương ước' },
          { key: 'work', label: 'Kết quả lao động, sản xuất, học tập của bản thân và gia đình' },
        ],
      },
    ],
  },
];
