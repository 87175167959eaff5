/**
 * Registering a route from its contract (src/common/api/<area>.ts): the method, path and schemas
 * come from the declaration the web types itself against, so the two cannot drift apart.
 */
import type { z } from 'zod';
import type { RouteSpec } from '../../common/api/contract.ts';

type Has<R, K extends string> = R extends Record<K, z.ZodType> ? R[K] : undefined;
type StatusOf<R extends RouteSpec> = R['status'] extends 201 | 204 ? R['status'] : 200;

export interface Doc {
  tags: string[];
  summary: string;
  description?: string;
  hide?: boolean;
}

/** The route's Fastify schema: its contract's params, query, body and response, with the docs. */
export function schemaOf<const R extends RouteSpec>(
  r: R,
  doc: Doc,
): Doc & {
  params: Has<R, 'params'>;
  querystring: Has<R, 'query'>;
  body: Has<R, 'body'>;
  response: { [K in StatusOf<R>]: R['response'] };
} {
  const schema: Record<string, unknown> = { ...doc, response: { [r.status ?? 200]: r.response } };
  if (r.params) schema.params = r.params;
  if (r.query) schema.querystring = r.query;
  if (r.body) schema.body = r.body;
  return schema as unknown as ReturnType<typeof schemaOf<R>>;
}

/** The route's method and URL, for `app.route({ ...on(spec), ... })`. */
export function on<const R extends RouteSpec>(r: R): { method: R['method']; url: R['path'] } {
  return { method: r.method, url: r.path };
}
