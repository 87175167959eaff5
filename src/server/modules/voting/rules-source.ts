/**
 * The voting rules in force on a day, from the versioned rules (kind `voting.rules`). Each vote
 * item keeps the version's id, regulation and a copy of its payload when it opens, so a later
 * version never changes a vote already taken.
 */
import type { DbOrTx } from '../../db/client.ts';
import type { VotingRules } from '../../../common/voting/rules.ts';
import { votingRulesKind } from '../../../common/voting/rule-kind.ts';
import { requireRuleInForce } from '../rules/rules.service.ts';

export interface VotingRuleVersion {
  id: string | null;
  regulation: string;
  payload: VotingRules;
}

export async function votingRulesOn(db: DbOrTx, day: string): Promise<VotingRuleVersion> {
  const v = await requireRuleInForce(db, votingRulesKind, day);
  return { id: v.id, regulation: v.regulation, payload: v.payload };
}
