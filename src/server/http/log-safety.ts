/**
 * Errors as they may be written to the log or the jobs table: without personal data. A failed
 * statement carries its parameters (Drizzle puts them into the message: "Failed query: … params:
 * …"; the PGlite statement cache attaches them as `params`), and the database's error carries
 * pieces of the values (`detail`: "Key (cccd_hash)=(…)", `where`: "JSON data, line 1: {"phone"…",
 * and the message itself: `invalid input syntax for type uuid: "…"`). What an operator needs to
 * find the fault stays: the SQL text with its $n placeholders, the SQLSTATE code, the constraint,
 * table, column and routine, the stack. Values never do (issue 17 finding 2).
 */

interface DbErrorFields {
  code?: unknown;
  severity?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  schema?: unknown;
  dataType?: unknown;
  routine?: unknown;
}

const KEPT_DB_FIELDS = ['code', 'severity', 'constraint', 'table', 'column', 'schema', 'dataType', 'routine'] as const;

/** PostgreSQL's messages end with the offending value in quotes after a colon; drop it. */
export function redactDbMessage(message: string): string {
  return message.replace(/: ".*"$/s, ': "…"').replace(/\n?params: [\s\S]*$/, '');
}

function isSqlState(code: unknown): code is string {
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

export interface SafeError {
  type: string;
  message: string;
  /** Empty when the error had none. */
  stack: string;
  code?: string;
  statusCode?: number;
  cause?: SafeError;
  [field: string]: unknown;
}

/** The error, and its causes, as a plain object fit for a log line. */
export function safeError(err: unknown, depth = 0): SafeError {
  if (!(err instanceof Error)) return { type: typeof err, message: depth > 0 ? '[value]' : String(err).slice(0, 200), stack: '' };
  const e = err as Error & DbErrorFields & { query?: unknown; params?: unknown; cause?: unknown; statusCode?: unknown };
  // The database's own error (a SQLSTATE code) keeps its message without the quoted value; the
  // driver's wrapper ("Failed query: … params: …") keeps the SQL text only.
  const fromDb = isSqlState(e.code);
  const message = fromDb
    ? redactDbMessage(e.message)
    : typeof e.query === 'string'
      ? `Failed query: ${e.query}`
      : redactDbMessage(e.message);
  const out: SafeError = { type: e.name || e.constructor?.name || 'Error', message, stack: '' };
  if (fromDb) {
    for (const f of KEPT_DB_FIELDS) if (e[f] !== undefined && e[f] !== null) out[f] = String(e[f]);
  } else if (typeof e.code === 'string') out.code = e.code;
  if (typeof e.statusCode === 'number') out.statusCode = e.statusCode;
  if (e.stack) {
    // The stack's first line repeats the message, parameters and values included.
    const at = e.stack.indexOf('\n    at ');
    out.stack = `${out.type}: ${message}${at >= 0 ? e.stack.slice(at) : ''}`;
  }
  if (e.cause !== undefined && depth < 4) out.cause = safeError(e.cause, depth + 1);
  return out;
}

/** One line for the jobs table's last_error. */
export function safeErrorMessage(err: unknown): string {
  const s = safeError(err);
  const cause = s.cause ? ` (${s.cause.code ? `${s.cause.code} ` : ''}${s.cause.message})` : '';
  return `${s.message}${s.code ? ` [${s.code}]` : ''}${cause}`.slice(0, 2000);
}
