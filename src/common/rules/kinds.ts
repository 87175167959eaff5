/**
 * Every rule kind the installation knows. To add one: define it next to its feature with
 * `defineRuleKind` (common/rules/define.ts) and list it here; the administration page, the API's
 * validation and the seeding of its default versions all read this list.
 */
import type { RuleKind } from './define.ts';
import { collectionKind, duesRatesKind, minimumWageKind, retirementAgeKind, sharesKind } from '../dues/rules.ts';
import { votingRulesKind } from '../voting/rule-kind.ts';
import { reviewCriteriaKind, reviewRulesKind } from '../review/rule-kind.ts';

export const RULE_KINDS: readonly RuleKind<unknown>[] = [
  duesRatesKind,
  minimumWageKind,
  retirementAgeKind,
  sharesKind,
  collectionKind,
  votingRulesKind,
  reviewRulesKind,
  reviewCriteriaKind,
] as RuleKind<unknown>[];

export function ruleKindOf(kind: string): RuleKind<unknown> | undefined {
  return RULE_KINDS.find((k) => k.kind === kind);
}
