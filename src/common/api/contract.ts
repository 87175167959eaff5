/**
 * The API contract: each area's routes are declared once in src/common/api/<area>.ts with their
 * method, path and zod schemas (params, query, body, response). The server registers its routes
 * from these declarations, so it validates and serializes with exactly these schemas; the web
 * imports them as types only (`import type`), so no zod reaches the bundle, and its typed client
 * (web/api/client.ts) takes the response type from the route it calls. A change to a response
 * schema is a compile error wherever the web uses what changed.
 */
import type { z } from 'zod';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteSpec {
  method: Method;
  /** Fastify's form: '/api/units/:id'. */
  path: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The success answer's schema (JSON routes; file downloads are not in the contract). */
  response: z.ZodType;
  /** The success status, when not 200. */
  status?: 201 | 204;
}

/** Declares a route; `const` keeps the method and path as literal types for the client. */
export function route<const R extends RouteSpec>(r: R): R {
  return r;
}

/** What travels as JSON: dates become ISO strings, everything else as it is. */
export type Wire<T> = T extends Date
  ? string
  : T extends ReadonlyArray<infer U>
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** The JSON the client receives from a route. */
export type ResponseOf<R extends RouteSpec> = Wire<z.output<R['response']>>;
/** What the client sends as the body (defaults applied by the server are optional here). */
export type BodyOf<R extends RouteSpec> = R['body'] extends z.ZodType ? z.input<R['body']> : never;
export type QueryOf<R extends RouteSpec> = R['query'] extends z.ZodType ? z.input<R['query']> : never;

/** The ':name' segments of a path, as an object of strings. */
export type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? { [K in Name | keyof PathParams<`/${Rest}`>]: string }
  : P extends `${string}:${infer Name}`
    ? { [K in Name]: string }
    : Record<never, never>;
