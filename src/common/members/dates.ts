/**
 * Dates as people type them in member lists: dd/mm/yyyy, d/m/yy, dd-mm-yyyy, dd.mm.yyyy,
 * yyyy-mm-dd, Excel serial numbers and real date cells. Always day first (Vietnamese usage).
 * Result: 'YYYY-MM-DD', or a reason code when the text is not a full, real date.
 */
export type DateProblem = 'date.format' | 'date.invalid' | 'date.partial';
export type ParsedDate = { ok: true; value: string } | { ok: false; problem: DateProblem };

/** Excel's day 0 is 1899-12-30 once its fictitious 1900-02-29 is accounted for. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
/** Serials for 1900-03-01 … 9999-12-31; earlier serials hit Excel's 1900 leap-year bug. */
const MIN_SERIAL = 61;
const MAX_SERIAL = 2_958_465;

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

export function isoOf(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || year < 1800 || year > 2299) return null;
  if (month < 1 || month > 12 || day < 1) return null;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > last) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export function fromExcelSerial(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < MIN_SERIAL || serial > MAX_SERIAL) return null;
  const d = new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS);
  return isoOf(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function toExcelSerial(iso: string): number {
  return Math.round((Date.parse(`${iso}T00:00:00Z`) - EXCEL_EPOCH_MS) / DAY_MS);
}

export interface DateParseOptions {
  /**
   * Two-digit years: yy becomes 20yy when that is not after `pivotYear`, else 19yy.
   * Defaults to the current year, right for dates that lie in the past (birth, admission).
   */
  pivotYear?: number;
}

/** Accepts a string, an Excel serial number, or a Date (exceljs gives date cells as UTC midnight). */
export function parseDate(input: unknown, opts: DateParseOptions = {}): ParsedDate {
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) return { ok: false, problem: 'date.invalid' };
    // Date cells are UTC midnight; add half a day so a local-time offset cannot shift the day.
    const d = new Date(input.getTime() + (input.getUTCHours() >= 12 ? DAY_MS / 2 : 0));
    const v = isoOf(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    return v ? { ok: true, value: v } : { ok: false, problem: 'date.invalid' };
  }
  if (typeof input === 'number') {
    const v = fromExcelSerial(input);
    return v ? { ok: true, value: v } : { ok: false, problem: 'date.invalid' };
  }
  if (typeof input !== 'string') return { ok: false, problem: 'date.format' };
  const s = input.trim().replace(/\s+/g, '');
  if (/^\d{5}(\.0+)?$/.test(s)) return parseDate(Number(s), opts);
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (m) {
    const v = isoOf(Number(m[1]), Number(m[2]), Number(m[3]));
    return v ? { ok: true, value: v } : { ok: false, problem: 'date.invalid' };
  }
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$/.exec(s);
  if (m) {
    let year = Number(m[3]);
    if (m[3]!.length === 2) {
      const pivot = opts.pivotYear ?? new Date().getUTCFullYear();
      year = 2000 + year <= pivot ? 2000 + year : 1900 + year;
    }
    const v = isoOf(year, Number(m[2]), Number(m[1]));
    return v ? { ok: true, value: v } : { ok: false, problem: 'date.invalid' };
  }
  if (/^(\d{1,2}[-/.])?\d{4}$/.test(s)) return { ok: false, problem: 'date.partial' };
  return { ok: false, problem: 'date.format' };
}

/** 'YYYY-MM-DD' → 'dd/mm/yyyy' for display and export. */
export function formatDateVi(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, mo, d] = iso.split('-');
  return `${d}/${mo}/${y}`;
}
