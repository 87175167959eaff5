import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleDeps } from '../../app.ts';
import { adoption, drillDown } from './adoption.service.ts';
import { adoptionXlsx } from './export.ts';
import { meetingCompliance } from './meetings.service.ts';
import { Adoption, DrillList, MeetingCompliance, MonthQuery, DrillQuery, UnitQuery } from './stats.schemas.ts';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const attachment = (name: string) => `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export async function statsRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['stats'];
  const read = { permission: 'stats.read' as const };

  r.get('/api/stats/adoption', { config: read, schema: { tags, summary: 'Mức độ sử dụng của một đơn vị và các đơn vị trực thuộc', querystring: UnitQuery, response: { 200: Adoption } } }, async (req) =>
    adoption(deps.ctx(req), req.query.unitId),
  );
  r.get('/api/stats/adoption/members', { config: read, schema: { tags, summary: 'Danh sách đảng viên chưa cài / chưa kích hoạt / chưa chuẩn hóa', querystring: DrillQuery, response: { 200: DrillList } } }, async (req) =>
    drillDown(deps.ctx(req), req.query),
  );
  r.get('/api/stats/adoption/export', { config: read, schema: { tags, summary: 'Xuất bảng mức độ sử dụng (.xlsx)', querystring: UnitQuery } }, async (req, reply) => {
    const { body, fileName } = await adoptionXlsx(deps.ctx(req), req.query.unitId);
    reply.header('content-type', XLSX_MIME);
    reply.header('content-disposition', attachment(fileName));
    reply.header('cache-control', 'no-store');
    return reply.send(body);
  });
  r.get('/api/stats/meetings', { config: { permission: 'meetings.monitor' }, schema: { tags, summary: 'Sinh hoạt chi bộ trong tháng theo đơn vị trực thuộc', querystring: MonthQuery, response: { 200: MeetingCompliance } } }, async (req) =>
    meetingCompliance(deps.ctx(req), req.query.unitId, req.query.month),
  );
}
