import i18n from '../i18n/index.ts';

/** A short human-readable form of a JSON value from the server (audit changes, history details). */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return i18n.t('audit.emptyValue');
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(formatValue).join(', ');
  return JSON.stringify(v);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `{ name: { old, new } }` or `{ name: value }` → lines like "name: A → B". */
export function describeChanges(details: unknown): string[] {
  if (!isRecord(details)) return details === null || details === undefined ? [] : [formatValue(details)];
  return Object.entries(details).map(([key, value]) => {
    if (isRecord(value) && ('old' in value || 'new' in value)) {
      return `${key}: ${formatValue(value.old)} → ${formatValue(value.new)}`;
    }
    return `${key}: ${formatValue(value)}`;
  });
}
