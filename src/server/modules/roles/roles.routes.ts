import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../app.ts';
import { ROLES } from '../../db/schema.ts';
import { UuidParam } from '../accounts/accounts.schemas.ts';
import { assignRole, listRoles, revokeRole } from './roles.service.ts';

const RoleList = z.object({
  items: z.array(z.object({ id: z.string(), userId: z.string(), userName: z.string(), role: z.enum(ROLES) })),
});
const AssignBody = z.object({ userId: z.uuid(), role: z.enum(ROLES), unitId: z.uuid() });

export async function rolesRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['roles'];
  const config = { permission: 'roles.manage' as const };
  r.get(
    '/api/units/:id/roles',
    { config, schema: { tags, summary: 'Vai trò tại đơn vị', params: UuidParam, response: { 200: RoleList } } },
    async (req) => ({ items: await listRoles(deps.ctx(req), req.params.id) }),
  );
  r.post(
    '/api/roles',
    { config, schema: { tags, summary: 'Giao vai trò', body: AssignBody, response: { 201: z.object({ id: z.string() }) } } },
    async (req, reply) => reply.status(201).send(await assignRole(deps.ctx(req), req.body)),
  );
  r.delete('/api/roles/:id', { config, schema: { tags, summary: 'Thu hồi vai trò', params: UuidParam } }, async (req, reply) => {
    await revokeRole(deps.ctx(req), req.params.id);
    return reply.status(204).send();
  });
}
