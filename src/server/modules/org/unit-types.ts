/** What each unit type may contain. Ranks follow DOMAIN.md: province → upper level → grassroots → sub-unit → cell. */
import type { UnitType } from '../../db/schema.ts';

const RANK: Record<UnitType, number> = { province: 0, upper_level: 1, grassroots: 2, grassroots_cell: 2, sub_unit: 3, cell: 4 };

export const UNIT_TYPE_LABELS: Record<UnitType, string> = {
  province: 'Đảng bộ tỉnh',
  upper_level: 'Đảng bộ cấp trên cơ sở',
  grassroots: 'Đảng bộ cơ sở',
  grassroots_cell: 'Chi bộ cơ sở',
  sub_unit: 'Đảng bộ bộ phận',
  cell: 'Chi bộ',
};

/** Cells (grassroots or subordinate) hold members and no units. */
export function holdsMembers(type: UnitType): boolean {
  return type === 'cell' || type === 'grassroots_cell';
}

export function canHoldChild(parent: UnitType, child: UnitType): boolean {
  if (holdsMembers(parent)) return false;
  // A subordinate cell sits under a grassroots or sub-unit organization, never directly higher.
  if (child === 'cell') return parent === 'grassroots' || parent === 'sub_unit';
  return RANK[child] > RANK[parent];
}
