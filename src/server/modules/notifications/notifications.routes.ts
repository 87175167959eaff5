import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleDeps } from '../../app.ts';
import { UuidParam } from '../accounts/accounts.schemas.ts';
import * as n from './notifications.service.ts';
import {
  ListQuery,
  NotificationList,
  PrefBody,
  Prefs,
  PublicKey,
  SubscribeBody,
  Subscribed,
  Unread,
  UnsubscribeBody,
} from './notifications.schemas.ts';

/** The notification centre and push subscriptions: every route acts on the signed-in user's own data. */
export async function notificationsRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];
  const own = { permission: 'authenticated' as const };

  r.get(
    '/api/notifications',
    { config: own, schema: { tags, summary: 'Thông báo của tôi', querystring: ListQuery, response: { 200: NotificationList } } },
    async (req) => n.listNotifications(deps.ctx(req), req.query),
  );
  r.get(
    '/api/notifications/unread',
    { config: own, schema: { tags, summary: 'Số thông báo chưa đọc', response: { 200: Unread } } },
    async (req) => ({ unread: await n.unreadCount(deps.ctx(req)) }),
  );
  r.post(
    '/api/notifications/read-all',
    { config: own, schema: { tags, summary: 'Đánh dấu đã đọc tất cả', response: { 200: Unread } } },
    async (req) => n.markAllRead(deps.ctx(req)),
  );
  r.post(
    '/api/notifications/:id/read',
    { config: own, schema: { tags, summary: 'Đánh dấu đã đọc', params: UuidParam, response: { 200: Unread } } },
    async (req) => n.markRead(deps.ctx(req), req.params.id),
  );
  r.get(
    '/api/notifications/preferences',
    { config: own, schema: { tags, summary: 'Loại thông báo tôi nhận', response: { 200: Prefs } } },
    async (req) => n.preferences(deps.ctx(req)),
  );
  r.put(
    '/api/notifications/preferences',
    { config: own, schema: { tags, summary: 'Bật/tắt một loại thông báo', body: PrefBody, response: { 200: Prefs } } },
    async (req) => n.setPreference(deps.ctx(req), req.body.kind, req.body.enabled),
  );
  r.get(
    '/api/push/public-key',
    { config: own, schema: { tags, summary: 'Khóa công khai VAPID', response: { 200: PublicKey } } },
    async (req) => n.publicKey(deps.ctx(req)),
  );
  r.post(
    '/api/push/subscriptions',
    {
      config: own,
      schema: { tags, summary: 'Nhận thông báo đẩy trên thiết bị này', body: SubscribeBody, response: { 200: Subscribed } },
    },
    async (req) => n.subscribe(deps.ctx(req), req.body, req.headers['user-agent'] ?? ''),
  );
  r.post(
    '/api/push/unsubscribe',
    {
      config: own,
      schema: { tags, summary: 'Tắt thông báo đẩy trên thiết bị này', body: UnsubscribeBody, response: { 200: Subscribed } },
    },
    async (req) => n.unsubscribe(deps.ctx(req), req.body.endpoint),
  );
}
