import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { UnitDetail } from '../api/types.ts';
import { unitKeys } from './keys.ts';

/** The unit's detail (shares its cache with the tree page). */
export function useUnitDetail(unitId: string | null) {
  return useQuery({
    queryKey: unitKeys.detail(unitId ?? ''),
    queryFn: () => api.get<UnitDetail>(`/api/units/${encodeURIComponent(unitId ?? '')}`),
    enabled: !!unitId,
  });
}
