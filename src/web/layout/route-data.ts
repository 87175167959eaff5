/**
 * The data of the page the app opens on, asked for while that page's code downloads instead of
 * after (one round trip less on a slow connection). With the data already there, the page is drawn
 * in one interruptible pass instead of a long task when the answer arrives. Keys and addresses are
 * the pages' own (useDocument in library/api.ts, MeetingPage's meetingKeys.detail).
 */
import type { QueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { meetingKeys } from '../meetings/api.ts';
import { HOME_KEY } from '../home/api.ts';

const UUID = '([0-9a-f-]{36})';
const ROUTES: Array<{ path: RegExp; query: (id: string) => { queryKey: readonly unknown[]; url: string } }> = [
  { path: /^\/()$/, query: () => ({ queryKey: HOME_KEY, url: '/api/home' }) },
  { path: new RegExp(`^/sinh-hoat/${UUID}$`), query: (id) => ({ queryKey: meetingKeys.detail(id), url: `/api/meetings/${id}` }) },
  { path: new RegExp(`^/thu-vien/${UUID}$`), query: (id) => ({ queryKey: ['library', 'doc', id], url: `/api/documents/${id}` }) },
];

/** Starts the first page's query (signed-in users only); resolves when it settled, never rejects. */
export function prefetchRouteData(queryClient: QueryClient, pathname: string): Promise<void> {
  for (const r of ROUTES) {
    const id = r.path.exec(pathname)?.[1];
    if (id === undefined) continue;
    const { queryKey, url } = r.query(id);
    return queryClient.prefetchQuery({ queryKey, queryFn: () => api.get(url) });
  }
  return Promise.resolve();
}
