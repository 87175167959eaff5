import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleDeps } from '../../app.ts';
import { Home } from './home.schemas.ts';
import { home } from './home.service.ts';

/** The member's home page in one request (issue 15; benchmarked as "member home"). */
export async function homeRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/home',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['home'],
        summary: 'Trang chủ của tôi: buổi sinh hoạt tới, văn bản và tin mới, việc được giao, thông báo chưa đọc',
        response: { 200: Home },
      },
    },
    async (req) => home(deps.ctx(req)),
  );
}
