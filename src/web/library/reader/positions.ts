/**
 * Where the member stopped reading, kept on this device: the page and zoom of a PDF, the place in
 * a reading view. At most LIMIT files are remembered, the oldest forgotten first.
 */
export interface Position {
  page: number;
  zoom?: number;
  /** Reading view: how far down the text, 0–1. */
  fraction?: number;
  at?: number;
}

const KEY = 'sotay.positions';
const LIMIT = 200;

function readAll(): Record<string, Position> {
  try {
    const raw = localStorage.getItem(KEY);
    const v: unknown = raw ? JSON.parse(raw) : {};
    return v && typeof v === 'object' ? (v as Record<string, Position>) : {};
  } catch {
    return {};
  }
}

export function loadPosition(key: string): Position | null {
  const p = readAll()[key];
  return p && typeof p.page === 'number' ? p : null;
}

export function savePosition(key: string, p: Position): void {
  const all = readAll();
  all[key] = { ...p, at: Date.now() };
  const keys = Object.keys(all);
  if (keys.length > LIMIT) {
    keys.sort((a, b) => (all[a]!.at ?? 0) - (all[b]!.at ?? 0));
    for (const k of keys.slice(0, keys.length - LIMIT)) delete all[k];
  }
  try {
    localStorage.setItem(KEY, JSON.stringify(all));
  } catch {
    // Private mode or a full store: the place is not kept this time.
  }
}
