/**
 * buildApp(deps): registers plugins and modules, never listens. Tests build apps with their own
 * database, config and clock and call them with `app.inject`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from './db/client.ts';
import type { Config } from './config.ts';
import { systemClock, type Clock } from './clock.ts';
import { holdsAnywhere, type Actor, type Permission } from './auth/authorize.ts';
import { actorFromToken, SESSION_COOKIE } from './auth/sessions.ts';
import { twoFactorRequired } from './auth/totp.ts';
import { AppError, forbidden, unauthenticated } from './http/errors.ts';
import { problem, registerErrorHandler } from './http/problem.ts';
import { securityHeaders } from './http/security.ts';
import { rejectInvalidText } from './http/input-guard.ts';
import { safeError } from './http/log-safety.ts';
import { registerRateLimit } from './http/rate-limit.ts';
import type { Ctx } from './context.ts';
import { LocalStorage, type Storage } from './storage/storage.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { accountsRoutes } from './modules/accounts/accounts.routes.ts';
import { orgRoutes } from './modules/org/org.routes.ts';
import { membersRoutes } from './modules/members/members.routes.ts';
import { privacyRoutes } from './modules/privacy/privacy.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { rolesRoutes } from './modules/roles/roles.routes.ts';
import { notificationsRoutes } from './modules/notifications/notifications.routes.ts';
import { feedbackRoutes } from './modules/feedback/feedback.routes.ts';
import { installsRoutes } from './modules/installs/installs.ts';
import { documentsRoutes } from './modules/documents/documents.routes.ts';
import { meetingsRoutes } from './modules/meetings/meetings.routes.ts';
import { votingRoutes } from './modules/voting/voting.routes.ts';
import { reviewsRoutes } from './modules/reviews/reviews.routes.ts';
import { disciplineRoutes } from './modules/discipline/discipline.routes.ts';
import { statsRoutes } from './modules/stats/stats.routes.ts';
import { homeRoutes } from './modules/home/home.routes.ts';
import { rulesRoutes } from './modules/rules/rules.routes.ts';

export interface AppDeps {
  database: Database;
  config: Config;
  clock?: Clock;
  /** File storage; defaults to a local folder at config.filesDir. */
  storage?: Storage;
  /** Folder of the built web app; served when it exists. */
  webDir?: string;
  /** Where the log goes (standard output by default); tests read it. */
  logStream?: NodeJS.WritableStream;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: Permission;
    /** Account routes a user must reach before setting up a required two-factor sign-in. */
    allowWithout2fa?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    /** Every API route with the permission it declared, for the route-permission test and the docs. */
    routeTable: RouteInfo[];
  }
}

export interface RouteInfo {
  method: string;
  url: string;
  permission: Permission;
  /** The route's schemas as declared (zod), for the tests that walk every route's fields. */
  schema: { params?: unknown; querystring?: unknown; body?: unknown };
}

export type App = FastifyInstance;
export type ZApp = ReturnType<FastifyInstance['withTypeProvider']> & FastifyInstance;

export interface ModuleDeps {
  database: Database;
  config: Config;
  clock: Clock;
  storage: Storage;
  /** The context of a signed-in request; throws 401 when there is no actor. */
  ctx(request: FastifyRequest): Ctx;
}

/** Routes that come from plugins and are public by nature (the API documentation). */
const PLUGIN_PUBLIC_PREFIXES = ['/api/docs'];

