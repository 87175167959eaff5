/**
 * Deterministic demo organization: a fictional province, one city shaped exactly like the
 * reference deployment in DOMAIN.md (33 subordinate units, 335 cells, 6,080 members) and a few
 * small districts. Plain data only; load.ts writes it to the database.
 *
 * Every record is valid by the standardization rules except exactly 25 in the city, which are
 * broken on purpose (flagged with `broken`) so the data-quality screens have something to show.
 */
import { makeCccd } from '../../common/validation/cccd.ts';
import {
  COMMUNE_NAMES,
  ETHNICITIES_HIGHLAND,
  ETHNICITIES_LOWLAND,
  FAMILY_NAMES,
  GIVEN_NAMES,
  GOVERNMENT_OFFICES,
  GRASSROOTS_CELL_NAMES,
  HAMLET_NAMES,
  HOMETOWNS_ELSEWHERE,
  MIDDLE_NAMES,
  MILITARY_CELLS,
  MINORITY_FAMILY_NAMES,
  NOTABLE_PEOPLE,
  OCCUPATIONS,
  PARTY_OFFICES,
  POLICE_BLOCKS,
  RELIGIONS,
  TONE_AMBIGUOUS_GIVEN,
  type CellKind,
  type Sex,
} from './names.ts';
import { Random, addDays, addMonths, addYears, ageOn, hashSeed, type Weighted } from './random.ts';

export type SeedUnitType = 'province' | 'upper_level' | 'grassroots' | 'grassroots_cell' | 'sub_unit' | 'cell';
export type SeedRole = 'system_admin' | 'unit_admin' | 'cell_secretary' | 'committee_member' | 'editor' | 'approver' | 'member';
export type SeedMemberStatus = 'official' | 'probationary' | 'exempted';

export interface SeedUnit {
  code: string;
  name: string;
  shortName: string;
  type: SeedUnitType;
  parentCode: string | null;
  /** 1-based position among siblings. */
  sortOrder: number;
}

export interface SeedMember {
  /** Stable across runs with the same seed: "<cell code>#<nn>". */
  key: string;
  cellCode: string;
  fullName: string;
  /** 'YYYY-MM-DD'; null only for a deliberately broken record. */
  dateOfBirth: string | null;
  sex: Sex;
  cccd: string;
  /** Normalized 10-digit mobile; a broken record may carry a +84 or dotted form. */
  phone: string | null;
  /** NN.NNNNNN; null for probationary members, who get their card when made official. */
  partyCardNumber: string | null;
  admissionDate: string;
  officialDate: string | null;
  status: SeedMemberStatus;
  ethnicity: string;
  religion: string;
  hometown: string;
  occupation: string;
  /** Why this record is deliberately broken: "<kind>: <explanation>". */
  broken?: string;
}

export interface SeedStaff {
  username: string;
  displayName: string;
  role: SeedRole;
  unitCode: string;
  memberKey?: string;
}

export interface GeneratedOrganization {
  units: SeedUnit[];
  members: SeedMember[];
  staff: SeedStaff[];
}

export interface GenerateOptions {
  scale: 'demo' | 'province';
  seed?: number;
  /**
   * The day the data describes ('YYYY-MM-DD'). Probation periods are relative to it, so it
   * defaults to today (UTC); pass a fixed date for byte-identical output across days.
   */
  asOf?: string;
}

export const DEFAULT_SEED = 20_240_101;
export const PROVINCE = { code: 'TINH', name: 'Đảng bộ tỉnh Minh Hải', shortName: 'Tỉnh Minh Hải' } as const;
export const DEMO_CITY = { code: 'TP', subordinateUnits: 33, cells: 335, members: 6_080, brokenMembers: 25 } as const;
/** Province code used in CCCDs of people born in the (fictional) province. */
const HOME_PROVINCE_CODE = 86;
const CARD_PREFIX = '86';

export const BROKEN_KINDS = [
  'cccd_sex_mismatch',
  'cccd_year_mismatch',
  'phone_plus84',
  'phone_dots',
  'name_upper',
  'name_lower',
  'name_nfd',
  'admission_under_18',
  'official_too_soon',
  'probation_overdue',
  'likely_duplicate',
  'missing_dob',
] as const;
export type BrokenKind = (typeof BROKEN_KINDS)[number];

