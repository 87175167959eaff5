import { describe, expect, it } from 'vitest';
import { nameKey, titleCaseName } from '../../common/text/vietnamese.ts';
import { checkCccd } from '../../common/validation/cccd.ts';
import { normalizePhone } from '../../common/validation/phone.ts';
import { BROKEN_KINDS, DEMO_CITY, generateOrganization, type GeneratedOrganization, type SeedMember } from './generate.ts';
import { addMonths, addYears } from './random.ts';

const AS_OF = '2026-03-01';
const demo = generateOrganization({ scale: 'demo', asOf: AS_OF });

/** The standardization checks of DOMAIN.md, written independently of the generator. */
function problems(m: SeedMember, seen: Map<string, string>): string[] {
  const out: string[] = [];
  if (m.fullName !== m.fullName.normalize('NFC')) out.push('name.nfc');
  if (m.fullName.normalize('NFC') !== titleCaseName(m.fullName)) out.push('name.case');
  if (!m.dateOfBirth) out.push('dob.missing');
  out.push(...checkCccd(m.cccd, { dateOfBirth: m.dateOfBirth, sex: m.sex }));
  if (m.phone !== null && normalizePhone(m.phone) !== m.phone) out.push('phone.form');
  if (m.dateOfBirth && m.admissionDate < addYears(m.dateOfBirth, 18)) out.push('admission.age');
  if (m.status === 'probationary') {
    if (m.officialDate !== null) out.push('probation.official_date');
    if (addMonths(m.admissionDate, 12) < AS_OF) out.push('probation.overdue');
  } else if (!m.officialDate || m.officialDate < addMonths(m.admissionDate, 12) || m.officialDate > AS_OF) {
    out.push('official.date');
  }
  if (m.partyCardNumber !== null && !/^\d{2}\.\d{6}$/.test(m.partyCardNumber)) out.push('card.format');
  if (m.dateOfBirth) {
    const key = `${nameKey(m.fullName)}|${m.dateOfBirth}`;
    if (seen.has(key)) out.push('duplicate');
    else seen.set(key, m.key);
  }
  return out;
}

function problemMap(org: GeneratedOrganization): Map<string, string[]> {
  const seen = new Map<string, string>();
  // Valid records first, so a duplicate pair blames the deliberately broken copy.
  const ordered = [...org.members.filter((m) => !m.broken), ...org.members.filter((m) => m.broken)];
  return new Map(ordered.map((m) => [m.key, problems(m, seen)]));
}

function subtree(org: GeneratedOrganization, root: string): Set<string> {
  const codes = new Set([root]);
  for (const u of org.units) if (u.parentCode && codes.has(u.parentCode)) codes.add(u.code);
  return codes;
}

function expectUnique(values: readonly (string | null)[]): void {
  const present = values.filter((v): v is string => v !== null);
  expect(new Set(present).size).toBe(present.length);
}

