import { describe, expect, it } from 'vitest';
import { endOf, versionOn } from './timeline.ts';
import { RULE_KINDS } from './kinds.ts';
import { defineRuleKind } from './define.ts';
import { z } from 'zod';

const v = (effectiveFrom: string, effectiveTo: string | null = null) => ({ effectiveFrom, effectiveTo, id: effectiveFrom });

describe('which version applies on a day', () => {
  const versions = [v('2026-02-01'), v('2024-07-01'), v('2028-01-01')];

  it('takes the latest version begun on or before the day, whatever the order stored', () => {
    expect(versionOn(versions, '2024-06-30')).toBeNull();
    expect(versionOn(versions, '2024-07-01')!.id).toBe('2024-07-01');
    expect(versionOn(versions, '2026-01-31')!.id).toBe('2024-07-01');
    expect(versionOn(versions, '2026-02-01')!.id).toBe('2026-02-01');
    expect(versionOn(versions, '2027-12-31')!.id).toBe('2026-02-01');
    expect(versionOn(versions, '2028-01-01')!.id).toBe('2028-01-01');
    expect(versionOn(versions, '2099-01-01')!.id).toBe('2028-01-01');
  });

  it('lets a version lapse on its own end day, leaving a gap until the next one', () => {
    const lapsing = [v('2026-01-01', '2026-07-01'), v('2027-01-01')];
    expect(versionOn(lapsing, '2026-06-30')!.id).toBe('2026-01-01');
    expect(versionOn(lapsing, '2026-07-01')).toBeNull();
    expect(versionOn(lapsing, '2027-01-01')!.id).toBe('2027-01-01');
    expect(endOf(lapsing, lapsing[0]!)).toBe('2026-07-01');
    expect(endOf(lapsing, lapsing[1]!)).toBeNull();
  });

  it('ends a version at the next one, or at its own end when that comes first', () => {
    expect(endOf(versions, versions[1]!)).toBe('2026-02-01');
    expect(endOf(versions, versions[0]!)).toBe('2028-01-01');
    expect(endOf([v('2026-01-01', '2030-01-01'), v('2028-01-01')], v('2026-01-01', '2030-01-01'))).toBe('2028-01-01');
  });
});

describe('rule kinds', () => {
  it('have unique names and defaults that match their schemas', () => {
    const names = RULE_KINDS.map((k) => k.kind);
    expect(new Set(names).size).toBe(names.length);
    for (const k of RULE_KINDS) {
      expect(k.defaults.length).toBeGreaterThan(0);
      for (const d of k.defaults) expect(k.schema.safeParse(d.payload).success).toBe(true);
    }
  });

  it('refuse a default that does not match the schema, at definition', () => {
    expect(() =>
      defineRuleKind({
        kind: 'test.broken',
        title: 't',
        description: 'd',
        schema: z.object({ n: z.number().int() }),
        unitScoped: false,
        defaults: [{ version: '1', regulation: 'r', effectiveFrom: '2026-01-01', payload: { n: 1.5 } }],
      }),
    ).toThrow(/does not match/);
    expect(() =>
      defineRuleKind({ kind: 'NoDot', title: 't', description: 'd', schema: z.object({}), unitScoped: false, defaults: [] }),
    ).toThrow(/area.name/);
  });
});
