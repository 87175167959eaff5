import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleDeps } from '../../app.ts';
import { UuidParam } from '../accounts/accounts.schemas.ts';
import * as fb from './feedback.service.ts';
import * as nt from './notices.service.ts';
import * as S from './feedback.schemas.ts';

export async function feedbackRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['feedback'];
  const signedIn = { permission: 'authenticated' as const };
  const handle = { permission: 'feedback.handle' as const };
  const noticesSend = { permission: 'notices.send' as const };

  // Members: ask, follow.
  r.get(
    '/api/feedback/targets',
    { config: signedIn, schema: { tags, summary: 'Nơi nhận câu hỏi: chi bộ của tôi và cấp trên', response: { 200: S.Targets } } },
    async (req) => fb.targets(deps.ctx(req)),
  );
  r.post(
    '/api/feedback',
    {
      config: signedIn,
      schema: { tags, summary: 'Gửi câu hỏi hoặc kiến nghị', body: S.SendBody, response: { 200: S.SendResult } },
    },
    async (req) => fb.send(deps.ctx(req), req.body),
  );
  r.get(
    '/api/feedback/mine',
    { config: signedIn, schema: { tags, summary: 'Câu hỏi, kiến nghị của tôi', response: { 200: S.ItemList } } },
    async (req) => fb.mine(deps.ctx(req)),
  );

  // Staff: the inbox, waiting per unit, answer / forward / close.
  r.get(
    '/api/feedback/inbox',
    {
      config: handle,
      schema: { tags, summary: 'Câu hỏi, kiến nghị gửi đến đơn vị', querystring: S.InboxQuery, response: { 200: S.ItemList } },
    },
    async (req) => fb.inbox(deps.ctx(req), req.query),
  );
  r.get(
    '/api/feedback/waiting',
    {
      config: handle,
      schema: { tags, summary: 'Số câu hỏi đang chờ theo đơn vị và thời gian chờ', response: { 200: S.Waiting } },
    },
    async (req) => fb.waitingByUnit(deps.ctx(req)),
  );
  r.get(
    '/api/feedback/:id',
    { config: signedIn, schema: { tags, summary: 'Chi tiết và diễn biến', params: UuidParam, response: { 200: S.ItemDetail } } },
    async (req) => fb.detail(deps.ctx(req), req.params.id),
  );
  r.post(
    '/api/feedback/:id/reply',
    {
      config: handle,
      schema: { tags, summary: 'Trả lời', params: UuidParam, body: S.ReplyBody, response: { 200: S.ItemDetail } },
    },
    async (req) => fb.reply(deps.ctx(req), req.params.id, req.body.body),
  );
  r.post(
    '/api/feedback/:id/forward',
    {
      config: handle,
      schema: { tags, summary: 'Chuyển lên cấp trên', params: UuidParam, body: S.ForwardBody, response: { 200: S.ItemDetail } },
    },
    async (req) => fb.forward(deps.ctx(req), req.params.id, req.body.toUnitId, req.body.note),
  );
  r.post(
    '/api/feedback/:id/close',
    { config: handle, schema: { tags, summary: 'Đóng', params: UuidParam, body: S.CloseBody, response: { 200: S.ItemDetail } } },
    async (req) => fb.close(deps.ctx(req), req.params.id, req.body.note),
  );

  // Committee notices.
  r.post(
    '/api/notices',
    {
      config: noticesSend,
      schema: { tags, summary: 'Gửi thông báo đến đảng viên của đơn vị', body: S.NoticeBody, response: { 200: S.NoticeSent } },
    },
    async (req) => nt.sendNotice(deps.ctx(req), req.body),
  );
  r.get(
    '/api/notices',
    { config: signedIn, schema: { tags, summary: 'Thông báo gửi đến tôi', response: { 200: S.MyNotices } } },
    async (req) => nt.myNotices(deps.ctx(req)),
  );
  r.get(
    '/api/notices/sent',
    { config: noticesSend, schema: { tags, summary: 'Thông báo đã gửi và số người đã đọc', response: { 200: S.SentNotices } } },
    async (req) => nt.sentNotices(deps.ctx(req)),
  );
  // Opening a notice is its read receipt (so an offline-cached read still counted once online).
  r.get(
    '/api/notices/:id',
    { config: signedIn, schema: { tags, summary: 'Đọc thông báo', params: UuidParam, response: { 200: S.NoticeView } } },
    async (req) => nt.readNotice(deps.ctx(req), req.params.id),
  );
}
