import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleDeps } from '../../app.ts';
import { orgRoutes as api } from '../../../common/api/org.ts';
import { on, schemaOf } from '../../http/contract.ts';
import * as org from './org.service.ts';

export async function orgRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['org'];
  const read = { permission: 'org.read' as const };
  const manage = { permission: 'org.manage' as const };

  r.route({
    ...on(api.roots),
    config: read,
    schema: schemaOf(api.roots, { tags, summary: 'Đơn vị gốc trong phạm vi của người dùng' }),
    handler: async (req) => ({ items: await org.roots(deps.ctx(req)) }),
  });
  r.route({
    ...on(api.search),
    config: { ...read, rateLimit: 'search' },
    schema: schemaOf(api.search, { tags, summary: 'Tìm đơn vị theo tên (không dấu cũng được)' }),
    handler: async (req) => ({ items: await org.searchUnits(deps.ctx(req), req.query.q, req.query.limit) }),
  });
  r.route({
    ...on(api.detail),
    config: read,
    schema: schemaOf(api.detail, { tags, summary: 'Chi tiết đơn vị' }),
    handler: async (req) => org.getUnit(deps.ctx(req), req.params.id),
  });
  r.route({
    ...on(api.children),
    config: read,
    schema: schemaOf(api.children, { tags, summary: 'Đơn vị trực thuộc (có thể theo ngày asOf)' }),
    handler: async (req) => ({ items: await org.children(deps.ctx(req), req.params.id, req.query.asOf) }),
  });
  r.route({
    ...on(api.history),
    config: read,
    schema: schemaOf(api.history, { tags, summary: 'Lịch sử thay đổi tổ chức' }),
    handler: async (req) => ({ items: await org.history(deps.ctx(req), req.params.id) }),
  });

  r.route({
    ...on(api.create),
    config: manage,
    schema: schemaOf(api.create, { tags, summary: 'Thêm đơn vị' }),
    handler: async (req, reply) => reply.status(201).send({ unit: await org.createUnit(deps.ctx(req), req.body) }),
  });
  r.route({
    ...on(api.update),
    config: manage,
    schema: schemaOf(api.update, { tags, summary: 'Đổi tên, thứ tự' }),
    handler: async (req) => ({ unit: await org.updateUnit(deps.ctx(req), req.params.id, req.body) }),
  });
  r.route({
    ...on(api.move),
    config: manage,
    schema: schemaOf(api.move, { tags, summary: 'Chuyển đơn vị (cùng cây con) sang đơn vị cấp trên khác' }),
    handler: async (req) => ({
      unit: await org.moveUnit(deps.ctx(req), req.params.id, req.body.newParentId, req.body.reason),
    }),
  });
  r.route({
    ...on(api.merge),
    config: manage,
    schema: schemaOf(api.merge, { tags, summary: 'Sáp nhập vào đơn vị khác' }),
    handler: async (req) => org.mergeUnit(deps.ctx(req), req.params.id, req.body.intoId, req.body.reason),
  });
  r.route({
    ...on(api.dissolve),
    config: manage,
    schema: schemaOf(api.dissolve, { tags, summary: 'Giải thể đơn vị' }),
    handler: async (req) => ({ unit: await org.dissolveUnit(deps.ctx(req), req.params.id, req.body.reason) }),
  });
}
