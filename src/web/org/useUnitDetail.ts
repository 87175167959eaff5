import { useQuery } from '@tanstack/react-query';
import { client } from '../api/client.ts';
import { unitKeys } from './keys.ts';

/** The unit's detail (shares its cache with the tree page). */
export function useUnitDetail(unitId: string | null) {
  return useQuery({
    queryKey: unitKeys.detail(unitId ?? ''),
    queryFn: () => client.get('/api/units/:id', { params: { id: unitId ?? '' } }),
    enabled: !!unitId,
  });
}
