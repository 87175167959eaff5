/** The voting rules as a versioned rule kind (common/rules): party-wide, one version in force per day. */
import { defineRuleKind } from '../rules/define.ts';
import { VOTING_RULES_2024 } from './defaults.ts';
import { VotingRules } from './rules.ts';

export const votingRulesKind = defineRuleKind<VotingRules>({
  kind: 'voting.rules',
  title: 'Biểu quyết, bầu cử, lấy phiếu tín nhiệm',
  description:
    'Ai được tính (mẫu số), số có mặt tối thiểu, tỷ lệ thông qua và trúng cử, số dư danh sách bầu cử, phiếu trắng, số chi ủy viên, ba mức tín nhiệm và hệ quả.',
  schema: VotingRules,
  unitScoped: false,
  defaults: [
    {
      version: VOTING_RULES_2024.version,
      regulation: VOTING_RULES_2024.regulation,
      effectiveFrom: VOTING_RULES_2024.effectiveFrom,
      note: 'Số có mặt tối thiểu khi biểu quyết nghị quyết (trên 1/2) chưa được xác nhận từ văn bản gốc.',
      payload: VotingRules.parse(VOTING_RULES_2024.payload),
    },
  ],
});
