/**
 * Which version of a rule applies on a day. Versions of one kind (and one unit scope) form a
 * timeline ordered by their first day: a version applies from its first day until the next
 * version's first day, or until its own end day if it has one (a rule that lapses). So adding the
 * 2028 step is adding one version from 2028-01-01; nothing else changes.
 */
export interface TimelineVersion {
  effectiveFrom: string;
  effectiveTo: string | null;
}

/** 'YYYY-MM-DD' strings compare in calendar order. */
export function versionOn<V extends TimelineVersion>(versions: readonly V[], day: string): V | null {
  let best: V | null = null;
  for (const v of versions) {
    if (v.effectiveFrom > day) continue;
    if (!best || v.effectiveFrom > best.effectiveFrom) best = v;
  }
  if (!best) return null;
  return best.effectiveTo !== null && best.effectiveTo <= day ? null : best;
}

/** The day a version stops applying (exclusive): its own end, or the next version's start. */
export function endOf<V extends TimelineVersion>(versions: readonly V[], v: V): string | null {
  const next = versions
    .filter((o) => o.effectiveFrom > v.effectiveFrom)
    .reduce<string | null>((min, o) => (min === null || o.effectiveFrom < min ? o.effectiveFrom : min), null);
  if (v.effectiveTo === null) return next;
  if (next === null) return v.effectiveTo;
  return v.effectiveTo < next ? v.effectiveTo : next;
}

/** The first day of a month 'YYYY-MM': a month takes the rule in force on its first day. */
export const firstDayOf = (month: string) => `${month}-01`;
