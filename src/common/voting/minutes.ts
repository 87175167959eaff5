/**
 * A closed vote in the minutes' words: what was voted, how, on which base, and the result by the
 * rule. The same lines go on the meeting page, into the minutes PDF and into the member's view.
 */
import { fractionText, type VoteKind, type VoteMethod, type VotingRules } from './rules.ts';
import type { VoteResult } from './tally.ts';

export const KIND_TEXT: Record<VoteKind, string> = {
  resolution: 'Biểu quyết thông qua nghị quyết',
  election: 'Bầu cử',
  confidence: 'Lấy phiếu tín nhiệm',
  admission: 'Biểu quyết kết nạp đảng viên',
  official_recognition: 'Biểu quyết công nhận đảng viên chính thức',
  removal: 'Biểu quyết xóa tên đảng viên',
};

export const METHOD_TEXT: Record<VoteMethod, string> = { show_of_hands: 'biểu quyết giơ tay', secret: 'bỏ phiếu kín' };

const BASE_TEXT = { counted: 'số đảng viên được tính', ballots: 'số phiếu thu về', valid: 'số phiếu hợp lệ' } as const;

const num = (n: number) => n.toLocaleString('vi-VN');
const pct = (n: number) => `${n.toLocaleString('vi-VN', { maximumFractionDigits: 2 })}%`;

export function minutesLines(item: {
  kind: VoteKind;
  method: VoteMethod;
  title: string;
  subjectName: string;
  result: VoteResult;
}): string[] {
  const r = item.result;
  const head = `${KIND_TEXT[item.kind]}: ${item.title}${item.subjectName ? ` (${item.subjectName})` : ''} — hình thức ${METHOD_TEXT[item.method]}.`;
  const roll = `Số đảng viên được tính: ${num(r.quorum.counted)}; có mặt: ${num(r.quorum.present)}; phiếu/ý kiến thu về: ${num(r.cast)}${r.invalid ? `, không hợp lệ: ${num(r.invalid)}` : ''}.`;
  if (!r.valid)
    return [head, roll, `Không đủ số đảng viên có mặt theo quy định (cần ${num(r.quorum.needed)}): kết quả không có giá trị.`];
  const o = r.outcome;
  const base = `${num(r.base)} (${BASE_TEXT[r.baseKind]})`;
  if (o.type === 'yes_no') {
    const verdict = o.passed ? 'Thông qua' : 'Không thông qua';
    return [
      head,
      roll,
      `Tán thành ${num(o.for)}/${base}, đạt ${pct(o.forShare)}; không tán thành ${num(o.against)}; không biểu quyết ${num(o.abstain)}. ${verdict} (cần ${num(o.needed)}).`,
    ];
  }
  if (o.type === 'election') {
    const lines = [head, roll, `Số cần bầu: ${num(o.seats)}; trúng cử cần ít nhất ${num(o.needed)} phiếu trên ${base}.`];
    o.candidates.forEach((c, i) =>
      lines.push(`${i + 1}. ${c.name}: ${num(c.votes)} phiếu, đạt ${pct(c.share)}${c.elected ? ' — trúng cử' : ''}.`),
    );
    if (o.tied.length) {
      const names = o.candidates.filter((c) => o.tied.includes(c.id)).map((c) => c.name);
      lines.push(`Bằng phiếu ở vị trí cuối: ${names.join(', ')}. Cần bầu lại giữa những người này.`);
    }
    if (o.seatsFilled < o.seats && !o.tied.length)
      lines.push(`Còn thiếu ${num(o.seats - o.seatsFilled)} người: có thể bầu bổ sung.`);
    return lines;
  }
  const lines = [head, roll];
  for (const s of o.subjects)
    lines.push(
      `${s.name}: tín nhiệm cao ${num(s.high)} (${pct(s.shares.high)}), tín nhiệm ${num(s.trust)} (${pct(s.shares.trust)}), tín nhiệm thấp ${num(s.low)} (${pct(s.shares.low)}) trên ${base}.`,
    );
  return lines;
}

/** The rule of a vote kind in one sentence, shown before the vote opens. */
export function ruleText(kind: VoteKind, rules: VotingRules): string {
  if (kind === 'election') {
    const e = rules.election;
    return `Trúng cử khi được ${fractionText(e.winner)} ${BASE_TEXT[e.base]}; danh sách không dư quá ${e.surplusPercent}% số cần bầu; cần ${fractionText(e.quorum)} số đảng viên được tính có mặt.`;
  }
  if (kind === 'confidence') {
    const c = rules.confidence;
    const cons = c.consequences.map((x) => x.label).join('; ');
    return `Ba mức: tín nhiệm cao, tín nhiệm, tín nhiệm thấp; hợp lệ khi ${fractionText(c.quorum)} số đảng viên được tính có mặt${cons ? `. ${cons}` : ''}.`;
  }
  const r = rules[kind];
  return `Thông qua khi ${fractionText(r.pass)} ${BASE_TEXT[r.base]} tán thành; cần ${fractionText(r.quorum)} số đảng viên được tính có mặt.`;
}
