import i18n from '../i18n/index.ts';

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

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

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

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  del: <T>(path: string) => request<T>('DELETE', path),
};

/** Builds `path?a=1&b=2`, skipping empty values. */
export function withQuery(path: string, params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export function errorTitle(err: unknown): string | null {
  if (!err) return null;
  if (err instanceof ApiError) return err.title;
  return i18n.t('errors.unexpected');
}

export function fieldError(err: unknown, field: string): string | undefined {
  return err instanceof ApiError ? err.fieldErrors[field] : undefined;
}
