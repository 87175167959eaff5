/**
 * One error handler for the whole API: application/problem+json with a stable code and a
 * Vietnamese title. Validation errors name the field; 5xx bodies reveal nothing internal.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type FieldError } from './errors.ts';

export const ISSUE_MESSAGES: Record<string, string> = {
  invalid_type: 'Giá trị không đúng kiểu hoặc còn thiếu.',
  too_small: 'Giá trị quá ngắn hoặc quá nhỏ.',
  too_big: 'Giá trị quá dài hoặc quá lớn.',
  invalid_format: 'Giá trị không đúng định dạng.',
  invalid_value: 'Giá trị không nằm trong danh sách cho phép.',
  unrecognized_keys: 'Có trường không được hỗ trợ.',
  invalid_union: 'Giá trị không hợp lệ.',
  custom: 'Giá trị không hợp lệ.',
};

interface ValidationIssue {
  instancePath?: string;
  params?: { issue?: { code?: string; path?: PropertyKey[] } };
  message?: string;
}

function fieldErrors(validation: ValidationIssue[], context: string | undefined): FieldError[] {
  return validation.map((v) => {
    const path =
      v.params?.issue?.path?.map(String).join('.') || v.instancePath?.replace(/^\//, '').replace(/\//g, '.') || context || '';
    const code = v.params?.issue?.code ?? 'custom';
    return { field: path || (context ?? ''), message: ISSUE_MESSAGES[code] ?? 'Giá trị không hợp lệ.' };
  });
}

export function problem(status: number, code: string, title: string, extra: Record<string, unknown> = {}) {
  return { type: `https://sotay.local/problems/${code}`, title, status, code, ...extra };
}

export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    reply.type('application/problem+json');
    if (err instanceof AppError) {
      if (err.headers) reply.headers(err.headers);
      return reply.status(err.status).send(problem(err.status, err.code, err.title, { detail: err.detail, errors: err.errors }));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const errors = fieldErrors(err.validation as ValidationIssue[], err.validationContext);
      const where = errors[0]?.field ? ` (trường "${errors[0].field}")` : '';
      return reply.status(400).send(problem(400, 'validation', `Dữ liệu gửi lên không hợp lệ${where}.`, { errors }));
    }
    if (
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      (err.statusCode === 400 && err instanceof SyntaxError)
    ) {
      return reply.status(400).send(problem(400, 'invalid_json', 'Nội dung gửi lên không phải JSON hợp lệ.'));
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(415).send(problem(415, 'unsupported_media_type', 'Định dạng nội dung không được hỗ trợ.'));
    }
    if (['FST_REQ_FILE_TOO_LARGE', 'FST_FILES_LIMIT', 'FST_PARTS_LIMIT', 'FST_FIELDS_LIMIT'].includes(err.code)) {
      return reply.status(413).send(problem(413, 'upload.too_large', 'Tệp hoặc nội dung gửi lên vượt quá giới hạn cho phép.'));
    }
    if (err.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
      return reply.status(415).send(problem(415, 'upload.not_multipart', 'Cần gửi tệp dưới dạng multipart/form-data.'));
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send(problem(413, 'body_too_large', 'Nội dung gửi lên quá lớn.'));
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send(problem(err.statusCode, 'bad_request', 'Yêu cầu không hợp lệ.'));
    }
    if (isDatabaseUnavailable(err)) {
      request.log.error({ err }, 'database unavailable');
      reply.header('retry-after', '5');
      return reply
        .status(503)
        .send(problem(503, 'unavailable', 'Hệ thống đang tạm thời gián đoạn. Vui lòng thử lại sau ít phút.'));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send(problem(500, 'internal', 'Đã có lỗi xảy ra. Vui lòng thử lại sau.'));
  });
}

const UNAVAILABLE_CODES = [
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
  '08006',
  '08001',
  '08003',
  '08004',
];

/** Connection-level failures, also when wrapped (Drizzle wraps driver errors in `cause`). */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: string; message?: string; cause?: unknown };
  if (e.code && UNAVAILABLE_CODES.includes(e.code)) return true;
  if (
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      e.message ?? '',
    )
  )
    return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}
