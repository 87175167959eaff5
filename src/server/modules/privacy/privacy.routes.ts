/** Privacy (issue 9): the member's access log and own-data download; erasure after the retention period. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../db/schema.ts';
import { notFound } from '../../http/errors.ts';
import type { ModuleDeps } from '../../app.ts';
import { accessLogOf } from './access-log.service.ts';
import { ownDataJson, ownDataPdf } from './own-data.service.ts';
import { eraseMember, erasureStatus } from './erasure.service.ts';

const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
const AccessLog = z.object({
  items: z.array(
    z.object({
      at: z.date(),
      kind: z.enum(['view', 'export', 'import']),
      actorName: z.string(),
      role: z.enum(ROLES).nullable(),
      unitName: z.string().nullable(),
    }),
  ),
  total: z.number(),
});
const UuidParam = z.object({ id: z.uuid() });
const Erasure = z.object({
  eligible: z.boolean(),
  erasedAt: z.date().nullable(),
  eligibleFrom: z.string().nullable(),
  retentionYears: z.number(),
  reason: z.string().nullable(),
});

function attachment(name: string): string {
  return `attachment; filename="${name}"`;
}

export async function privacyRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['privacy'];
  const self = { permission: 'authenticated' as const };
  const erase = { permission: 'members.erase' as const };

  r.get(
    '/api/me/privacy/access-log',
    { config: self, schema: { tags, summary: 'Ai đã xem hồ sơ của tôi', querystring: PageQuery, response: { 200: AccessLog } } },
    async (req) => {
      const ctx = deps.ctx(req);
      if (!ctx.actor.memberId) throw notFound('Tài khoản này không gắn với hồ sơ đảng viên.');
      return accessLogOf(ctx.db, ctx.actor.memberId, req.query);
    },
  );
  r.get(
    '/api/me/privacy/data.json',
    { config: self, schema: { tags, summary: 'Tải dữ liệu cá nhân của tôi (JSON)' } },
    async (req, reply) => {
      const { body, fileName } = await ownDataJson(deps.ctx(req));
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', attachment(fileName))
        .header('cache-control', 'no-store')
        .send(body);
    },
  );
  r.get(
    '/api/me/privacy/data.pdf',
    { config: self, schema: { tags, summary: 'Tải dữ liệu cá nhân của tôi (PDF)' } },
    async (req, reply) => {
      const { body, fileName } = await ownDataPdf(deps.ctx(req));
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', attachment(fileName))
        .header('cache-control', 'no-store')
        .send(body);
    },
  );
  r.get(
    '/api/members/:id/erasure',
    {
      config: erase,
      schema: {
        tags,
        summary: 'Có thể xóa dữ liệu cá nhân của đảng viên này chưa',
        params: UuidParam,
        response: { 200: Erasure },
      },
    },
    async (req) => erasureStatus(deps.ctx(req), req.params.id),
  );
  r.post(
    '/api/members/:id/erasure',
    {
      config: erase,
      schema: {
        tags,
        summary: 'Xóa dữ liệu cá nhân sau thời hạn lưu giữ (giữ số liệu thống kê ẩn danh)',
        params: UuidParam,
        response: { 200: Erasure },
      },
    },
    async (req) => eraseMember(deps.ctx(req), deps.storage, req.params.id),
  );
}
