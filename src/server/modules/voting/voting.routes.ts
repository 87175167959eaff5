/** Voting in meetings: every route is a schema plus one service call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../app.ts';
import { UuidParam } from '../accounts/accounts.schemas.ts';
import * as A from '../../../common/api/voting.ts';
import * as voting from './voting.service.ts';

export async function votingRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['voting'];
  const read = { permission: 'meetings.read' as const };
  const manage = { permission: 'meetings.manage' as const };
  const attend = { permission: 'meetings.attend' as const };
  const ok = z.object({ ok: z.literal(true) });

  r.get(
    '/api/meetings/:id/votes',
    {
      config: read,
      schema: {
        tags,
        summary: 'Các nội dung biểu quyết của buổi sinh hoạt, số đảng viên được tính và kết quả',
        params: UuidParam,
        response: { 200: A.VoteItemList },
      },
    },
    async (req) => voting.listItems(deps.ctx(req), req.params.id),
  );
  r.post(
    '/api/meetings/:id/votes',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Thêm nội dung biểu quyết (nghị quyết, bầu cử, tín nhiệm, kết nạp, công nhận chính thức)',
        params: UuidParam,
        body: A.CreateVoteItemBody,
        response: { 201: A.VoteItemView },
      },
    },
    async (req, reply) => reply.status(201).send(await voting.createItem(deps.ctx(req), req.params.id, req.body)),
  );
  r.patch(
    '/api/votes/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Sửa nội dung biểu quyết chưa mở',
        params: UuidParam,
        body: A.UpdateVoteItemBody,
        response: { 200: A.VoteItemView },
      },
    },
    async (req) => voting.updateItem(deps.ctx(req), req.params.id, req.body),
  );
  r.delete(
    '/api/votes/:id',
    { config: manage, schema: { tags, summary: 'Xóa nội dung biểu quyết chưa mở', params: UuidParam, response: { 200: ok } } },
    async (req) => voting.deleteItem(deps.ctx(req), req.params.id),
  );
  r.post(
    '/api/votes/:id/open',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Mở biểu quyết (kiểm tra số có mặt và danh sách theo quy định)',
        params: UuidParam,
        response: { 200: A.VoteItemView },
      },
    },
    async (req) => voting.openItem(deps.ctx(req), req.params.id),
  );
  r.post(
    '/api/votes/:id/ballots',
    {
      config: attend,
      schema: {
        tags,
        summary: 'Biểu quyết trên điện thoại (một lần; gửi lại cùng mã không tính hai lần)',
        params: UuidParam,
        body: A.CastBody,
        response: { 200: A.CastResult },
      },
    },
    async (req) => voting.castVote(deps.ctx(req), req.params.id, req.body),
  );
  r.put(
    '/api/votes/:id/tally',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Nhập kết quả kiểm phiếu giấy hoặc giơ thẻ',
        params: UuidParam,
        body: A.TallyBody,
        response: { 200: A.VoteItemView },
      },
    },
    async (req) => voting.enterTally(deps.ctx(req), req.params.id, req.body.tally),
  );
  r.post(
    '/api/votes/:id/close',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Kết thúc biểu quyết và tính kết quả theo quy định',
        params: UuidParam,
        response: { 200: A.VoteItemView },
      },
    },
    async (req) => voting.closeItem(deps.ctx(req), req.params.id),
  );
}
