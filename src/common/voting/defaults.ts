/**
 * The first version of the voting rules, as DOMAIN.md reports them (Điều lệ Đảng and its guidance;
 * Quyết định 190-QĐ/TW of 10/10/2024 on elections; Quy định 96-QĐ/TW of 2/2/2023 on confidence
 * votes). This is seed data for the versioned-rules table, which the system admin edits: the code
 * reads whichever version is in force on the meeting's date, never these constants.
 */
import type { VotingRulesInput } from './rules.ts';

export const VOTING_RULES_2024 = {
  version: '2024',
  regulation: 'Điều lệ Đảng; Quyết định 190-QĐ/TW ngày 10/10/2024; Quy định 96-QĐ/TW ngày 2/2/2023',
  effectiveFrom: '2024-10-10',
  payload: {
    exclude: {
      temporaryElsewhere: true,
      temporaryHere: true,
      exemptedAbsent: true,
      suspended: true,
      detained: true,
      absentExcused: true,
    },
    resolution: {
      methods: ['show_of_hands', 'secret'],
      // Unconfirmed in DOMAIN.md for an ordinary meeting: more than half present, as for the resolution.
      quorum: { num: 1, den: 2, strict: true },
      pass: { num: 1, den: 2, strict: true },
      base: 'counted',
      note: 'Nghị quyết được thông qua khi có trên 1/2 số đảng viên được tính tán thành.',
    },
    election: {
      methods: ['secret'],
      quorum: { num: 2, den: 3, strict: false },
      winner: { num: 1, den: 2, strict: true },
      base: 'counted',
      surplusPercent: 30,
      blankBallotValid: false,
      committeeFromMembers: 9,
      committeeMaxSeats: 7,
      note: 'Bầu cử bằng phiếu kín; trúng cử khi được trên 1/2 số đảng viên chính thức được tính; số dư không quá 30%.',
    },
    confidence: {
      methods: ['secret'],
      quorum: { num: 2, den: 3, strict: false },
      base: 'counted',
      consequences: [
        {
          code: 'consider_resignation',
          label: 'Trên 1/2 tín nhiệm thấp: xem xét cho từ chức',
          low: { num: 1, den: 2, strict: true },
        },
        {
          code: 'dismissal',
          label: 'Từ 2/3 tín nhiệm thấp trở lên: cấp có thẩm quyền miễn nhiệm',
          low: { num: 2, den: 3, strict: false },
        },
      ],
      note: 'Lấy phiếu tín nhiệm ba mức: tín nhiệm cao, tín nhiệm, tín nhiệm thấp; hợp lệ khi có từ 2/3 trở lên tham dự.',
    },
    admission: {
      methods: ['secret', 'show_of_hands'],
      quorum: { num: 2, den: 3, strict: false },
      pass: { num: 2, den: 3, strict: false },
      base: 'counted',
      note: 'Kết nạp đảng viên: ít nhất 2/3 số đảng viên chính thức tán thành.',
    },
    official_recognition: {
      methods: ['secret', 'show_of_hands'],
      quorum: { num: 2, den: 3, strict: false },
      pass: { num: 2, den: 3, strict: false },
      base: 'counted',
      note: 'Công nhận đảng viên chính thức: ít nhất 2/3 số đảng viên chính thức tán thành.',
    },
    removal: {
      methods: ['secret', 'show_of_hands'],
      quorum: { num: 2, den: 3, strict: false },
      pass: { num: 2, den: 3, strict: false },
      base: 'counted',
      note: 'Xóa tên: ít nhất 2/3 số đảng viên chính thức tán thành.',
    },
  },
} as const satisfies { version: string; regulation: string; effectiveFrom: string; payload: VotingRulesInput };