describe('generateOrganization (demo)', () => {
  it('shapes the city like the reference deployment', () => {
    const city = subtree(demo, DEMO_CITY.code);
    const cityUnits = demo.units.filter((u) => city.has(u.code));
    expect(cityUnits.filter((u) => u.parentCode === DEMO_CITY.code)).toHaveLength(33);
    expect(cityUnits.filter((u) => u.type === 'cell')).toHaveLength(335);
    expect(cityUnits.filter((u) => u.type === 'sub_unit').length).toBeGreaterThan(0);
    expect(demo.members.filter((m) => city.has(m.cellCode))).toHaveLength(6_080);
    expect(demo.members.length - 6_080).toBeGreaterThan(100);
    expect(demo.members.length - 6_080).toBeLessThan(1_000);
  });

  it('keeps the tree well formed', () => {
    const codes = new Set(demo.units.map((u) => u.code));
    expect(codes.size).toBe(demo.units.length);
    expect(demo.units.filter((u) => u.parentCode === null).map((u) => u.code)).toEqual(['TINH']);
    demo.units.forEach((u, i) => {
      if (u.parentCode) expect(demo.units.findIndex((p) => p.code === u.parentCode)).toBeLessThan(i);
    });
    const holders = new Set(demo.units.filter((u) => u.type === 'cell' || u.type === 'grassroots_cell').map((u) => u.code));
    const sizes = new Map<string, number>();
    for (const m of demo.members) {
      expect(holders.has(m.cellCode)).toBe(true);
      sizes.set(m.cellCode, (sizes.get(m.cellCode) ?? 0) + 1);
    }
    for (const code of subtree(demo, 'TP')) {
      if (holders.has(code)) expect(sizes.get(code)).toBeGreaterThanOrEqual(10);
      if (holders.has(code)) expect(sizes.get(code)).toBeLessThanOrEqual(35);
    }
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const again = generateOrganization({ scale: 'demo', asOf: AS_OF });
    expect(JSON.stringify(again)).toBe(JSON.stringify(demo));
    const other = generateOrganization({ scale: 'demo', asOf: AS_OF, seed: 7 });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(demo));
  });

  it('has unique keys, CCCDs, phones and party cards', () => {
    expectUnique(demo.members.map((m) => m.key));
    expectUnique(demo.members.map((m) => m.cccd));
    expectUnique(demo.members.map((m) => (m.phone === null ? null : normalizePhone(m.phone))));
    expectUnique(demo.members.map((m) => m.partyCardNumber));
    expectUnique(demo.staff.map((s) => s.username));
    expectUnique(demo.staff.map((s) => s.memberKey ?? null));
  });

  it('breaks exactly the 25 flagged records, each for its stated reason', () => {
    const found = problemMap(demo);
    const failing = [...found]
      .filter(([, p]) => p.length > 0)
      .map(([k]) => k)
      .sort();
    const flagged = demo.members
      .filter((m) => m.broken)
      .map((m) => m.key)
      .sort();
    expect(flagged).toHaveLength(DEMO_CITY.brokenMembers);
    expect(failing).toEqual(flagged);
    const expected: Record<string, string> = {
      cccd_sex_mismatch: 'cccd.sex_mismatch',
      cccd_year_mismatch: 'cccd.year_mismatch',
      phone_plus84: 'phone.form',
      phone_dots: 'phone.form',
      name_upper: 'name.case',
      name_lower: 'name.case',
      name_nfd: 'name.nfc',
      admission_under_18: 'admission.age',
      official_too_soon: 'official.date',
      probation_overdue: 'probation.overdue',
      likely_duplicate: 'duplicate',
      missing_dob: 'dob.missing',
    };
    const kinds = new Set<string>();
    for (const m of demo.members.filter((x) => x.broken)) {
      const kind = (m.broken ?? '').split(':')[0] ?? '';
      kinds.add(kind);
      expect(found.get(m.key)).toEqual([expected[kind]]);
    }
    expect([...kinds].sort()).toEqual([...BROKEN_KINDS].sort());
  });

  it('has plausible statuses and people', () => {
    const n = demo.members.length;
    const count = (s: string) => demo.members.filter((m) => m.status === s).length / n;
    expect(count('probationary')).toBeGreaterThan(0.025);
    expect(count('probationary')).toBeLessThan(0.055);
    expect(count('exempted')).toBeGreaterThan(0.015);
    expect(count('exempted')).toBeLessThan(0.045);
    for (const m of demo.members.filter((x) => x.status === 'exempted')) expect((m.dateOfBirth ?? '') < '1952-01-01').toBe(true);
    const years = demo.members.flatMap((m) => (m.dateOfBirth ? [Number(m.dateOfBirth.slice(0, 4))] : []));
    expect(Math.min(...years)).toBeGreaterThanOrEqual(1935);
    expect(Math.max(...years)).toBeLessThanOrEqual(2003);
    expect(demo.members.filter((m) => m.fullName.startsWith('Nguyễn ')).length / n).toBeGreaterThan(0.3);
    expect(demo.members.some((m) => m.phone === null)).toBe(true);
    expect(demo.members.some((m) => m.ethnicity !== 'Kinh')).toBe(true);
  });

  it('creates the named demo accounts', () => {
    const by = new Map(demo.staff.map((s) => [s.username, s]));
    expect(by.get('admin')).toMatchObject({ role: 'system_admin', unitCode: 'TINH' });
    expect(by.get('tinh.admin')).toMatchObject({ role: 'unit_admin', unitCode: 'TINH' });
    expect(by.get('tp.admin')).toMatchObject({ role: 'unit_admin', unitCode: 'TP' });
    expect(by.get('tp.uyvien')).toMatchObject({ role: 'committee_member', unitCode: 'TP' });
    expect(by.get('tp.bientap')).toMatchObject({ role: 'editor', unitCode: 'TP' });
    expect(by.get('tp.duyet')).toMatchObject({ role: 'approver', unitCode: 'TP' });
    expect(by.get('chibo.bithu')).toMatchObject({ role: 'cell_secretary', unitCode: 'TP.P01.CB01' });
    expect(by.get('dangvien')).toMatchObject({ role: 'member', unitCode: 'TP.P01.CB01' });
    const second = by.get('chibo2.bithu');
    expect(second?.role).toBe('cell_secretary');
    expect(second?.unitCode.startsWith('TP.P01.')).toBe(false);
    const members = new Map(demo.members.map((m) => [m.key, m]));
    for (const s of demo.staff.filter((x) => x.memberKey)) {
      const m = members.get(s.memberKey ?? '');
      expect(m?.cellCode).toBe(s.unitCode);
      expect(m?.broken).toBeUndefined();
    }
    const cityCells = demo.units.filter(
      (u) => subtree(demo, 'TP').has(u.code) && (u.type === 'cell' || u.type === 'grassroots_cell'),
    );
    const secretaries = new Set(demo.staff.filter((s) => s.role === 'cell_secretary').map((s) => s.unitCode));
    expect(cityCells.every((c) => secretaries.has(c.code))).toBe(true);
    expect(by.get('bt.tp-p01-cb02')?.unitCode).toBe('TP.P01.CB02');
  });
});

describe('generateOrganization (province)', () => {
  // How fast it generates is the benchmark's to say (npm run bench builds the province with it).
  it('reaches about 100,000 members and 3,000 cells, with the same city', () => {
    const province = generateOrganization({ scale: 'province', asOf: AS_OF });
    const cells = province.units.filter((u) => u.type === 'cell' || u.type === 'grassroots_cell').length;
    expect(Math.abs(province.members.length - 100_000)).toBeLessThan(5_000);
    expect(Math.abs(cells - 3_000)).toBeLessThan(150);
    expectUnique(province.members.map((m) => m.cccd));
    expectUnique(province.members.map((m) => (m.phone === null ? null : normalizePhone(m.phone))));
    expectUnique(province.units.map((u) => u.code));
    const city = subtree(province, 'TP');
    expect(JSON.stringify(province.members.filter((m) => city.has(m.cellCode)))).toBe(
      JSON.stringify(demo.members.filter((m) => city.has(m.cellCode))),
    );
    const found = problemMap(province);
    const failing = [...found]
      .filter(([, p]) => p.length > 0)
      .map(([k]) => k)
      .sort();
    expect(failing).toEqual(
      province.members
        .filter((m) => m.broken)
        .map((m) => m.key)
        .sort(),
    );
  });
});