export class MissingPermissionError extends Error {
  constructor(method: string, url: string) {
    super(`Route ${method} ${url} declares no permission (config.permission)`);
  }
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const clock = deps.clock ?? systemClock;
  const { config, database } = deps;
  const app = Fastify({
    // Errors are logged through safeError: a failed statement without its parameters, no values.
    logger:
      config.LOG_LEVEL === 'silent'
        ? false
        : { level: config.LOG_LEVEL, serializers: { err: safeError }, ...(deps.logStream ? { stream: deps.logStream } : {}) },
    trustProxy: config.TRUST_PROXY,
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  // Every API route must say who may call it; a route without a permission stops the boot.
  const routeTable: RouteInfo[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (PLUGIN_PUBLIC_PREFIXES.some((p) => route.url.startsWith(p))) {
      route.config = { ...(route.config ?? {}), permission: 'public' };
    } else if (!route.config?.permission) {
      throw new MissingPermissionError(methods.join(','), route.url);
    }
    const { params, querystring, body } = (route.schema ?? {}) as RouteInfo['schema'];
    for (const method of methods)
      routeTable.push({ method, url: route.url, permission: route.config!.permission!, schema: { params, querystring, body } });
  });

  await app.register(cookie);
  // Limits per request are set where a route reads its file (files/upload.ts); these are the outer bounds.
  await app.register(multipart, {
    limits: { files: 1, fields: 30, fieldSize: 100_000, fileSize: config.VIDEO_MAX_MB * 1024 * 1024 },
  });
  app.decorateRequest('actor', null);
  securityHeaders(app, config);
  rejectInvalidText(app);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Sổ tay Đảng viên API', version: '0.1.0', description: 'API của Sổ tay Đảng viên điện tử' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  // CSRF: state-changing API calls must carry a header a cross-site form cannot set.
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return;
    if (request.headers['x-requested-with'] !== 'sotay') {
      throw new AppError(403, 'csrf', 'Yêu cầu bị từ chối vì thiếu mã chống giả mạo (CSRF). Hãy tải lại trang.');
    }
  });

  // Who is calling comes before what they sent: onRequest runs before the body is read and the
  // schema checked, so an anonymous caller gets 401 and never learns a route's schema (issue 17).
  app.addHook('onRequest', async (request) => {
    const permission = request.routeOptions.config?.permission;
    if (!permission || permission === 'public') return;
    const token = request.cookies[SESSION_COOKIE];
    const actor = token ? await actorFromToken(database.db, token, clock.now(), config) : null;
    if (!actor) throw unauthenticated();
    request.actor = actor;
    if (!actor.twoFactor && !request.routeOptions.config?.allowWithout2fa && twoFactorRequired(actor, config)) {
      throw new AppError(
        403,
        'auth.2fa_enrollment_required',
        'Vai trò của bạn bắt buộc xác thực hai bước. Hãy cài đặt trong trang Tài khoản trước khi tiếp tục.',
      );
    }
    if (permission !== 'authenticated' && !holdsAnywhere(actor, permission)) throw forbidden();
  });
  registerRateLimit(app, () => clock.now().getTime(), config.RATE_LIMIT_FACTOR);

  const moduleDeps: ModuleDeps = {
    database,
    config,
    clock,
    storage: deps.storage ?? new LocalStorage(config.filesDir),
    ctx(request) {
      if (!request.actor) throw unauthenticated();
      return { db: database.db, actor: request.actor, clock, config, requestId: String(request.id) };
    },
  };

  app.get('/api/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());

  const z = app.withTypeProvider<ZodTypeProvider>();
  await z.register(async (api) => {
    await healthRoutes(api, moduleDeps);
    await accountsRoutes(api, moduleDeps);
    await orgRoutes(api, moduleDeps);
    await membersRoutes(api, moduleDeps);
    await privacyRoutes(api, moduleDeps);
    await auditRoutes(api, moduleDeps);
    await rolesRoutes(api, moduleDeps);
    await notificationsRoutes(api, moduleDeps);
    await feedbackRoutes(api, moduleDeps);
    await installsRoutes(api, moduleDeps);
    await documentsRoutes(api, moduleDeps);
    await meetingsRoutes(api, moduleDeps);
    await votingRoutes(api, moduleDeps);
    await reviewsRoutes(api, moduleDeps);
    await disciplineRoutes(api, moduleDeps);
    await statsRoutes(api, moduleDeps);
    await homeRoutes(api, moduleDeps);
    await rulesRoutes(api, moduleDeps);
  });

  const webDir = deps.webDir;
  const serveWeb = !!webDir && fs.existsSync(path.join(webDir, 'index.html'));
  if (serveWeb)
    await app.register(fastifyStatic, {
      root: path.resolve(webDir),
      wildcard: false,
      index: ['index.html'],
      preCompressed: true,
    });
  app.setNotFoundHandler((request, reply) => {
    // Client-side routes (/to-chuc/..., /kich-hoat?code=...) all load the app shell.
    if (serveWeb && request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
    return reply
      .type('application/problem+json')
      .status(404)
      .send(problem(404, 'not_found', 'Không tìm thấy địa chỉ yêu cầu.'));
  });
  return app;
}
