import i18n from '../i18n/index.ts';
import type { ApiRoute } from '../../common/api/index.ts';
import type { BodyOf, Method, PathParams, QueryOf, ResponseOf } from '../../common/api/contract.ts';

/** A failed request, carrying the server's problem+json (its `title` is already Vietnamese). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly fieldErrors: Record<string, string>;

  constructor(status: number, code: string, title: string, detail?: string, fieldErrors: Record<string, string> = {}) {
    super(title);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.title = title;
    this.detail = detail;
    this.fieldErrors = fieldErrors;
  }
}

interface Problem {
  title?: unknown;
  code?: unknown;
  detail?: unknown;
  errors?: unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function fieldErrorsOf(errors: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(errors)) return out;
  for (const e of errors) {
    if (isRecord(e) && typeof e.field === 'string' && typeof e.message === 'string' && !(e.field in out)) {
      out[e.field] = e.message;
    }
  }
  return out;
}

async function toError(res: Response): Promise<ApiError> {
  let problem: Problem = {};
  try {
    const body: unknown = await res.json();
    if (isRecord(body)) problem = body;
  } catch {
    // Not JSON (a proxy error page, say): fall back to a generic message below.
  }
  const fallback = res.status === 429 ? i18n.t('errors.tooMany') : i18n.t('errors.generic', { status: res.status });
  return new ApiError(
    res.status,
    typeof problem.code === 'string' ? problem.code : `HTTP_${res.status}`,
    typeof problem.title === 'string' && problem.title ? problem.title : fallback,
    typeof problem.detail === 'string' ? problem.detail : undefined,
    fieldErrorsOf(problem.errors),
  );
}

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  // The server rejects state-changing requests without this header (CSRF defence).
  if (method !== 'GET') headers['X-Requested-With'] = 'sotay';
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', i18n.t('errors.network'));
  }
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

type RouteOf<M extends Method, P extends string> = Extract<ApiRoute, { method: M; path: P }>;
type PathOf<M extends Method> = Extract<ApiRoute, { method: M }>['path'];
type QueryValue = string | number | boolean | null | undefined;

/** What a call passes besides the path: the ':name' values, the query and the body its route declares. */
type CallOptions<R extends ApiRoute> = (keyof PathParams<R['path']> extends never
  ? { params?: undefined }
  : { params: PathParams<R['path']> }) &
  ([QueryOf<R>] extends [never] ? { query?: undefined } : { query?: QueryOf<R> }) &
  ([BodyOf<R>] extends [never] ? { body?: undefined } : { body: BodyOf<R> });

/** Options are required exactly when the route has path parameters or a body. */
type OptionsArg<R extends ApiRoute> = keyof PathParams<R['path']> extends never
  ? [BodyOf<R>] extends [never]
    ? [opts?: CallOptions<R>]
    : [opts: CallOptions<R>]
  : [opts: CallOptions<R>];

/** The URL of a route: ':name' segments filled in (encoded), the query appended without empty values. */
export function urlOf(path: string, params?: Record<string, string>, query?: object): string {
  const filled = path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const v = params?.[name];
    if (v === undefined) throw new Error(`Missing path parameter ${name} for ${path}`);
    return encodeURIComponent(v);
  });
  return query ? withQuery(filled, query as Record<string, QueryValue>) : filled;
}

function typed<M extends Method>(method: M) {
  return <P extends PathOf<M>>(path: P, ...[opts]: OptionsArg<RouteOf<M, P>>): Promise<ResponseOf<RouteOf<M, P>>> => {
    const o = (opts ?? {}) as { params?: Record<string, string>; query?: object; body?: unknown };
    return request(method, urlOf(path, o.params, o.query), method === 'GET' || method === 'DELETE' ? undefined : (o.body ?? {}));
  };
}

/**
 * The typed client: `client.get('/api/units/:id', { params: { id } })` answers the route's
 * response type from the contract (src/common/api), and takes only the params, query and body the
 * route declares. Every new call uses it.
 */
export const client = {
  get: typed('GET'),
  post: typed('POST'),
  put: typed('PUT'),
  patch: typed('PATCH'),
  del: typed('DELETE'),
};

/**
 * The string-typed calls of the areas whose routes are not in the contract yet: the type argument
 * is the caller's word, not the server's. Each area moves to `client` and this goes with the last.
 */
export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  del: <T>(path: string) => request<T>('DELETE', path),
};

/** Builds `path?a=1&b=2`, skipping empty values. */
export function withQuery(path: string, params: Record<string, QueryValue>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * What to show for a failed request: the server's Vietnamese title, or in the English UI the
 * English words for its code (i18n/api-errors-en.ts), never the Vietnamese title.
 */
export function errorTitle(err: unknown): string | null {
  if (!err) return null;
  if (!(err instanceof ApiError)) return i18n.t('errors.unexpected');
  if (i18n.language !== 'en' || err.status === 0) return err.title;
  const key = `apiErrors.${err.code}`;
  return i18n.exists(key) ? i18n.t(key) : i18n.t('errors.coded', { code: err.code });
}

export function fieldError(err: unknown, field: string): string | undefined {
  return err instanceof ApiError ? err.fieldErrors[field] : undefined;
}
