import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../app.ts';
import { listAudit } from './audit.service.ts';

const AuditQuery = z.object({
  unitId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

const AuditList = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      at: z.date(),
      actorName: z.string().nullable(),
      action: z.string(),
      targetType: z.string(),
      targetId: z.string().nullable(),
      unitName: z.string().nullable(),
      changes: z.record(z.string(), z.object({ old: z.unknown(), new: z.unknown() })),
    }),
  ),
  total: z.number(),
});

export async function auditRoutes(app: FastifyInstance, deps: ModuleDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/audit',
    { config: { permission: 'audit.read' }, schema: { tags: ['audit'], summary: 'Nhật ký thao tác trong phạm vi', querystring: AuditQuery, response: { 200: AuditList } } },
    async (req) => listAudit(deps.ctx(req), req.query),
  );
}
