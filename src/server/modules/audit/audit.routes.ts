import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../app.ts';
import { listAudit } from './audit.service.ts';
import { sealAuditLog, verifyAuditChain } from './chain.ts';

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

const ChainReport = z.object({
  ok: z.boolean(),
  checked: z.number(),
  unsealed: z.number(),
  brokenAt: z.object({ chainSeq: z.number(), id: z.number(), reason: z.string() }).nullable(),
});

export async function auditRoutes(app: FastifyInstance, deps: ModuleDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/audit/verify',
    {
      config: { permission: 'audit.verify' },
      schema: {
        tags: ['audit'],
        summary: 'Kiểm tra chuỗi băm của nhật ký (chỉ quản trị hệ thống)',
        response: { 200: ChainReport },
      },
    },
    async () => {
      // Seal what is pending first, so the report covers every entry written so far.
      while ((await sealAuditLog(deps.database.db)) > 0);
      return verifyAuditChain(deps.database.db);
    },
  );
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Nhật ký thao tác trong phạm vi',
        querystring: AuditQuery,
        response: { 200: AuditList },
      },
    },
    async (req) => listAudit(deps.ctx(req), req.query),
  );
}
