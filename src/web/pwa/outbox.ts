/**
 * The offline outbox: actions a member makes without a connection (an opinion, an RSVP, a
 * check-in, a question) are kept in IndexedDB and sent when the connection returns. Each carries a
 * `clientId` generated here, which the server uses to store it once however often it arrives.
 */
import { ApiError, errorTitle, request } from '../api/client.ts';

export interface OutboxItem {
  clientId: string;
  method: 'POST' | 'PUT';
  path: string;
  body: Record<string, unknown>;
  /** What the member sees in "waiting to send", in their words: "Ý kiến về dự thảo nghị quyết". */
  label: string;
  createdAt: number;
  attempts: number;
  /** Set when the server refused it (not a network problem): shown, not retried. */
  error?: string;
}

const DB = 'sotay';
const STORE = 'outbox';
export const OUTBOX_EVENT = 'sotay:outbox';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'clientId' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const r = fn(t.objectStore(STORE));
      t.oncomplete = () => resolve(r.result);
      t.onerror = () => reject(t.error);
    });
  } finally {
    db.close();
  }
}

let cache: OutboxItem[] = [];

export function pendingItems(): OutboxItem[] {
  return cache;
}

async function refresh(): Promise<OutboxItem[]> {
  const all = await tx('readonly', (s) => s.getAll() as IDBRequest<OutboxItem[]>);
  cache = all.sort((a, b) => a.createdAt - b.createdAt);
  window.dispatchEvent(new CustomEvent(OUTBOX_EVENT));
  return cache;
}

export function loadOutbox(): Promise<OutboxItem[]> {
  return refresh().catch(() => cache);
}

export function newClientId(): string {
  return crypto.randomUUID();
}

export type SendResult<T> = { queued: false; result: T } | { queued: true; clientId: string };

/**
 * Sends now when there is a connection; otherwise (or when the request cannot reach the server)
 * keeps the action for later. The body gets a `clientId` unless it has one.
 */
export async function sendOrQueue<T>(
  path: string,
  body: Record<string, unknown>,
  label: string,
  method: 'POST' | 'PUT' = 'POST',
): Promise<SendResult<T>> {
  const clientId = typeof body.clientId === 'string' ? body.clientId : newClientId();
  const withId = { ...body, clientId };
  if (navigator.onLine) {
    try {
      return { queued: false, result: await request<T>(method, path, withId) };
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 0)) throw err;
    }
  }
  await tx('readwrite', (s) =>
    s.put({ clientId, method, path, body: withId, label, createdAt: Date.now(), attempts: 0 } satisfies OutboxItem),
  );
  await refresh();
  return { queued: true, clientId };
}

export async function discard(clientId: string): Promise<void> {
  await tx('readwrite', (s) => s.delete(clientId));
  await refresh();
}

let flushing: Promise<number> | null = null;

/** Sends what waits, oldest first; stops at the first network failure. Returns how many went. */
export function flushOutbox(): Promise<number> {
  flushing ??= (async () => {
    let sent = 0;
    try {
      for (const item of await refresh()) {
        if (item.error) continue;
        try {
          await request(item.method, item.path, item.body);
          await tx('readwrite', (s) => s.delete(item.clientId));
          sent++;
        } catch (err) {
          if (!(err instanceof ApiError) || err.status === 0) break; // still offline
          if (err.status === 401 || err.status === 429 || err.status >= 500) break; // sign in / later
          // The server refused it (a closed meeting, say): keep it visible with the reason.
          await tx('readwrite', (s) => s.put({ ...item, attempts: item.attempts + 1, error: errorTitle(err) ?? err.title }));
        }
      }
    } finally {
      flushing = null;
      await refresh().catch(() => undefined);
      if (sent > 0) window.dispatchEvent(new CustomEvent(OUTBOX_EVENT, { detail: { sent } }));
    }
    return sent;
  })();
  return flushing;
}
