import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleDeps } from '../../app.ts';
import { UuidParam } from '../accounts/accounts.schemas.ts';
import * as org from './org.service.ts';
import {
  AsOfQuery,
  CreateUnitBody,
  DissolveBody,
  History,
  MergeBody,
  MergeResult,
  MoveBody,
  SearchQuery,
  UnitDetail,
  UnitEnvelope,
  UnitList,
  UnitSearchResult,
  UpdateUnitBody,
} from './org.schemas.ts';

export async function orgRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['org'];
  const read = { permission: 'org.read' as const };
  const manage = { permission: 'org.manage' as const };

  r.get(
    '/api/units/roots',
    { config: read, schema: { tags, summary: 'Đơn vị gốc trong phạm vi của người dùng', response: { 200: UnitList } } },
    async (req) => ({ items: await org.roots(deps.ctx(req)) }),
  );
  r.get(
    '/api/units/search',
    {
      config: { ...read, rateLimit: 'search' },
      schema: {
        tags,
        summary: 'Tìm đơn vị theo tên (không dấu cũng được)',
        querystring: SearchQuery,
        response: { 200: UnitSearchResult },
      },
    },
    async (req) => ({
      items: await org.searchUnits(deps.ctx(req), req.query.q, req.query.limit),
    }),
  );
  r.get(
    '/api/units/:id',
    { config: read, schema: { tags, summary: 'Chi tiết đơn vị', params: UuidParam, response: { 200: UnitDetail } } },
    async (req) => org.getUnit(deps.ctx(req), req.params.id),
  );
  r.get(
    '/api/units/:id/children',
    {
      config: read,
      schema: {
        tags,
        summary: 'Đơn vị trực thuộc (có thể theo ngày asOf)',
        params: UuidParam,
        querystring: AsOfQuery,
        response: { 200: UnitList },
      },
    },
    async (req) => ({
      items: await org.children(deps.ctx(req), req.params.id, req.query.asOf),
    }),
  );
  r.get(
    '/api/units/:id/history',
    { config: read, schema: { tags, summary: 'Lịch sử thay đổi tổ chức', params: UuidParam, response: { 200: History } } },
    async (req) => ({ items: await org.history(deps.ctx(req), req.params.id) }),
  );

  r.post(
    '/api/units',
    { config: manage, schema: { tags, summary: 'Thêm đơn vị', body: CreateUnitBody, response: { 201: UnitEnvelope } } },
    async (req, reply) => reply.status(201).send({ unit: await org.createUnit(deps.ctx(req), req.body) }),
  );
  r.patch(
    '/api/units/:id',
    {
      config: manage,
      schema: { tags, summary: 'Đổi tên, thứ tự', params: UuidParam, body: UpdateUnitBody, response: { 200: UnitEnvelope } },
    },
    async (req) => ({
      unit: await org.updateUnit(deps.ctx(req), req.params.id, req.body),
    }),
  );
  r.post(
    '/api/units/:id/move',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Chuyển đơn vị (cùng cây con) sang đơn vị cấp trên khác',
        params: UuidParam,
        body: MoveBody,
        response: { 200: UnitEnvelope },
      },
    },
    async (req) => ({
      unit: await org.moveUnit(deps.ctx(req), req.params.id, req.body.newParentId, req.body.reason),
    }),
  );
  r.post(
    '/api/units/:id/merge',
    {
      config: manage,
      schema: { tags, summary: 'Sáp nhập vào đơn vị khác', params: UuidParam, body: MergeBody, response: { 200: MergeResult } },
    },
    async (req) => org.mergeUnit(deps.ctx(req), req.params.id, req.body.intoId, req.body.reason),
  );
  r.post(
    '/api/units/:id/dissolve',
    {
      config: manage,
      schema: { tags, summary: 'Giải thể đơn vị', params: UuidParam, body: DissolveBody, response: { 200: UnitEnvelope } },
    },
    async (req) => ({
      unit: await org.dissolveUnit(deps.ctx(req), req.params.id, req.body.reason),
    }),
  );
}
