/**
 * Web push: VAPID keys generated once and kept in the `settings` table, device subscriptions, and
 * the job that delivers one notification to one device. The web-push library encrypts the payload
 * (RFC 8291, aes128gcm) and signs the VAPID JWT; we send the request ourselves with fetch so a
 * push service on plain http (the test's own endpoint) works as well as the real https ones.
 */
import { and, eq, sql } from 'drizzle-orm';
import webpush from 'web-push';
import type { Db, DbOrTx } from '../../db/client.ts';
import { notifications, pushSubscriptions, settings } from '../../db/schema.ts';
import type { Config } from '../../config.ts';
import type { Clock } from '../../clock.ts';
import { PermanentJobError } from '../../jobs/queue.ts';

export const PUSH_SEND = 'push.send';
const VAPID_KEY = 'notifications.vapid';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/** The installation's VAPID key pair, created on first use (safe when two processes race). */
export async function vapidKeys(db: DbOrTx): Promise<VapidKeys> {
  const read = async () => {
    const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, VAPID_KEY));
    return row?.value as VapidKeys | undefined;
  };
  const existing = await read();
  if (existing) return existing;
  const fresh = webpush.generateVAPIDKeys();
  await db.insert(settings).values({ key: VAPID_KEY, value: fresh }).onConflictDoNothing();
  return (await read())!;
}

/** The contact push services may use; they accept only https: or mailto:. */
export function vapidSubject(config: Config): string {
  if (config.publicUrl.startsWith('https://')) return config.publicUrl;
  const host = new URL(config.publicUrl).hostname;
  return `mailto:quantri@${host.includes('.') && !/^[\d.]+$/.test(host) ? host : 'sotay.invalid'}`;
}

export interface PushPayload {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
}

interface JobLike {
  payload: Record<string, unknown>;
}

interface PushJobContext {
  db: Db;
  config: Config;
  clock: Clock;
}

/** Delivers one notification to one device. Gone subscriptions (404/410) are deleted. */
export async function sendPushJob(ctx: PushJobContext, job: JobLike): Promise<void> {
  const notificationId = String(job.payload.notificationId ?? '');
  const subscriptionId = String(job.payload.subscriptionId ?? '');
  const [sub] = await ctx.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, subscriptionId));
  const [n] = await ctx.db.select().from(notifications).where(eq(notifications.id, notificationId));
  // The device unsubscribed, or the member already read it in the app: nothing to deliver.
  if (!sub || !n || n.readAt) return;
  const payload: PushPayload = { id: n.id, kind: n.kind, title: n.title, body: n.body, link: n.link };
  const keys = await vapidKeys(ctx.db);
  const details = webpush.generateRequestDetails(
    { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
    JSON.stringify(payload),
    {
      vapidDetails: { subject: vapidSubject(ctx.config), publicKey: keys.publicKey, privateKey: keys.privateKey },
      TTL: 24 * 3600,
      contentEncoding: 'aes128gcm',
      urgency: 'normal',
    },
  );
  const res = await fetch(details.endpoint, {
    method: details.method,
    headers: details.headers as Record<string, string>,
    body: details.body ? new Uint8Array(details.body) : null,
    signal: AbortSignal.timeout(15_000),
  });
  const now = ctx.clock.now();
  if (res.status === 404 || res.status === 410) {
    await ctx.db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, sub.id));
    return;
  }
  if (res.ok) {
    await ctx.db.update(pushSubscriptions).set({ lastSuccessAt: now, failures: 0 }).where(eq(pushSubscriptions.id, sub.id));
    return;
  }
  await ctx.db
    .update(pushSubscriptions)
    .set({ failures: sql`${pushSubscriptions.failures} + 1` })
    .where(and(eq(pushSubscriptions.id, sub.id)));
  const text = (await res.text().catch(() => '')).slice(0, 300);
  // 429 and 5xx are the push service's trouble: retry later. Other 4xx: our request is wrong.
  if (res.status === 429 || res.status >= 500) throw new Error(`push service answered ${res.status}: ${text}`);
  throw new PermanentJobError(`push service rejected (${res.status}): ${text}`);
}
