/** Cell meetings (sinh hoạt chi bộ): every route is a schema plus one service call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../app.ts';
import { IdParam, UuidParam } from '../accounts/accounts.schemas.ts';
import { sendStoredFile } from '../../files/download.ts';
import { notFound } from '../../http/errors.ts';
import * as S from './meetings.schemas.ts';
import * as schedule from './schedule.service.ts';
import * as attendance from './attendance.service.ts';
import * as after from './after.service.ts';
import * as evaluation from './evaluation.service.ts';
import * as monitoring from './monitor.service.ts';
import * as calendar from './calendar.service.ts';
import * as guidance from './guidance.service.ts';
import { deadlineDay, setDeadlineDay } from './settings.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';
import { FileReading, materialReading } from './materials-reading.ts';

export async function meetingsRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['meetings'];
  const read = { permission: 'meetings.read' as const };
  const manage = { permission: 'meetings.manage' as const };
  const attend = { permission: 'meetings.attend' as const };
  const monitor = { permission: 'meetings.monitor' as const };
  const configure = { permission: 'meetings.configure' as const };
  const signedIn = { permission: 'authenticated' as const };
  const ok = z.object({ ok: z.literal(true) });

  // ---- lists, settings, monitoring (static paths before /:id)
  r.get(
    '/api/meetings/mine',
    {
      config: signedIn,
      schema: { tags, summary: 'Lịch sinh hoạt sắp tới của tôi và các đơn vị tôi phụ trách', response: { 200: S.Mine } },
    },
    async (req) => schedule.mine(deps.ctx(req)),
  );
  r.get(
    '/api/meetings',
    {
      config: read,
      schema: {
        tags,
        summary: 'Danh sách buổi sinh hoạt trong phạm vi',
        querystring: S.ListQuery,
        response: { 200: S.MeetingList },
      },
    },
    async (req) => schedule.listMeetings(deps.ctx(req), req.query),
  );
  r.post(
    '/api/meetings',
    {
      config: manage,
      schema: { tags, summary: 'Đăng ký lịch sinh hoạt', body: S.RegisterBody, response: { 201: S.MeetingDetail } },
    },
    async (req, reply) => {
      const { cellId, ...input } = req.body;
      return reply.status(201).send(await schedule.registerMeeting(deps.ctx(req), cellId, input));
    },
  );
  r.get(
    '/api/meetings/cell-members',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Đảng viên của chi bộ (không gồm đảng viên miễn sinh hoạt)',
        querystring: S.CellQuery,
        response: { 200: S.MemberPick },
      },
    },
    async (req) => schedule.cellMembers(deps.ctx(req), req.query.cellId),
  );
  r.get(
    '/api/meetings/settings',
    { config: signedIn, schema: { tags, summary: 'Cài đặt: hạn đăng ký lịch', response: { 200: S.SettingsView } } },
    async (req) => ({ registrationDeadlineDay: await deadlineDay(deps.ctx(req).db) }),
  );
  r.put(
    '/api/meetings/settings',
    {
      config: configure,
      schema: {
        tags,
        summary: 'Đổi hạn đăng ký lịch (ngày của tháng trước)',
        body: S.SettingsBody,
        response: { 200: S.SettingsView },
      },
    },
    async (req) => {
      const ctx = deps.ctx(req);
      const old = await deadlineDay(ctx.db);
      await ctx.db.transaction(async (tx) => {
        await setDeadlineDay(tx, req.body.registrationDeadlineDay, ctx.clock.now());
        await recordAudit(tx, sourceOf(ctx), {
          action: 'meetings.settings',
          targetType: 'settings',
          targetId: 'meetings.registration_deadline_day',
          changes: { registrationDeadlineDay: { old, new: req.body.registrationDeadlineDay } },
        });
      });
      return { registrationDeadlineDay: req.body.registrationDeadlineDay };
    },
  );
  r.get(
    '/api/meetings/monitor',
    {
      config: monitor,
      schema: {
        tags,
        summary: 'Theo dõi sinh hoạt chi bộ của một đơn vị trong tháng',
        querystring: S.UnitMonthQuery,
        response: { 200: S.Monitor },
      },
    },
    async (req) => monitoring.monitor(deps.ctx(req), req.query.unitId, req.query.month),
  );
  r.get(
    '/api/meetings/unregistered',
    {
      config: monitor,
      schema: {
        tags,
        summary: 'Chi bộ chưa đăng ký lịch sinh hoạt tháng',
        querystring: S.UnitMonthQuery,
        response: { 200: S.Unregistered },
      },
    },
    async (req) => monitoring.cellsWithoutRegistration(deps.ctx(req), req.query.unitId, req.query.month),
  );
  r.get(
    '/api/meetings/absences',
    {
      config: read,
      schema: {
        tags,
        summary: 'Đảng viên vắng không lý do 3 tháng trong 12 tháng',
        querystring: S.AbsenceQuery,
        response: { 200: S.Absences },
      },
    },
    async (req) => evaluation.listRepeatedAbsences(deps.ctx(req), req.query.unitId, req.query.asOf),
  );
  r.get(
    '/api/meetings/rubrics',
    { config: read, schema: { tags, summary: 'Các bộ tiêu chí đánh giá', response: { 200: S.RubricList } } },
    async (req) => evaluation.listRubrics(deps.ctx(req)),
  );
  r.post(
    '/api/meetings/rubrics',
    {
      config: configure,
      schema: { tags, summary: 'Thêm bộ tiêu chí đánh giá', body: S.RubricBody, response: { 201: S.IdResult } },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await evaluation.createRubric(deps.ctx(req), req.body.name, req.body.definition, req.body.makeDefault)),
  );
  r.post(
    '/api/meetings/calendar-link',
    { config: signedIn, schema: { tags, summary: 'Tạo (lại) liên kết lịch riêng (ICS)', response: { 200: S.CalendarLink } } },
    async (req) => calendar.rotateCalendarToken(deps.ctx(req)),
  );
  r.get(
    '/api/meetings/calendar/:token',
    { config: { permission: 'public' }, schema: { tags, summary: 'Lịch ICS theo liên kết riêng', params: S.TokenParam } },
    async (req, reply) => {
      const text = await calendar.calendarFeed(
        deps.database.db,
        req.params.token.replace(/\.ics$/, ''),
        deps.clock.now(),
        deps.config.publicUrl,
      );
      return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(text);
    },
  );
  r.get(
    '/api/meetings/guidance',
    {
      config: monitor,
      schema: {
        tags,
        summary: 'Tài liệu hướng dẫn của tháng do cấp trên đăng',
        querystring: S.MonthQuery,
        response: { 200: S.GuidanceList },
      },
    },
    async (req) => guidance.listGuidance(deps.ctx(req), req.query.month),
  );
  r.post(
    '/api/meetings/guidance',
    {
      config: monitor,
      schema: { tags, summary: 'Đăng tài liệu hướng dẫn (liên kết)', body: S.GuidanceBody, response: { 201: S.IdResult } },
    },
    async (req, reply) => reply.status(201).send(await guidance.addGuidance(deps.ctx(req), req.body)),
  );
  r.post(
    '/api/meetings/guidance/upload',
    {
      config: monitor,
      schema: { tags, summary: 'Đăng tài liệu hướng dẫn (tệp; trường unitId, month, title)', response: { 201: S.IdResult } },
    },
    async (req, reply) => reply.status(201).send(await guidance.addGuidanceFile(deps.ctx(req), req, deps.storage)),
  );
  r.get(
    '/api/meetings/guidance/:id/file',
    { config: read, schema: { tags, summary: 'Tải tệp hướng dẫn', params: IdParam } },
    async (req, reply) => {
      if (!/^\d{1,15}$/.test(req.params.id)) throw notFound();
      return sendStoredFile(req, reply, deps.storage, await guidance.guidanceFile(deps.ctx(req), Number(req.params.id)));
    },
  );

  // ---- one meeting
  r.get(
    '/api/meetings/:id',
    { config: read, schema: { tags, summary: 'Chi tiết buổi sinh hoạt', params: UuidParam, response: { 200: S.MeetingDetail } } },
    async (req) => schedule.getMeeting(deps.ctx(req), req.params.id),
  );
  r.patch(
    '/api/meetings/:id',
    {
      config: manage,
      schema: { tags, summary: 'Sửa lịch sinh hoạt', params: UuidParam, body: S.UpdateBody, response: { 200: S.MeetingDetail } },
    },
    async (req) => schedule.updateMeeting(deps.ctx(req), req.params.id, req.body),
  );
  r.put(
    '/api/meetings/:id/agenda',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Chương trình sinh hoạt',
        params: UuidParam,
        body: S.AgendaBody,
        response: { 200: S.MeetingDetail },
      },
    },
    async (req) => schedule.setAgenda(deps.ctx(req), req.params.id, req.body.items),
  );
  r.put(
    '/api/meetings/:id/draft',
    {
      config: manage,
      schema: { tags, summary: 'Dự thảo nghị quyết', params: UuidParam, body: S.DraftBody, response: { 200: S.MeetingDetail } },
    },
    async (req) => schedule.setDraft(deps.ctx(req), req.params.id, req.body.draftResolution),
  );
  r.post(
    '/api/meetings/:id/materials',
    {
      config: manage,
      schema: { tags, summary: 'Đính kèm tài liệu (multipart)', params: UuidParam, response: { 201: S.FileEnvelope } },
    },
    async (req, reply) => reply.status(201).send(await after.uploadMaterial(deps.ctx(req), req, deps.storage, req.params.id)),
  );
  r.post(
    '/api/meetings/:id/publish',
    {
      config: manage,
      schema: { tags, summary: 'Đăng tài liệu cho đảng viên', params: UuidParam, response: { 200: S.MeetingDetail } },
    },
    async (req) => schedule.publishMaterials(deps.ctx(req), req.params.id),
  );
  r.post(
    '/api/meetings/:id/invite',
    { config: manage, schema: { tags, summary: 'Gửi giấy mời', params: UuidParam, response: { 200: S.InvitationList } } },
    async (req) => schedule.invite(deps.ctx(req), req.params.id),
  );
  r.get(
    '/api/meetings/:id/invitations',
    { config: manage, schema: { tags, summary: 'Giấy mời và trả lời', params: UuidParam, response: { 200: S.InvitationList } } },
    async (req) => schedule.listInvitations(deps.ctx(req), req.params.id),
  );
  r.post(
    '/api/meetings/:id/rsvp',
    {
      config: attend,
      schema: { tags, summary: 'Trả lời giấy mời', params: UuidParam, body: S.RsvpBody, response: { 200: S.RsvpResult } },
    },
    async (req) => schedule.rsvp(deps.ctx(req), req.params.id, req.body.answer, req.body.reason),
  );
  r.post(
    '/api/meetings/:id/opinions',
    {
      config: attend,
      schema: {
        tags,
        summary: 'Góp ý vào chương trình hoặc dự thảo',
        params: UuidParam,
        body: S.OpinionBody,
        response: { 201: S.Opinion },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await schedule.addOpinion(deps.ctx(req), req.params.id, req.body.agendaItemId, req.body.body, req.body.clientId)),
  );
  r.get(
    '/api/meetings/:id/opinions',
    { config: manage, schema: { tags, summary: 'Tất cả ý kiến góp ý', params: UuidParam, response: { 200: S.OpinionList } } },
    async (req) => schedule.listOpinions(deps.ctx(req), req.params.id),
  );
  r.get(
    '/api/meetings/:id/qr',
    {
      config: manage,
      schema: { tags, summary: 'Mã QR điểm danh (đổi mỗi 30 giây)', params: UuidParam, response: { 200: S.QrScreen } },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return attendance.qrScreen(deps.ctx(req), req.params.id);
    },
  );
  r.post(
    '/api/meetings/:id/check-in',
    {
      config: attend,
      schema: {
        tags,
        summary: 'Điểm danh bằng mã QR',
        params: UuidParam,
        body: S.CheckInBody,
        response: { 200: S.CheckInResult },
      },
    },
    async (req) =>
      attendance.checkIn(
        deps.ctx(req),
        req.params.id,
        req.body.token,
        req.body.clientId,
        req.body.scannedAt ? new Date(req.body.scannedAt) : undefined,
      ),
  );
  r.get(
    '/api/meetings/:id/attendance',
    { config: manage, schema: { tags, summary: 'Điểm danh', params: UuidParam, response: { 200: S.Attendance } } },
    async (req) => attendance.attendanceList(deps.ctx(req), req.params.id),
  );
  r.post(
    '/api/meetings/:id/roll-call',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Điểm danh bằng tay (gửi lại khi mất mạng không bị trùng)',
        params: UuidParam,
        body: S.RollCallBody,
        response: { 200: S.RollCallResult },
      },
    },
    async (req) => attendance.rollCall(deps.ctx(req), req.params.id, req.body.changes),
  );
  r.get(
    '/api/meetings/:id/minutes',
    { config: read, schema: { tags, summary: 'Biên bản', params: UuidParam, response: { 200: S.Minutes } } },
    async (req) => after.getMinutes(deps.ctx(req), req.params.id),
  );
  r.put(
    '/api/meetings/:id/minutes',
    {
      config: manage,
      schema: { tags, summary: 'Ghi biên bản', params: UuidParam, body: S.MinutesBody, response: { 200: S.Minutes } },
    },
    async (req) => after.saveMinutes(deps.ctx(req), req.params.id, req.body),
  );
  r.put(
    '/api/meetings/:id/resolution',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Nghị quyết và nhiệm vụ',
        params: UuidParam,
        body: S.ResolutionBody,
        response: { 200: S.Minutes },
      },
    },
    async (req) => after.saveResolution(deps.ctx(req), req.params.id, req.body),
  );
  r.post(
    '/api/meetings/:id/signed-copies',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Ảnh bản ký (xóa thông tin vị trí, tạo ảnh nhỏ)',
        params: UuidParam,
        response: { 201: S.FileEnvelope },
      },
    },
    async (req, reply) => reply.status(201).send(await after.uploadSignedCopy(deps.ctx(req), req, deps.storage, req.params.id)),
  );
  r.post(
    '/api/meetings/:id/finalize',
    {
      config: manage,
      schema: { tags, summary: 'Hoàn tất (khóa buổi sinh hoạt)', params: UuidParam, response: { 200: S.Attendance } },
    },
    async (req) => after.finalize(deps.ctx(req), req.params.id),
  );
  r.post(
    '/api/meetings/:id/reopen',
    {
      config: manage,
      schema: { tags, summary: 'Mở lại (cần lý do)', params: UuidParam, body: S.ReopenBody, response: { 200: ok } },
    },
    async (req) => {
      await after.reopen(deps.ctx(req), req.params.id, req.body.reason);
      return { ok: true as const };
    },
  );
  r.get(
    '/api/meetings/:id/evaluation',
    { config: read, schema: { tags, summary: 'Đánh giá chất lượng', params: UuidParam, response: { 200: S.EvaluationView } } },
    async (req) => evaluation.getEvaluation(deps.ctx(req), req.params.id),
  );
  r.put(
    '/api/meetings/:id/evaluation',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Chấm điểm các tiêu chí',
        params: UuidParam,
        body: S.ScoresBody,
        response: { 200: S.EvaluationView },
      },
    },
    async (req) => evaluation.saveScores(deps.ctx(req), req.params.id, req.body.scores),
  );

  // ---- files of a meeting
  r.get(
    '/api/meeting-files/:id',
    { config: read, schema: { tags, summary: 'Tải tệp của buổi sinh hoạt', params: UuidParam, querystring: S.ThumbQuery } },
    async (req, reply) =>
      sendStoredFile(
        req,
        reply,
        deps.storage,
        await after.fileForDownload(deps.ctx(req), req.params.id, req.query.thumb === '1'),
      ),
  );
  r.get(
    '/api/meeting-files/:id/reading',
    {
      config: read,
      schema: {
        tags,
        summary: 'Bản đọc trên điện thoại của tài liệu buổi sinh hoạt (PDF, Word): văn bản dàn lại, hoặc "bản quét"',
        params: UuidParam,
        response: { 200: FileReading },
      },
    },
    async (req, reply) => {
      const file = await after.fileForDownload(deps.ctx(req), req.params.id, false);
      // A stored file never changes under its id: the phone may keep its text.
      reply.header('cache-control', 'private, max-age=86400');
      const view = await materialReading(deps.storage, file);
      return { fileId: req.params.id, name: file.originalName, mime: file.mime, ...view };
    },
  );
  r.delete(
    '/api/meeting-files/:id',
    { config: manage, schema: { tags, summary: 'Gỡ tệp', params: UuidParam, response: { 200: ok } } },
    async (req) => {
      await after.removeFile(deps.ctx(req), req.params.id);
      return { ok: true as const };
    },
  );
}
