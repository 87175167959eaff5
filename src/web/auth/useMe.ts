import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../api/client.ts';
import type { Me } from '../api/types.ts';

export const ME_KEY = ['me'] as const;

/** The signed-in user, or null when signed out (401 from /api/auth/me). */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async (): Promise<Me | null> => {
      try {
        return await api.get<Me>('/api/auth/me');
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
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
