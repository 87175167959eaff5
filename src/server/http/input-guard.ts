/**
 * Text that cannot be stored is refused at the edge, before any schema or service sees it:
 * - NUL (\u0000): PostgreSQL cannot store it in text;
 * - a lone UTF-16 surrogate (JSON's "\ud800" without its pair): not a character at all. It passes
 *   JavaScript string checks, then PostgreSQL refuses it (`invalid input syntax for type json` when
 *   the audit entry is written), which used to answer 500 (issue 17 finding 2).
 * Neither is ever meaningful in this domain, so the request gets a 400 naming the field. Every
 * string of the query, the path parameters and the JSON body is checked, object keys included.
 */
import type { FastifyInstance } from 'fastify';
import { badRequest, type AppError } from './errors.ts';

export type TextFault = 'nul' | 'surrogate';

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a string, if anything. (String.prototype.isWellFormed is ES2024, not in our lib.) */
export function textFault(s: string): TextFault | null {
  if (s.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(s)) return 'surrogate';
  return null;
}

const FAULT_MESSAGES: Record<TextFault, string> = {
  nul: 'Chứa ký tự không hợp lệ (NUL).',
  surrogate: 'Chứa ký tự không hợp lệ (mã Unicode bị hỏng). Hãy gõ lại nội dung này.',
};

export interface TextHit {
  /** Dotted path from the top of the value: "place", "items.2.title". */
  field: string;
  fault: TextFault;
}

/** The first string (value or key) of `value` that cannot be stored. Iterative: no depth limit. */
export function findBadText(value: unknown): TextHit | null {
  const stack: Array<{ v: unknown; path: string }> = [{ v: value, path: '' }];
  const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const fault = textFault(v);
      if (fault) return { field: path, fault };
    } else if (ArrayBuffer.isView(v)) {
      continue; // bytes (a raw body), not text
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: join(path, i) });
    } else if (v && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i]!;
        const fault = textFault(k);
        if (fault) return { field: join(path, k), fault };
        stack.push({ v: child, path: join(path, k) });
      }
    }
  }
  return null;
}

/** The 400 for a hit; `prefix` names where it was ("" for the body, as the schema errors do). */
export function badTextError(hit: TextHit): AppError {
  return badRequest('invalid_characters', `Dữ liệu gửi lên chứa ký tự không hợp lệ (trường "${hit.field}").`, [
    { field: hit.field, message: FAULT_MESSAGES[hit.fault] },
  ]);
}

/** Throws the 400 when any string of `value` cannot be stored (multipart form fields use it too). */
export function assertStorableText(value: unknown): void {
  const hit = findBadText(value);
  if (hit) throw badTextError(hit);
}

export function rejectInvalidText(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    assertStorableText(request.query);
    assertStorableText(request.params);
    assertStorableText(request.body);
  });
}
