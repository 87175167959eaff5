import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleDeps } from '../../app.ts';
import { adoption, drillDown } from './adoption.service.ts';
import { adoptionXlsx } from './export.ts';
import { meetingCompliance } from './meetings.service.ts';
import { listSnapshotMonths, snapshotOnDemand } from './snapshot.service.ts';
import { monthlyReport } from './report.service.ts';
import { meetingTrend } from './trend.service.ts';
import { notRead, reading } from './reading.service.ts';
import { composition, movements } from './composition.service.ts';
import { exportTable } from './tables.export.ts';
import {
  Adoption,
  AdoptionQuery,
  DrillList,
  MeetingCompliance,
  MonthQuery,
  DrillQuery,
  Report,
  ReportQuery,
  SnapshotBody,
  SnapshotResult,
  Trend,
  TrendQuery,
  ReadingQuery,
  ReadingView,
  NotReadQuery,
  NotReadList,
  Composition,
  Movements,
  ExportQuery,
  UnitQuery,
  SnapshotMonths,
} from './stats.schemas.ts';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const attachment = (name: string) =>
  `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export async function statsRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['stats'];
  const read = { permission: 'stats.read' as const };

  r.get(
    '/api/stats/adoption',
    {
      config: read,
      schema: {
        tags,
        summary: 'Mức độ sử dụng của một đơn vị và các đơn vị trực thuộc',
        querystring: AdoptionQuery,
        response: { 200: Adoption },
      },
    },
    async (req) => adoption(deps.ctx(req), req.query.unitId, req.query.month),
  );
  r.get(
    '/api/stats/report',
    {
      config: read,
      schema: {
        tags,
        summary: 'Báo cáo tháng của đơn vị: sử dụng, lý do chưa cài, sinh hoạt, đọc tài liệu',
        querystring: ReportQuery,
        response: { 200: Report },
      },
    },
    async (req) => monthlyReport(deps.ctx(req), req.query.unitId, req.query.month),
  );
  r.get(
    '/api/stats/meetings/trend',
    { config: read, schema: { tags, summary: 'Sinh hoạt chi bộ 12 tháng', querystring: TrendQuery, response: { 200: Trend } } },
    async (req) => meetingTrend(deps.ctx(req), req.query.unitId, req.query.month),
  );
  r.get(
    '/api/stats/reading',
    {
      config: read,
      schema: {
        tags,
        summary: 'Tài liệu đọc nhiều nhất, người đọc theo đơn vị',
        querystring: ReadingQuery,
        response: { 200: ReadingView },
      },
    },
    async (req) => reading(deps.ctx(req), req.query.unitId, req.query.limit),
  );
  r.get(
    '/api/stats/reading/not-read',
    {
      config: read,
      schema: { tags, summary: 'Đảng viên chưa đọc một tài liệu', querystring: NotReadQuery, response: { 200: NotReadList } },
    },
    async (req) => notRead(deps.ctx(req), req.query),
  );
  r.get(
    '/api/stats/members/composition',
    { config: read, schema: { tags, summary: 'Cơ cấu đảng viên', querystring: UnitQuery, response: { 200: Composition } } },
    async (req) => composition(deps.ctx(req), req.query.unitId),
  );
  r.get(
    '/api/stats/members/movements',
    {
      config: read,
      schema: { tags, summary: 'Biến động đảng viên theo tháng', querystring: TrendQuery, response: { 200: Movements } },
    },
    async (req) => movements(deps.ctx(req), req.query.unitId, req.query.month),
  );
  r.get(
    '/api/stats/export',
    { config: read, schema: { tags, summary: 'Xuất một bảng thống kê (.xlsx)', querystring: ExportQuery } },
    async (req, reply) => {
      const { body, fileName } = await exportTable(deps.ctx(req), req.query);
      reply.header('content-type', XLSX_MIME);
      reply.header('content-disposition', attachment(fileName));
      reply.header('cache-control', 'no-store');
      return reply.send(body);
    },
  );
  r.post(
    '/api/stats/snapshots',
    {
      config: { permission: 'stats.snapshot' },
      schema: { tags, summary: 'Chụp số liệu thống kê của một tháng', body: SnapshotBody, response: { 200: SnapshotResult } },
    },
    async (req) => snapshotOnDemand(deps.ctx(req), req.body.month),
  );
  r.get(
    '/api/stats/months',
    { config: read, schema: { tags, summary: 'Các tháng đã có số liệu chốt', response: { 200: SnapshotMonths } } },
    async (req) => listSnapshotMonths(deps.ctx(req)),
  );
  r.get(
    '/api/stats/adoption/members',
    {
      config: read,
      schema: {
        tags,
        summary: 'Danh sách đảng viên chưa cài / chưa kích hoạt / chưa chuẩn hóa',
        querystring: DrillQuery,
        response: { 200: DrillList },
      },
    },
    async (req) => drillDown(deps.ctx(req), req.query),
  );
  r.get(
    '/api/stats/adoption/export',
    { config: read, schema: { tags, summary: 'Xuất bảng mức độ sử dụng (.xlsx)', querystring: AdoptionQuery } },
    async (req, reply) => {
      const { body, fileName } = await adoptionXlsx(deps.ctx(req), req.query.unitId, req.query.month);
      reply.header('content-type', XLSX_MIME);
      reply.header('content-disposition', attachment(fileName));
      reply.header('cache-control', 'no-store');
      return reply.send(body);
    },
  );
  r.get(
    '/api/stats/meetings',
    {
      config: { permission: 'meetings.monitor' },
      schema: {
        tags,
        summary: 'Sinh hoạt chi bộ trong tháng theo đơn vị trực thuộc',
        querystring: MonthQuery,
        response: { 200: MeetingCompliance },
      },
    },
    async (req) => meetingCompliance(deps.ctx(req), req.query.unitId, req.query.month),
  );
}
