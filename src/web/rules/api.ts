import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../api/client.ts';
import type { RuleKindList, RuleVersionList } from '../../common/api/rules.ts';

// Dates arrive as ISO strings over JSON.
type Json<T> = T extends Date
  ? string
  : T extends Array<infer U>
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

export type RuleKinds = Json<z.infer<typeof RuleKindList>>;
export type RuleVersions = Json<z.infer<typeof RuleVersionList>>;
export type RuleVersionItem = RuleVersions['items'][number];

export const rulesKeys = {
  all: ['rules'] as const,
  kind: (kind: string) => ['rules', kind] as const,
};

export const useRuleKinds = () => useQuery({ queryKey: rulesKeys.all, queryFn: () => api.get<RuleKinds>('/api/rules') });
export const useRuleVersions = (kind: string) =>
  useQuery({ queryKey: rulesKeys.kind(kind), queryFn: () => api.get<RuleVersions>(`/api/rules/${encodeURIComponent(kind)}`) });
