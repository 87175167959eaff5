/** Security headers on every answer. The API docs page needs its own script policy, so it is left to its plugin. */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Mantine writes CSS variables in style attributes; scripts stay strict.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(app: FastifyInstance, config: Config) {
  const https = config.publicUrl.startsWith('https://');
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    // A route that set its own policy (served files get a sandbox CSP and private caching) keeps it.
    if (!request.url.startsWith('/api/docs') && !reply.hasHeader('content-security-policy'))
      reply.header('content-security-policy', CSP);
    if (https) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
