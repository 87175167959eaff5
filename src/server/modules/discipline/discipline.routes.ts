/** Disciplinary records and suspensions of a member: every route is a schema plus one service call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleDeps } from '../../app.ts';
import { UuidParam } from '../accounts/accounts.schemas.ts';
import * as A from '../../../common/api/discipline.ts';
import * as discipline from './discipline.service.ts';

export async function disciplineRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['discipline'];
  r.get(
    '/api/members/:id/discipline',
    {
      // The member reads their own; the service checks discipline.read for anyone else.
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Kỷ luật, đình chỉ sinh hoạt của đảng viên',
        params: UuidParam,
        response: { 200: A.DisciplineView },
      },
    },
    async (req) => discipline.listDiscipline(deps.ctx(req), req.params.id),
  );
  r.post(
    '/api/members/:id/disciplines',
    {
      config: { permission: 'discipline.manage' },
      schema: {
        tags,
        summary: 'Ghi quyết định kỷ luật',
        params: UuidParam,
        body: A.DisciplineBody,
        response: { 200: A.DisciplineView },
      },
    },
    async (req) => discipline.addDiscipline(deps.ctx(req), req.params.id, req.body),
  );
  r.post(
    '/api/members/:id/suspensions',
    {
      config: { permission: 'discipline.manage' },
      schema: {
        tags,
        summary: 'Ghi đình chỉ sinh hoạt đảng hoặc tạm giam',
        params: UuidParam,
        body: A.SuspensionBody,
        response: { 200: A.DisciplineView },
      },
    },
    async (req) => discipline.addSuspension(deps.ctx(req), req.params.id, req.body),
  );
}
