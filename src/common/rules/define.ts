/**
 * Rules that regulations set (dues rates, regional minimum wages, level shares, score bands, vote
 * thresholds, deadlines) are versioned data, never constants in code: each version carries its
 * regulation, the day it takes effect and a payload whose shape a zod schema of its kind checks.
 * A feature declares its kind here with `defineRuleKind` (schema + the versions known when the code
 * was written, seeded into every installation), lists it in `kinds.ts`, and reads the version in
 * force on a day with `ruleInForce(db, kind, day)` (server/modules/rules/rules.service.ts).
 */
import type { z } from 'zod';

/** A version shipped with the code: seeded once per installation, then managed as data. */
export interface RuleDefault<T> {
  /** Short, unique within the kind: usually the regulation's year or symbol ("2026", "01-QĐ/TW"). */
  version: string;
  /** The regulation it comes from, as its symbol reads ("Quy định 01-QĐ/TW ngày 3/2/2026"). */
  regulation: string;
  /** First Vietnamese calendar day it applies, 'YYYY-MM-DD'. */
  effectiveFrom: string;
  /** Last day it applies is the day before this one; null: until the next version. */
  effectiveTo?: string | null;
  /** Marked as an example (the real figures are not public): shown with a warning. */
  example?: boolean;
  note?: string;
  payload: T;
}

export interface RuleKind<T = unknown> {
  /** 'area.name', e.g. 'dues.rates', 'review.grades'. */
  kind: string;
  /** Vietnamese title and description for the administration page. */
  title: string;
  description: string;
  schema: z.ZodType<T>;
  /**
   * Whether a unit (a province, say) may have versions of its own that apply to its subtree in
   * place of the installation-wide ones.
   */
  unitScoped: boolean;
  defaults: RuleDefault<T>[];
}

export function defineRuleKind<T>(kind: RuleKind<T>): RuleKind<T> {
  if (!/^[a-z]+(\.[a-z_]+)+$/.test(kind.kind)) throw new Error(`rule kind name "${kind.kind}" must read area.name`);
  for (const d of kind.defaults) {
    const checked = kind.schema.safeParse(d.payload);
    if (!checked.success)
      throw new Error(`default ${kind.kind}@${d.version} does not match its schema: ${checked.error.message}`);
  }
  return kind;
}

export type PayloadOf<K> = K extends RuleKind<infer T> ? T : never;