/** How many records of each kind are broken in the city; sums to 25. */
const BROKEN_PLAN: Record<BrokenKind, number> = {
  cccd_sex_mismatch: 2,
  cccd_year_mismatch: 2,
  phone_plus84: 2,
  phone_dots: 2,
  name_upper: 3,
  name_lower: 2,
  name_nfd: 2,
  admission_under_18: 2,
  official_too_soon: 2,
  probation_overdue: 2,
  likely_duplicate: 2,
  missing_dob: 2,
};

const MOBILE_PREFIXES = [
  '032',
  '033',
  '034',
  '035',
  '036',
  '037',
  '038',
  '039',
  '052',
  '056',
  '058',
  '059',
  '070',
  '076',
  '077',
  '078',
  '079',
  '081',
  '082',
  '083',
  '084',
  '085',
  '086',
  '088',
  '089',
  '090',
  '091',
  '093',
  '094',
  '096',
  '097',
  '098',
  '099',
];

/** A cell (or grassroots cell) to fill with members. */
interface CellPlan {
  code: string;
  kind: CellKind;
  size: number;
  highland: boolean;
}

/** Shared state: counters keep CCCDs, phones and card numbers unique across the installation. */
interface Ctx {
  asOf: string;
  units: SeedUnit[];
  members: SeedMember[];
  staff: SeedStaff[];
  serial: number;
  phoneSerial: number;
  cardSerial: number;
  /** lower-case name + DOB of every valid member, so no accidental likely-duplicates appear. */
  personKeys: Set<string>;
}

