/**
 * After the home page loads on a good connection, fetch what a member will want to read offline
 * (the next meeting with its materials and their files, bookmarked documents) so the service worker
 * keeps it (cache-rules.ts), even if the member did not open it yet. Quietly does nothing where an
 * area is not there yet.
 */
let warmed = false;

interface MeetingFiles {
  files?: Array<{ id: string; purpose: string; mime: string }>;
}
interface DocFiles {
  document?: { files?: Array<{ id: string; kind: string }> };
}
const TEXT_MIMES = new Set(['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']);

async function getJson<T>(path: string): Promise<T | null> {
  try {
    const res = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    return res.ok ? ((await res.json()) as T) : null;
  } catch {
    return null;
  }
}

/** Fetches a file so the service worker's file cache keeps it; the body is read to the end. */
async function getFile(path: string): Promise<void> {
  try {
    const res = await fetch(path, { credentials: 'same-origin' });
    if (res.ok) await res.arrayBuffer();
  } catch {
    /* offline again: next time */
  }
}

/**
 * Resolves when a service worker controls the page. It is registered after the first page has
 * loaded (boot.ts), so on the very first visit it takes control a little later (clientsClaim).
 */
function controlled(timeoutMs: number): Promise<boolean> {
  const sw = navigator.serviceWorker;
  if (!sw) return Promise.resolve(false);
  if (sw.controller) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = window.setTimeout(() => resolve(false), timeoutMs);
    sw.addEventListener(
      'controllerchange',
      () => {
        window.clearTimeout(timer);
        resolve(true);
      },
      { once: true },
    );
  });
}

export async function warmOfflineCache(nextMeetingId: string | null): Promise<void> {
  if (warmed || !navigator.onLine) return;
  warmed = true;
  if (!(await controlled(60_000)) || !navigator.onLine) {
    warmed = false; // no service worker to keep it: try again the next time home opens
    return;
  }
  if (nextMeetingId) {
    const meeting = await getJson<MeetingFiles>(`/api/meetings/${nextMeetingId}`);
    for (const f of meeting?.files?.filter((x) => x.purpose === 'material').slice(0, 10) ?? []) {
      await getFile(`/api/meeting-files/${f.id}`);
      // The material's reading view, so it opens offline in the viewer as it does online.
      if (TEXT_MIMES.has(f.mime)) await getJson(`/api/meeting-files/${f.id}/reading`);
    }
  }
  // Saved documents: the page, the reading view of its main file, and the file itself.
  const bookmarks = await getJson<{ items: Array<{ id: string }> }>('/api/library/bookmarks');
  for (const b of bookmarks?.items.slice(0, 10) ?? []) {
    const doc = await getJson<DocFiles>(`/api/documents/${b.id}`);
    const main = doc?.document?.files?.find((f) => f.kind === 'pdf' || f.kind === 'docx');
    if (!main) continue;
    await getJson(`/api/library/files/${main.id}/reading`);
    await getFile(`/api/library/files/${main.id}`);
  }
}

/** A document just saved for later: its reading view and main file, kept for offline reading now. */
export async function warmDocument(fileId: string | undefined): Promise<void> {
  if (!fileId || !navigator.onLine) return;
  await getJson(`/api/library/files/${fileId}/reading`);
  await getFile(`/api/library/files/${fileId}`);
}
