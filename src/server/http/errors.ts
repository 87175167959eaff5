/**
 * Errors with a stable code, an HTTP status and a Vietnamese message (English kept for logs and
 * for clients that ask for it). One handler turns them into application/problem+json.
 */
export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** Vietnamese message shown to users. */
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(`${code}: ${title}`);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'Không tìm thấy dữ liệu yêu cầu.') => new AppError(404, 'not_found', what);
export const forbidden = () => new AppError(403, 'forbidden', 'Bạn không có quyền thực hiện thao tác này.');
export const unauthenticated = () => new AppError(401, 'auth.required', 'Vui lòng đăng nhập để tiếp tục.');
export const conflict = (code: string, title: string) => new AppError(409, code, title);
export const badRequest = (code: string, title: string, errors?: FieldError[]) =>
  new AppError(400, code, title, undefined, errors);
export const tooManyRequests = (code: string, title: string, retryAfterSeconds: number) =>
  new AppError(429, code, title, undefined, undefined, { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) });
