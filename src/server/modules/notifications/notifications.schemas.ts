import { z } from 'zod';
import { NOTIFICATION_KINDS } from '../../db/schema.ts';

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  before: z.coerce.date().optional(),
});

export const NotificationList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(NOTIFICATION_KINDS),
      title: z.string(),
      body: z.string(),
      link: z.string().nullable(),
      createdAt: z.date(),
      readAt: z.date().nullable(),
    }),
  ),
  unread: z.number().int(),
});

export const Unread = z.object({ unread: z.number().int() });

export const Prefs = z.object({
  items: z.array(z.object({ kind: z.enum(NOTIFICATION_KINDS), group: z.enum(['member', 'secretary']), enabled: z.boolean() })),
});
export const PrefBody = z.object({ kind: z.enum(NOTIFICATION_KINDS), enabled: z.boolean() });

export const PublicKey = z.object({ publicKey: z.string() });

const base64url = z
  .string()
  .regex(/^[A-Za-z0-9_-]+={0,2}$/, 'Khóa không hợp lệ')
  .max(200);
export const SubscribeBody = z.object({
  // Push services are https; plain http is accepted only for this machine (tests, a local push relay).
  endpoint: z
    .string()
    .url()
    .max(1000)
    .refine(
      (u) => u.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(u),
      'Địa chỉ nhận thông báo phải dùng https',
    ),
  keys: z.object({ p256dh: base64url, auth: base64url }),
});
export const UnsubscribeBody = z.object({ endpoint: z.string().max(1000) });
export const Subscribed = z.object({ subscribed: z.boolean() });
