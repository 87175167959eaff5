/**
 * After the home page loads on a good connection, fetch what a member will want to read offline
 * (the next meeting with its materials list, bookmarked documents) so the service worker keeps
 * it, even if the member did not open it yet. Quietly does nothing where an area is not there yet.
 */
let warmed = false;

async function getJson<T>(path: string): Promise<T | null> {
  try {
    const res = await fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    return res.ok ? ((await res.json()) as T) : null;
  } catch {
    return null;
  }
}

export async function warmOfflineCache(nextMeetingId: string | null): Promise<void> {
  if (warmed || !navigator.onLine || !navigator.serviceWorker?.controller) return;
  warmed = true;
  if (nextMeetingId) await getJson(`/api/meetings/${nextMeetingId}`);
  const bookmarks = await getJson<{ items: Array<{ id: string }> }>('/api/library/bookmarks');
  for (const b of bookmarks?.items.slice(0, 10) ?? []) await getJson(`/api/documents/${b.id}`);
}
