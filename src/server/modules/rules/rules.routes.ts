import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../app.ts';
import * as S from '../../../common/api/rules.ts';
import * as rules from './rules.service.ts';

export async function rulesRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['rules'];
  // Regulations are public texts: any signed-in user may read which version applies.
  const read = { permission: 'authenticated' as const };
  const manage = { permission: 'rules.manage' as const };

  r.get(
    '/api/rules',
    { config: read, schema: { tags, summary: 'Các loại quy định và phiên bản đang áp dụng', response: { 200: S.RuleKindList } } },
    async (req) => rules.listKinds(deps.ctx(req)),
  );
  r.get(
    '/api/rules/:kind',
    {
      config: read,
      schema: { tags, summary: 'Các phiên bản của một quy định', params: S.RuleKindParam, response: { 200: S.RuleVersionList } },
    },
    async (req) => rules.listVersions(deps.ctx(req), req.params.kind),
  );
  r.get(
    '/api/rules/:kind/in-force',
    {
      config: read,
      schema: {
        tags,
        summary: 'Phiên bản áp dụng vào một ngày (và cho một đơn vị)',
        params: S.RuleKindParam,
        querystring: S.RuleInForceQuery,
        response: { 200: S.RuleVersion },
      },
    },
    async (req) => rules.versionInForce(deps.ctx(req), req.params.kind, req.query),
  );
  r.post(
    '/api/rules/:kind',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Thêm phiên bản quy định',
        params: S.RuleKindParam,
        body: S.AddRuleVersionBody,
        response: { 200: z.object({ id: z.string() }) },
      },
    },
    async (req) => rules.addVersion(deps.ctx(req), req.params.kind, req.body),
  );
  r.post(
    '/api/rules/:kind/:id/withdraw',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Thu hồi một phiên bản (giữ lại lịch sử)',
        params: S.RuleVersionParam,
        body: S.WithdrawRuleVersionBody,
        response: { 200: z.object({ id: z.string() }) },
      },
    },
    async (req) => rules.withdrawVersion(deps.ctx(req), req.params.kind, req.params.id, req.body),
  );
}
