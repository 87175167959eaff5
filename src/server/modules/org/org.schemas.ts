import { z } from 'zod';
import { UNIT_STATUSES, UNIT_TYPES, UNIT_CHANGE_KINDS } from '../../db/schema.ts';

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
export const UnitDetail = z.object({
  unit: Unit,
  ancestors: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
  abilities: z.object({ manage: z.boolean(), manageAccounts: z.boolean() }),
});
export const UnitSearchResult = z.object({ items: z.array(Unit.extend({ pathNames: z.array(z.string()) })) });
export const SearchQuery = z.object({ q: z.string().max(200), limit: z.coerce.number().int().min(1).max(50).default(20) });
export const AsOfQuery = z.object({
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

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
export const History = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      kind: z.enum(UNIT_CHANGE_KINDS),
      at: z.date(),
      actorName: z.string().nullable(),
      reason: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
});
