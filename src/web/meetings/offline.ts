/**
 * Check-ins and roll-call changes made without a connection wait in localStorage and are sent
 * when the connection returns. Each carries the client id it was created with, so the server
 * applies it once however many times it arrives.
 */
import { ApiError, api } from '../api/client.ts';

const KEY = 'sotay.meetings.outbox';

export interface Pending {
  url: string;
  body: { clientId: string } & Record<string, unknown>;
}

function read(): Pending[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(v) ? (v as Pending[]) : [];
  } catch {
    return [];
  }
}

function write(items: Pending[]) {
  try {
    localStorage.setItem(KEY, JSON.stringify(items));
  } catch {
    // Storage full or private mode: the change stays in memory only for this page.
  }
}

export function pendingCount(): number {
  return read().length;
}

/** Sends now; on a network failure keeps it for later and reports `queued`. */
export async function sendOrQueue<T>(item: Pending): Promise<{ queued: true } | { queued: false; result: T }> {
  try {
    return { queued: false, result: await api.post<T>(item.url, item.body) };
  } catch (err) {
    if (err instanceof ApiError && err.status === 0) {
      write([...read().filter((p) => p.body.clientId !== item.body.clientId), item]);
      return { queued: true };
    }
    throw err;
  }
}

/** Replays the queue; items the server answered (even with an error) leave it. */
export async function flush(): Promise<number> {
  let sent = 0;
  for (const item of read()) {
    try {
      await api.post(item.url, item.body);
    } catch (err) {
      if (err instanceof ApiError && err.status === 0) return sent;
    }
    write(read().filter((p) => p.body.clientId !== item.body.clientId));
    sent++;
  }
  return sent;
}

if (typeof window !== 'undefined') window.addEventListener('online', () => void flush());
