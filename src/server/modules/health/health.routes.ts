import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { migrationsCurrent } from '../../db/migrate.ts';
import type { ModuleDeps } from '../../app.ts';

const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['ok', 'unreachable']),
  migrations: z.enum(['current', 'pending', 'unknown']),
});

export async function healthRoutes(app: FastifyInstance, deps: ModuleDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/health',
    {
      config: { permission: 'public' },
      schema: { tags: ['health'], summary: 'Database reachable, migrations current', response: { 200: Health, 503: Health } },
    },
    async (_req, reply) => {
      let database: 'ok' | 'unreachable' = 'ok';
      let migrations: 'current' | 'pending' | 'unknown' = 'unknown';
      try {
        await deps.database.db.execute(sql`SELECT 1`);
        migrations = (await migrationsCurrent(deps.database.db)) ? 'current' : 'pending';
      } catch {
        database = 'unreachable';
      }
      const ok = database === 'ok' && migrations === 'current';
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', database, migrations });
    },
  );
}
