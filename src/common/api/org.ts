/** The organization tree: units, their children and search, restructuring (move, merge, dissolve), history. */
import { z } from 'zod';
import { IdParams, IsoDate } from './shared.ts';
import { route } from './contract.ts';

/** Unit types of the organization tree (DOMAIN.md, "Organization tree"). */
export const UNIT_TYPES = [
  'province', // Đảng bộ tỉnh
  'upper_level', // Đảng bộ huyện / thành phố (cấp trên cơ sở)
  'grassroots', // Đảng bộ cơ sở
  'grassroots_cell', // Chi bộ cơ sở
  'sub_unit', // Đảng bộ bộ phận
  'cell', // Chi bộ trực thuộc
] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

export const UNIT_STATUSES = ['active', 'merged', 'dissolved'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export const UNIT_CHANGE_KINDS = ['create', 'rename', 'move', 'merge', 'dissolve'] as const;
export type UnitChangeKind = (typeof UNIT_CHANGE_KINDS)[number];

export const Unit = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  type: z.enum(UNIT_TYPES),
  parentId: z.string().nullable(),
  depth: z.number(),
  sortOrder: z.number(),
  status: z.enum(UNIT_STATUSES),
  childCount: z.number(),
  memberCount: z.number(),
});

export const UnitList = z.object({ items: z.array(Unit) });
export const UnitEnvelope = z.object({ unit: Unit });
export const UnitAbilities = z.object({ manage: z.boolean(), manageAccounts: z.boolean() });
export const UnitDetail = z.object({
  unit: Unit,
  ancestors: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
  abilities: UnitAbilities,
});
export const UnitSearchHit = Unit.extend({ pathNames: z.array(z.string()) });
export const UnitSearchResult = z.object({ items: z.array(UnitSearchHit) });
export const SearchQuery = z.object({ q: z.string().max(200), limit: z.coerce.number().int().min(1).max(50).default(20) });
export const AsOfQuery = z.object({ asOf: IsoDate.optional() });

const name = z.string().trim().min(2, 'Tên quá ngắn').max(200);
const reason = z.string().trim().max(1000).default('');

export const CreateUnitBody = z.object({
  parentId: z.uuid(),
  code: z
    .string()
    .trim()
    .min(1)
    .max(50)
    .regex(/^[A-Za-z0-9._-]+$/, 'Mã chỉ gồm chữ, số, dấu chấm, gạch'),
  name,
  shortName: z.string().trim().min(1).max(100).optional(),
  type: z.enum(UNIT_TYPES),
});
export const UpdateUnitBody = z.object({
  name: name.optional(),
  shortName: z.string().trim().min(1).max(100).optional(),
  sortOrder: z.number().int().min(0).max(100_000).optional(),
  reason: reason.optional(),
});
export const MoveBody = z.object({ newParentId: z.uuid(), reason });
export const MergeBody = z.object({ intoId: z.uuid(), reason });
export const DissolveBody = z.object({ reason });
export const MergeResult = z.object({ unit: Unit, movedMembers: z.number(), movedUnits: z.number() });
export const HistoryEntry = z.object({
  id: z.number(),
  kind: z.enum(UNIT_CHANGE_KINDS),
  at: z.date(),
  actorName: z.string().nullable(),
  reason: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export const History = z.object({ items: z.array(HistoryEntry) });

export const orgRoutes = {
  roots: route({ method: 'GET', path: '/api/units/roots', response: UnitList }),
  search: route({ method: 'GET', path: '/api/units/search', query: SearchQuery, response: UnitSearchResult }),
  detail: route({ method: 'GET', path: '/api/units/:id', params: IdParams, response: UnitDetail }),
  children: route({ method: 'GET', path: '/api/units/:id/children', params: IdParams, query: AsOfQuery, response: UnitList }),
  history: route({ method: 'GET', path: '/api/units/:id/history', params: IdParams, response: History }),
  create: route({ method: 'POST', path: '/api/units', body: CreateUnitBody, response: UnitEnvelope, status: 201 }),
  update: route({ method: 'PATCH', path: '/api/units/:id', params: IdParams, body: UpdateUnitBody, response: UnitEnvelope }),
  move: route({ method: 'POST', path: '/api/units/:id/move', params: IdParams, body: MoveBody, response: UnitEnvelope }),
  merge: route({ method: 'POST', path: '/api/units/:id/merge', params: IdParams, body: MergeBody, response: MergeResult }),
  dissolve: route({
    method: 'POST',
    path: '/api/units/:id/dissolve',
    params: IdParams,
    body: DissolveBody,
    response: UnitEnvelope,
  }),
};