function shortNameOf(name: string): string {
  const rest = name.replace(/^(Đảng bộ bộ phận|Đảng bộ|Chi bộ)\s+/u, '');
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

function addUnit(ctx: Ctx, code: string, name: string, type: SeedUnitType, parentCode: string | null, sortOrder: number): void {
  ctx.units.push({ code, name, shortName: shortNameOf(name), type, parentCode, sortOrder });
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Bijections on 0..10^k-1 (multipliers coprime with 10): unique yet scattered numbers. */
function scatter(n: number, mul: number, add: number, mod: number): number {
  return (n * mul + add) % mod;
}

export function generateOrganization(opts: GenerateOptions): GeneratedOrganization {
  const seed = opts.seed ?? DEFAULT_SEED;
  const ctx: Ctx = {
    asOf: opts.asOf ?? new Date().toISOString().slice(0, 10),
    units: [],
    members: [],
    staff: [],
    serial: 0,
    phoneSerial: 0,
    cardSerial: 0,
    personKeys: new Set(),
  };
  addUnit(ctx, PROVINCE.code, PROVINCE.name, 'province', null, 1);

  // The city first, with its own random stream, so it is identical at both scales.
  const cityRng = new Random(hashSeed(seed, DEMO_CITY.code));
  const cityCells = buildCity(ctx, cityRng);
  const cityStart = ctx.members.length;
  for (const cell of cityCells) fillCell(ctx, cityRng, cell);
  breakSome(ctx, cityRng, ctx.members.slice(cityStart));
  addCityStaff(ctx, cityRng, cityCells, ctx.members.slice(cityStart));

  const districts = opts.scale === 'demo' ? DISTRICTS.slice(0, 2) : DISTRICTS;
  districts.forEach((d, i) => {
    const rng = new Random(hashSeed(seed, d.code));
    const shape = opts.scale === 'demo' ? DEMO_DISTRICT_SHAPE : PROVINCE_DISTRICT_SHAPE;
    for (const cell of buildDistrict(ctx, rng, d, i + 2, shape)) fillCell(ctx, rng, cell);
  });

  addProvinceStaff(ctx);
  return { units: ctx.units, members: ctx.members, staff: ctx.staff };
}

// ---------------------------------------------------------------------------------------------
// The tree

const WARD_CELLS = [22, 20, 19, 21, 18, 20, 17, 23, 20];
const COMMUNE_CELLS = [16, 18, 15, 19, 17];

function buildCity(ctx: Ctx, rng: Random): CellPlan[] {
  const city = DEMO_CITY.code;
  addUnit(ctx, city, 'Đảng bộ thành phố Tân An', 'upper_level', PROVINCE.code, 1);
  const cells: CellPlan[] = [];
  let order = 0;
  const cell = (parent: string, n: number, name: string, kind: CellKind, type: SeedUnitType = 'cell') => {
    const code = type === 'cell' ? `${parent}.CB${pad2(n)}` : parent;
    if (type === 'cell') addUnit(ctx, code, `Chi bộ ${name}`, 'cell', parent, n);
    cells.push({ code, kind, size: 0, highland: false });
  };

  WARD_CELLS.forEach((count, w) => {
    const code = `${city}.P${pad2(w + 1)}`;
    addUnit(ctx, code, `Đảng bộ phường ${w + 1}`, 'grassroots', city, ++order);
    const institutions = wardInstitutions(rng, `phường ${w + 1}`, rng.int(3, 5));
    const quarters = count - institutions.length;
    for (let i = 1; i <= quarters; i++) cell(code, i, `khu phố ${i}`, 'residential');
    institutions.forEach((inst, i) => cell(code, quarters + i + 1, inst.name, inst.kind));
  });

  const communes = rng.shuffle(COMMUNE_NAMES);
  COMMUNE_CELLS.forEach((count, x) => {
    const code = `${city}.X${pad2(x + 1)}`;
    const communeName = communes[x] ?? `Xã ${x + 1}`;
    addUnit(ctx, code, `Đảng bộ xã ${communeName}`, 'grassroots', city, ++order);
    const institutions = wardInstitutions(rng, `xã ${communeName}`, rng.int(3, 5));
    const hamlets = rng.shuffle(HAMLET_NAMES);
    const villages = count - institutions.length;
    for (let i = 1; i <= villages; i++) cell(code, i, `ấp ${hamlets[i - 1] ?? i}`, 'residential');
    institutions.forEach((inst, i) => cell(code, villages + i + 1, inst.name, inst.kind));
  });

  const agency = (n: number, name: string, cellNames: readonly string[], kind: CellKind) => {
    const code = `${city}.CQ${pad2(n)}`;
    addUnit(ctx, code, name, 'grassroots', city, ++order);
    cellNames.forEach((c, i) => cell(code, i + 1, c, kind));
  };
  agency(1, 'Đảng bộ Cơ quan Chính quyền thành phố', GOVERNMENT_OFFICES.slice(0, 22), 'agency');
  agency(2, 'Đảng bộ Các cơ quan Đảng – Đoàn thể thành phố', PARTY_OFFICES.slice(0, 12), 'agency');
  agency(3, 'Đảng bộ Quân sự thành phố', MILITARY_CELLS.slice(0, 14), 'military');

  // The police organization reaches its cells through sub-unit organizations (Đảng bộ bộ phận).
  const police = `${city}.CQ04`;
  addUnit(ctx, police, 'Đảng bộ Công an thành phố', 'grassroots', city, ++order);
  const blockSizes = [6, 5, 5, 6];
  POLICE_BLOCKS.forEach((block, b) => {
    const code = `${police}.BP${pad2(b + 1)}`;
    addUnit(ctx, code, `Đảng bộ bộ phận ${block.name}`, 'sub_unit', police, b + 1);
    block.cells.slice(0, blockSizes[b]).forEach((c, i) => cell(code, i + 1, c, 'police'));
  });

  GRASSROOTS_CELL_NAMES.slice(0, 15).forEach((g, i) => {
    const code = `${city}.CB${pad2(i + 1)}`;
    addUnit(ctx, code, `Chi bộ ${g.name}`, 'grassroots_cell', city, ++order);
    cell(code, 0, g.name, g.kind, 'grassroots_cell');
  });

  assignSizes(rng, cells, DEMO_CITY.members, 10, 35);
  return cells;
}

/** Schools, health station, military and police of a ward or commune, in a fixed order. */
function wardInstitutions(rng: Random, place: string, count: number): { name: string; kind: CellKind }[] {
  const people = rng.shuffle(NOTABLE_PEOPLE);
  const all: { name: string; kind: CellKind }[] = [
    { name: `Trường Tiểu học ${people[0]}`, kind: 'school' },
    { name: `Trường THCS ${people[1]}`, kind: 'school' },
    { name: `Trạm Y tế ${place}`, kind: 'health' },
    { name: `Quân sự ${place}`, kind: 'military' },
    { name: `Công an ${place}`, kind: 'police' },
    { name: `Trường Mầm non ${people[2]}`, kind: 'school' },
  ];
  return all.slice(0, count);
}

/**
 * Random sizes by kind (residential cells are the big ones), then nudged one member at a
 * time until the total is exact, never leaving [min, max].
 */
function assignSizes(rng: Random, cells: CellPlan[], total: number, min: number, max: number): void {
  for (const c of cells) {
    const [lo, hi] = c.kind === 'residential' ? [Math.max(min, 14), max - 5] : [min, Math.min(max, 20)];
    c.size = rng.int(lo, hi);
  }
  let sum = cells.reduce((s, c) => s + c.size, 0);
  if (total < cells.length * min || total > cells.length * max) throw new Error('impossible cell sizes');
  while (sum !== total) {
    const c = rng.pick(cells);
    if (sum > total && c.size > min) {
      c.size -= 1;
      sum -= 1;
    } else if (sum < total && c.size < max) {
      c.size += 1;
      sum += 1;
    }
  }
}

interface District {
  code: string;
  name: string;
  kind: 'huyện' | 'thị xã';
  highland: boolean;
}

const DISTRICTS: readonly District[] = [
  { code: 'H1', name: 'Vĩnh Phước', kind: 'huyện', highland: false },
  { code: 'H2', name: 'Đồi Mây', kind: 'huyện', highland: true },
  { code: 'H3', name: 'Hòa Lợi', kind: 'thị xã', highland: false },
  { code: 'H4', name: 'Phú Đông', kind: 'huyện', highland: false },
  { code: 'H5', name: 'Núi Ngọc', kind: 'huyện', highland: true },
  { code: 'H6', name: 'Thạnh Mỹ', kind: 'huyện', highland: false },
  { code: 'H7', name: 'Sông Trà', kind: 'huyện', highland: false },
  { code: 'H8', name: 'Cao Phong Sơn', kind: 'huyện', highland: true },
  { code: 'H9', name: 'Tân Hải', kind: 'huyện', highland: false },
];

interface DistrictShape {
  communes: number;
  cellsPerCommune: readonly [number, number];
  grassrootsCells: number;
  size: readonly [number, number];
}

/** Small, so the first start of the demo stays fast. */
const DEMO_DISTRICT_SHAPE: DistrictShape = { communes: 2, cellsPerCommune: [5, 7], grassrootsCells: 1, size: [10, 22] };
/** About 295 cells and 10,500 members each: nine of them plus the city ≈ 3,000 cells, 100,000 members. */
const PROVINCE_DISTRICT_SHAPE: DistrictShape = { communes: 25, cellsPerCommune: [8, 14], grassrootsCells: 20, size: [20, 52] };

function buildDistrict(ctx: Ctx, rng: Random, d: District, sortOrder: number, shape: DistrictShape): CellPlan[] {
  const title = `${d.kind} ${d.name}`;
  addUnit(ctx, d.code, `Đảng bộ ${title}`, 'upper_level', PROVINCE.code, sortOrder);
  const cells: CellPlan[] = [];
  const plan = (code: string, kind: CellKind) =>
    cells.push({ code, kind, size: rng.int(shape.size[0], shape.size[1]), highland: d.highland });
  const communes = rng.shuffle(COMMUNE_NAMES);
  for (let x = 1; x <= shape.communes; x++) {
    // The first grassroots organization is the district town (thị trấn), the others communes.
    const place = x === 1 ? `thị trấn ${d.name}` : `xã ${communes[x - 1] ?? x}`;
    const code = `${d.code}.X${pad2(x)}`;
    addUnit(ctx, code, `Đảng bộ ${place}`, 'grassroots', d.code, x);
    const count = rng.int(shape.cellsPerCommune[0], shape.cellsPerCommune[1]);
    const institutions = wardInstitutions(rng, place, Math.min(3, count - 2));
    const hamlets = rng.shuffle(HAMLET_NAMES);
    const villages = count - institutions.length;
    for (let i = 1; i <= villages; i++) {
      const name = x === 1 ? `khu phố ${i}` : `${d.highland ? 'thôn' : 'ấp'} ${hamlets[i - 1] ?? i}`;
      addUnit(ctx, `${code}.CB${pad2(i)}`, `Chi bộ ${name}`, 'cell', code, i);
      plan(`${code}.CB${pad2(i)}`, 'residential');
    }
    institutions.forEach((inst, i) => {
      const n = villages + i + 1;
      addUnit(ctx, `${code}.CB${pad2(n)}`, `Chi bộ ${inst.name}`, 'cell', code, n);
      plan(`${code}.CB${pad2(n)}`, inst.kind);
    });
  }
  for (let i = 1; i <= shape.grassrootsCells; i++) {
    const g = GRASSROOTS_CELL_NAMES[(i - 1) % GRASSROOTS_CELL_NAMES.length];
    if (!g) continue;
    const code = `${d.code}.CB${pad2(i)}`;
    const name = g.name.replace(/thành phố|Tân An/u, (m) => (m === 'Tân An' ? d.name : d.kind));
    addUnit(ctx, code, `Chi bộ ${name}`, 'grassroots_cell', d.code, shape.communes + i);
    plan(code, g.kind);
  }
  return cells;
}

// ---------------------------------------------------------------------------------------------
// Members

const SEX_FEMALE_SHARE: Record<CellKind, number> = {
  residential: 0.5,
  school: 0.7,
  health: 0.6,
  police: 0.15,
  military: 0.05,
  agency: 0.5,
  enterprise: 0.4,
};

/** Birth-year bands by kind of cell: residential cells hold many elderly members. */
const BIRTH_YEARS: Record<CellKind, Weighted<readonly [number, number]>> = {
  residential: [
    [[1935, 1949], 25],
    [[1950, 1964], 35],
    [[1965, 1984], 25],
    [[1985, 2003], 15],
  ],
  school: [[[1966, 2001], 1]],
  health: [[[1966, 2001], 1]],
  agency: [[[1966, 2001], 1]],
  enterprise: [[[1966, 2001], 1]],
  police: [[[1972, 2003], 1]],
  military: [[[1972, 2003], 1]],
};

const PROBATIONARY_SHARE = 0.04;
/** Share of members aged 75+ who are exempted from party work; ≈ 3% of all members. */
const EXEMPTED_SHARE_OF_ELDERLY = 0.14;

function fillCell(ctx: Ctx, rng: Random, cell: CellPlan): void {
  for (let i = 1; i <= cell.size; i++) ctx.members.push(makeMember(ctx, rng, cell, `${cell.code}#${pad2(i)}`));
}

function birthDate(ctx: Ctx, rng: Random, kind: CellKind, young: boolean): string {
  // Everyone is at least 20 (born by the end of asOf-21), so even the youngest was admitted at 18 and made official by now.
  const latestYear = Math.min(2003, Number(ctx.asOf.slice(0, 4)) - 21);
  const [from, to] = young ? [1980, latestYear] : rng.weighted(BIRTH_YEARS[kind]);
  return rng.date(`${from}-01-01`, `${Math.min(to, latestYear)}-12-31`);
}

function personName(rng: Random, sex: Sex, ethnicity: string): string {
  const minority = MINORITY_FAMILY_NAMES[ethnicity as keyof typeof MINORITY_FAMILY_NAMES];
  const family = minority && rng.chance(0.85) ? rng.pick(minority) : rng.weighted(FAMILY_NAMES);
  const middle = rng.weighted(MIDDLE_NAMES[sex]);
  let given = rng.pick(GIVEN_NAMES[sex]);
  while (given === middle) given = rng.pick(GIVEN_NAMES[sex]);
  return `${family} ${middle} ${given}`;
}

/** Admission after 18 and (for official members) official at least 12 months later, before asOf. */
function admissionDates(
  ctx: Ctx,
  rng: Random,
  dob: string,
  probationary: boolean,
): { admissionDate: string; officialDate: string | null } {
  if (probationary) return { admissionDate: addDays(ctx.asOf, -rng.int(20, 330)), officialDate: null };
  const earliest = [addYears(dob, 18), '1950-01-01'].sort()[1] ?? dob;
  const latest = addMonths(ctx.asOf, -14);
  const ageOffsetYears = rng.weighted<readonly [number, number]>([
    [[0, 5], 30],
    [[5, 12], 40],
    [[12, 30], 30],
  ]);
  const candidate = addDays(earliest, rng.int(ageOffsetYears[0] * 365, ageOffsetYears[1] * 365));
  const admissionDate = candidate > latest ? addDays(latest, -rng.int(0, 200)) : candidate;
  const officialDate = addDays(addMonths(admissionDate, 12), rng.int(0, 45));
  return { admissionDate: admissionDate < earliest ? earliest : admissionDate, officialDate };
}

function nextCccd(ctx: Ctx, rng: Random, sex: Sex, dob: string): string {
  const province = rng.chance(0.85) ? HOME_PROVINCE_CODE : rng.int(1, 96);
  return makeCccd(province, sex, dob, scatter(ctx.serial++, 390_479, 517_303, 1_000_000));
}

function nextPhone(ctx: Ctx, rng: Random): string {
  return rng.pick(MOBILE_PREFIXES) + String(scatter(ctx.phoneSerial++, 7_654_321, 4_820_391, 10_000_000)).padStart(7, '0');
}

function nextCard(ctx: Ctx): string {
  return `${CARD_PREFIX}.${String(scatter(ctx.cardSerial++, 104_729, 270_419, 1_000_000)).padStart(6, '0')}`;
}

function makeMember(ctx: Ctx, rng: Random, cell: CellPlan, key: string): SeedMember {
  const sex: Sex = rng.chance(SEX_FEMALE_SHARE[cell.kind]) ? 'female' : 'male';
  const probationary = rng.chance(PROBATIONARY_SHARE);
  const ethnicity = rng.weighted(cell.highland ? ETHNICITIES_HIGHLAND : ETHNICITIES_LOWLAND);
  let dob = birthDate(ctx, rng, cell.kind, probationary);
  let fullName = personName(rng, sex, ethnicity);
  // Two valid members with the same name and birthday would look like a duplicate: avoid it.
  while (ctx.personKeys.has(`${fullName.toLowerCase()}|${dob}`)) {
    fullName = personName(rng, sex, ethnicity);
    dob = birthDate(ctx, rng, cell.kind, probationary);
  }
  ctx.personKeys.add(`${fullName.toLowerCase()}|${dob}`);
  const age = ageOn(dob, ctx.asOf);
  const { admissionDate, officialDate } = admissionDates(ctx, rng, dob, probationary);
  const status: SeedMemberStatus = probationary
    ? 'probationary'
    : age >= 75 && rng.chance(EXEMPTED_SHARE_OF_ELDERLY)
      ? 'exempted'
      : 'official';
  // Fewer of the elderly carry a mobile phone: they are the ones secretaries help at home.
  const phoneShare = age >= 80 ? 0.4 : age >= 70 ? 0.7 : 0.97;
  return {
    key,
    cellCode: cell.code,
    fullName,
    dateOfBirth: dob,
    sex,
    cccd: nextCccd(ctx, rng, sex, dob),
    phone: rng.chance(phoneShare) ? nextPhone(ctx, rng) : null,
    partyCardNumber: probationary ? null : nextCard(ctx),
    admissionDate,
    officialDate,
    status,
    ethnicity,
    religion: rng.weighted(RELIGIONS),
    hometown: rng.chance(0.65)
      ? `Xã ${rng.pick(COMMUNE_NAMES)}, ${rng.pick(LOCAL_DISTRICTS)}, tỉnh Minh Hải`
      : rng.pick(HOMETOWNS_ELSEWHERE),
    occupation: age >= 62 && cell.kind === 'residential' ? 'Hưu trí' : rng.weighted(OCCUPATIONS[cell.kind]),
  };
}

const LOCAL_DISTRICTS = ['thành phố Tân An', ...DISTRICTS.map((d) => `${d.kind} ${d.name}`)];

// ---------------------------------------------------------------------------------------------
// Deliberately broken records

/** Cells whose members are linked to named demo accounts stay clean. */
const PROTECTED_CELLS = new Set(['TP.P01.CB01', 'TP.P02.CB01']);

const OTHER_TONE_STYLE: Record<string, string> = { Hòa: 'Hoà', Thúy: 'Thuý', Thủy: 'Thuỷ' };

/** Which members make a believable victim of each kind of damage. */
const BROKEN_FITS: Partial<Record<BrokenKind, (m: SeedMember) => boolean>> = {
  // A visible change only if the name has diacritics.
  name_nfd: (m) => m.fullName.normalize('NFD') !== m.fullName,
  // Admitted 14–30 months ago: a younger member.
  probation_overdue: (m) => (m.dateOfBirth ?? '') >= '1975-01-01',
};

function breakSome(ctx: Ctx, rng: Random, cityMembers: SeedMember[]): void {
  const pool = rng.shuffle(cityMembers.filter((m) => m.status === 'official' && !PROTECTED_CELLS.has(m.cellCode)));
  const take = (fits: (m: SeedMember) => boolean = () => true): SeedMember => {
    const i = pool.findIndex(fits);
    const m = pool[i];
    if (!m) throw new Error('not enough members to break');
    pool.splice(i, 1);
    return m;
  };
  for (const kind of BROKEN_KINDS) {
    for (let i = 0; i < BROKEN_PLAN[kind]; i++) {
      const m = take(BROKEN_FITS[kind]);
      m.broken = `${kind}: ${breakOne(ctx, rng, kind, m, take)}`;
    }
  }
}

/** Applies one kind of damage and says what it did. */
function breakOne(
  ctx: Ctx,
  rng: Random,
  kind: BrokenKind,
  m: SeedMember,
  take: (fits: (o: SeedMember) => boolean) => SeedMember,
): string {
  const dob = m.dateOfBirth ?? '1970-01-01';
  const province = Number(m.cccd.slice(0, 3));
  const serial = Number(m.cccd.slice(6));
  const phone = m.phone ?? nextPhone(ctx, rng);
  switch (kind) {
    case 'cccd_sex_mismatch':
      m.cccd = makeCccd(province, m.sex === 'male' ? 'female' : 'male', dob, serial);
      return `CCCD sex digit says ${m.sex === 'male' ? 'female' : 'male'}, record says ${m.sex}`;
    case 'cccd_year_mismatch': {
      const shifted = addYears(dob, rng.pick([-3, -2, -1, 1, 2, 3]));
      m.cccd = makeCccd(province, m.sex, shifted, serial);
      return `CCCD birth year ${shifted.slice(0, 4)}, date of birth ${dob}`;
    }
    case 'phone_plus84':
      m.phone = `+84${phone.slice(1)}`;
      return 'phone stored in +84 form';
    case 'phone_dots':
      m.phone = `${phone.slice(0, 4)}.${phone.slice(4, 7)}.${phone.slice(7)}`;
      return 'phone stored with dots';
    case 'name_upper':
      m.fullName = m.fullName.toUpperCase();
      return 'name in capitals';
    case 'name_lower':
      m.fullName = m.fullName.toLowerCase();
      return 'name in lower case';
    case 'name_nfd':
      m.fullName = m.fullName.normalize('NFD');
      return 'name in decomposed Unicode (NFD)';
    case 'admission_under_18': {
      m.admissionDate = addDays(addYears(dob, 17), rng.int(0, 300));
      m.officialDate = addDays(addMonths(m.admissionDate, 12), rng.int(0, 30));
      return `admitted at 17 (born ${dob}, admitted ${m.admissionDate})`;
    }
    case 'official_too_soon':
      m.officialDate = addMonths(m.admissionDate, rng.int(6, 10));
      return `official ${m.officialDate}, less than 12 months after admission ${m.admissionDate}`;
    case 'probation_overdue':
      m.status = 'probationary';
      m.admissionDate = addMonths(ctx.asOf, -rng.int(14, 30));
      m.officialDate = null;
      m.partyCardNumber = null;
      return `probationary since ${m.admissionDate}, no decision after 12 months`;
    case 'likely_duplicate':
      return makeDuplicate(
        ctx,
        rng,
        m,
        take((o) => o.cellCode !== m.cellCode),
      );
    case 'missing_dob':
      m.dateOfBirth = null;
      return 'date of birth missing';
  }
}

/**
 * Gives `original` a name with a tone-ambiguous given name (Hòa, Thúy...) and turns `copy` into
 * the same person written in the other tone style, same birthday, in another cell.
 */
function makeDuplicate(ctx: Ctx, rng: Random, copy: SeedMember, original: SeedMember): string {
  const dob = original.dateOfBirth ?? '1970-01-01';
  const [family, middle] = original.fullName.split(' ');
  let name = original.fullName;
  for (const given of rng.shuffle(TONE_AMBIGUOUS_GIVEN[original.sex])) {
    const candidate = `${family} ${middle} ${given}`;
    if (given !== middle && !ctx.personKeys.has(`${candidate.toLowerCase()}|${dob}`)) {
      name = candidate;
      break;
    }
  }
  ctx.personKeys.add(`${name.toLowerCase()}|${dob}`);
  original.fullName = name;
  const given = name.split(' ').pop() ?? '';
  copy.fullName = name.replace(/\S+$/u, OTHER_TONE_STYLE[given] ?? given);
  copy.sex = original.sex;
  copy.dateOfBirth = dob;
  copy.cccd = nextCccd(ctx, rng, copy.sex, dob);
  Object.assign(copy, admissionDates(ctx, rng, dob, false));
  return `same person as ${original.key} ("${original.fullName}", ${dob}) written "${copy.fullName}"`;
}

// ---------------------------------------------------------------------------------------------
// Accounts

function firstClean(members: readonly SeedMember[], cellCode: string, skip = 0): SeedMember | undefined {
  return members.filter((m) => m.cellCode === cellCode && !m.broken && m.status === 'official')[skip];
}

function addCityStaff(ctx: Ctx, rng: Random, cells: CellPlan[], cityMembers: SeedMember[]): void {
  const named: [string, string, SeedRole][] = [
    ['tp.admin', 'Tổ quản trị Thành ủy Tân An', 'unit_admin'],
    ['tp.uyvien', personName(rng, 'male', 'Kinh'), 'committee_member'],
    ['tp.bientap', personName(rng, 'female', 'Kinh'), 'editor'],
    ['tp.duyet', personName(rng, 'male', 'Kinh'), 'approver'],
  ];
  for (const [username, displayName, role] of named) ctx.staff.push({ username, displayName, role, unitCode: DEMO_CITY.code });

  const byCell = new Map<string, SeedMember[]>();
  for (const m of cityMembers) {
    const list = byCell.get(m.cellCode) ?? [];
    list.push(m);
    byCell.set(m.cellCode, list);
  }
  const link = (username: string, role: SeedRole, cellCode: string, skip = 0) => {
    const m = firstClean(byCell.get(cellCode) ?? [], cellCode, skip);
    if (m) ctx.staff.push({ username, displayName: m.fullName, role, unitCode: cellCode, memberKey: m.key });
  };
  link('chibo.bithu', 'cell_secretary', 'TP.P01.CB01');
  link('dangvien', 'member', 'TP.P01.CB01', 1);
  link('chibo2.bithu', 'cell_secretary', 'TP.P02.CB01');
  // One secretary account per remaining cell, for benchmarks and realistic role spread.
  for (const cell of cells) {
    if (PROTECTED_CELLS.has(cell.code)) continue;
    link(`bt.${cell.code.toLowerCase().replace(/\./g, '-')}`, 'cell_secretary', cell.code);
  }
}

function addProvinceStaff(ctx: Ctx): void {
  ctx.staff.unshift(
    { username: 'admin', displayName: 'Quản trị hệ thống', role: 'system_admin', unitCode: PROVINCE.code },
    { username: 'tinh.admin', displayName: 'Tổ quản trị Tỉnh ủy Minh Hải', role: 'unit_admin', unitCode: PROVINCE.code },
  );
}
