/**
 * PostgreSQL cannot store the NUL character in text, so a \u0000 anywhere in the input would
 * surface as a database error (a 500). It is never meaningful in this domain: refuse it up front.
 */
import type { FastifyInstance } from 'fastify';
import { badRequest } from './errors.ts';

function findNul(value: unknown, path: string, depth = 0): string | null {
  if (depth > 20) return null;
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], `${path}.${i}`, depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) return `${path}.${k}`;
      const hit = findNul(v, `${path}.${k}`, depth + 1);
      if (hit) return hit;
    }
  }
  return null;
}

export function rejectNulCharacters(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const hit = findNul(request.query, 'query') ?? findNul(request.params, 'params') ?? findNul(request.body, 'body');
    if (hit) {
      const field = hit.split('.').slice(1).join('.');
      throw badRequest('invalid_characters', 'Dữ liệu gửi lên chứa ký tự không hợp lệ.', [
        { field, message: 'Chứa ký tự không hợp lệ (NUL).' },
      ]);
    }
  });
}
