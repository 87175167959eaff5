/** The year's review and grading: every route is a schema plus one service call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../app.ts';
import { UuidParam } from '../accounts/accounts.schemas.ts';
import * as A from '../../../common/api/reviews.ts';
import * as reviews from './reviews.service.ts';
import * as stats from './reviews.stats.ts';
import { selfReviewPdf } from './reviews.pdf.ts';

export async function reviewsRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reviews'];
  const ok = z.object({ ok: z.literal(true) });
  const any = z.unknown();
  const c = (
    permission: 'reviews.open' | 'reviews.decide' | 'reviews.cell' | 'reviews.self' | 'reviews.read' | 'authenticated',
  ) => ({
    permission,
  });

  r.post(
    '/api/reviews',
    {
      config: c('reviews.open'),
      schema: {
        tags,
        summary: 'Mở kiểm điểm, xếp loại năm cho đơn vị',
        body: A.OpenCycleBody,
        response: { 201: z.object({ id: z.string(), members: z.number() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await reviews.openCycle(deps.ctx(req), req.body)),
  );
  r.get(
    '/api/reviews',
    {
      config: c('reviews.read'),
      schema: { tags, summary: 'Các đợt kiểm điểm của đơn vị', querystring: A.CyclesQuery, response: { 200: any } },
    },
    async (req) => reviews.cyclesFor(deps.ctx(req), req.query.unitId),
  );
  r.get(
    '/api/reviews/mine',
    {
      config: c('authenticated'),
      schema: { tags, summary: 'Bản kiểm điểm của tôi năm nay, và kết quả khi đã công bố', response: { 200: any } },
    },
    async (req) => reviews.myReview(deps.ctx(req)),
  );
  r.put(
    '/api/review-entries/:id/self',
    {
      config: c('reviews.self'),
      schema: { tags, summary: 'Lưu bản nháp tự kiểm điểm', params: UuidParam, body: A.SelfReviewBody, response: { 200: any } },
    },
    async (req) => reviews.saveDraft(deps.ctx(req), req.params.id, req.body.content),
  );
  r.post(
    '/api/review-entries/:id/submit',
    {
      config: c('reviews.self'),
      schema: { tags, summary: 'Nộp bản tự kiểm điểm', params: UuidParam, body: A.SelfReviewBody, response: { 200: any } },
    },
    async (req) => reviews.submitSelf(deps.ctx(req), req.params.id, req.body.content),
  );
  r.get(
    '/api/review-entries/:id/pdf',
    { config: c('authenticated'), schema: { tags, summary: 'Bản kiểm điểm cá nhân theo mẫu (PDF)', params: UuidParam } },
    async (req, reply) => {
      const { pdf, name } = await selfReviewPdf(deps.ctx(req), req.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(pdf);
    },
  );
  r.get(
    '/api/reviews/cells/:id',
    {
      config: c('reviews.read'),
      schema: { tags, summary: 'Kiểm điểm của chi bộ: từng đảng viên và các bước', params: UuidParam, response: { 200: any } },
    },
    async (req) => reviews.cellReview(deps.ctx(req), req.params.id),
  );
  r.put(
    '/api/reviews/cells/:id/collective',
    {
      config: c('reviews.cell'),
      schema: { tags, summary: 'Chi bộ tự xếp loại tập thể', params: UuidParam, body: A.CollectiveBody, response: { 200: ok } },
    },
    async (req) => reviews.saveCollective(deps.ctx(req), req.params.id, req.body),
  );
  r.post(
    '/api/review-entries/:id/return',
    {
      config: c('reviews.cell'),
      schema: { tags, summary: 'Trả lại bản kiểm điểm để sửa', params: UuidParam, body: A.ReturnBody, response: { 200: ok } },
    },
    async (req) => reviews.returnSelf(deps.ctx(req), req.params.id, req.body.reason),
  );
  r.post(
    '/api/review-entries/:id/residence-request',
    {
      config: c('reviews.cell'),
      schema: {
        tags,
        summary: 'Đề nghị chi bộ nơi cư trú nhận xét (Quy định 213)',
        params: UuidParam,
        body: A.ResidenceRequestBody,
        response: { 200: ok },
      },
    },
    async (req) => reviews.requestResidence(deps.ctx(req), req.params.id, req.body),
  );
  r.get(
    '/api/reviews/residence-requests',
    {
      config: c('reviews.cell'),
      schema: { tags, summary: 'Đề nghị nhận xét đảng viên cư trú tại chi bộ', response: { 200: any } },
    },
    async (req) => reviews.residenceRequests(deps.ctx(req)),
  );
  r.post(
    '/api/review-entries/:id/residence-comment',
    {
      config: c('reviews.cell'),
      schema: {
        tags,
        summary: 'Nhận xét của chi bộ nơi cư trú',
        params: UuidParam,
        body: A.ResidenceAnswerBody,
        response: { 200: ok },
      },
    },
    async (req) => reviews.answerResidence(deps.ctx(req), req.params.id, req.body.comment),
  );
  r.put(
    '/api/review-entries/:id/proposal',
    {
      config: c('reviews.cell'),
      schema: {
        tags,
        summary: 'Chi bộ đề xuất xếp loại (kiểm tra quy định)',
        params: UuidParam,
        body: A.ProposalBody,
        response: { 200: ok },
      },
    },
    async (req) => reviews.propose(deps.ctx(req), req.params.id, req.body),
  );
  r.put(
    '/api/review-entries/:id/decision',
    {
      config: c('reviews.decide'),
      schema: { tags, summary: 'Cấp trên quyết định xếp loại', params: UuidParam, body: A.DecisionBody, response: { 200: ok } },
    },
    async (req) => reviews.decide(deps.ctx(req), req.params.id, req.body),
  );
  r.post(
    '/api/reviews/:id/publish',
    {
      config: c('reviews.decide'),
      schema: {
        tags,
        summary: 'Công bố kết quả xếp loại của đơn vị',
        params: UuidParam,
        body: A.PublishBody,
        response: { 200: z.object({ published: z.number() }) },
      },
    },
    async (req) => reviews.publish(deps.ctx(req), req.params.id, req.body.unitId),
  );
  r.get(
    '/api/reviews/:id/stats',
    {
      config: c('reviews.read'),
      schema: {
        tags,
        summary: 'Kết quả xếp loại và tiến độ theo đơn vị',
        params: UuidParam,
        querystring: A.StatsQuery,
        response: { 200: any },
      },
    },
    async (req) => stats.reviewStats(deps.ctx(req), req.params.id, req.query.unitId),
  );
  r.get(
    '/api/reviews/:id/stats.xlsx',
    {
      config: c('reviews.read'),
      schema: { tags, summary: 'Kết quả xếp loại (.xlsx)', params: UuidParam, querystring: A.StatsQuery },
    },
    async (req, reply) => {
      const buf = await stats.statsXlsx(deps.ctx(req), req.params.id, req.query.unitId);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="xep-loai-dang-vien.xlsx"')
        .send(buf);
    },
  );
  r.get(
    '/api/reviews/:id/late',
    {
      config: c('reviews.read'),
      schema: {
        tags,
        summary: 'Ai chậm ở từng bước',
        params: UuidParam,
        querystring: A.StatsQuery.extend({ step: z.enum(['self', 'residence', 'cell', 'decision']).default('self') }),
        response: { 200: any },
      },
    },
    async (req) => stats.lateList(deps.ctx(req), req.params.id, req.query.unitId, req.query.step),
  );
}
