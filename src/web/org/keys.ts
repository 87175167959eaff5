// Every unit query key starts with 'units', so one invalidation refreshes the tree after a change.
export const unitKeys = {
  all: ['units'] as const,
  roots: () => ['units', 'roots'] as const,
  detail: (id: string) => ['units', 'detail', id] as const,
  children: (id: string) => ['units', 'children', id] as const,
  history: (id: string) => ['units', 'history', id] as const,
  search: (q: string) => ['units', 'search', q] as const,
};
