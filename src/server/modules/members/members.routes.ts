import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../app.ts';
import { MEMBER_STATUSES, SEXES, USER_STATUSES } from '../../db/schema.ts';
import { ActivationCodeResult, UuidParam } from '../accounts/accounts.schemas.ts';
import { issueActivationCode } from '../accounts/activation.service.ts';
import { listMembers } from './members.service.ts';

const MemberListQuery = z.object({
  unitId: z.uuid().optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

const MemberList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      fullName: z.string(),
      dateOfBirth: z.string().nullable(),
      sex: z.enum(SEXES).nullable(),
      cellId: z.string(),
      cellName: z.string(),
      status: z.enum(MEMBER_STATUSES),
      phoneMasked: z.string().nullable(),
      cccdMasked: z.string().nullable(),
      accountStatus: z.enum(['none', ...USER_STATUSES]),
    }),
  ),
  total: z.number(),
});

export async function membersRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['members'];
  r.get('/api/members', { config: { permission: 'members.read' }, schema: { tags, summary: 'Danh sách đảng viên trong phạm vi', querystring: MemberListQuery, response: { 200: MemberList } } }, async (req) =>
    listMembers(deps.ctx(req), req.query),
  );
  r.post('/api/members/:id/activation-code', { config: { permission: 'accounts.manage' }, schema: { tags, summary: 'Cấp mã kích hoạt (tạo tài khoản nếu chưa có)', params: UuidParam, response: { 200: ActivationCodeResult } } }, async (req) =>
    issueActivationCode(deps.ctx(req), req.params.id),
  );
}
