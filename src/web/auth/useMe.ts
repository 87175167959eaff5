import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Me } from '../api/types.ts';

export const ME_KEY = ['me'] as const;

/** The signed-in user, or null when signed out (/api/auth/session answers both with 200). */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async (): Promise<Me | null> => (await api.get<{ user: Me | null }>('/api/auth/session')).user,
    staleTime: 5 * 60_000,
  });
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/api/auth/sign-out'),
    onSettled: () => {
      // Whatever the server said, forget everything cached for this user.
      qc.clear();
      qc.setQueryData(ME_KEY, null);
    },
  });
}
