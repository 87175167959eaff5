/**
 * The app loads Mantine's styles per component (mantine-first.css for the first screen,
 * mantine-rest.css with the first lazy page) instead of the whole styles.css. This test reads which
 * Mantine components the web app imports, follows Mantine's own module graph to every stylesheet
 * each one needs, and fails when one is in neither list (a page would look broken), or when a
 * component of the first screen only has its styles in the lazy list.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const WEB = path.join(ROOT, 'src/web');
const ESM = path.join(ROOT, 'node_modules/@mantine/core/esm');
const STYLES = path.join(ROOT, 'node_modules/@mantine/core/styles');

/** Files drawn before any lazy page: their components need mantine-first.css. */
const FIRST_SCREEN = [
  'auth/',
  'layout/',
  'home/',
  'settings/DisplayToggles.tsx',
  'pwa/OutboxList.tsx',
  'ui/feedback.tsx',
  'ui/Pager.tsx',
];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

function usedComponents(files: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/import\s*\{([^}]+)\}\s*from\s*'@mantine\/core'/g)) {
      for (const part of m[1]!.split(',')) {
        const name = part
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)[0]!;
        if (/^[A-Z]/.test(name) && !part.trim().startsWith('type ')) names.add(name);
      }
    }
  }
  return names;
}

const indexSource = fs.readFileSync(path.join(ESM, 'index.mjs'), 'utf8');
function moduleOf(component: string): string | null {
  const m = new RegExp(`import \\{[^}]*\\b${component}\\b[^}]*\\} from "(\\./components/[^"]+)"`).exec(indexSource);
  return m ? path.join(ESM, m[1]!) : null;
}

/** Every styles/<Name>.css reached from a component module through Mantine's components. */
function stylesheetsOf(entry: string): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !file.startsWith(path.join(ESM, 'components'))) return;
    seen.add(file);
    const src = fs.readFileSync(file, 'utf8');
    for (const m of src.matchAll(/from "(\.[^"]+\.mjs)"/g)) {
      const dep = path.resolve(path.dirname(file), m[1]!);
      const css = /([A-Za-z]+)\.module\.mjs$/.exec(dep)?.[1];
      if (css && fs.existsSync(path.join(STYLES, `${css}.css`))) out.add(`${css}.css`);
      visit(dep);
    }
  };
  visit(entry);
  return out;
}

function listed(cssFile: string): Set<string> {
  const text = fs.readFileSync(path.join(WEB, 'layout', cssFile), 'utf8');
  return new Set([...text.matchAll(/@import '@mantine\/core\/styles\/([A-Za-z-]+\.css)'/g)].map((m) => m[1]!));
}

function needs(files: string[]): Map<string, string[]> {
  const need = new Map<string, string[]>();
  for (const c of usedComponents(files)) {
    const mod = moduleOf(c);
    if (!mod) continue; // not a component (createTheme, MantineProvider's helpers…)
    for (const css of stylesheetsOf(mod)) need.set(css, [...(need.get(css) ?? []), c]);
  }
  return need;
}

describe('Mantine styles per component', () => {
  const first = listed('mantine-first.css');
  const rest = listed('mantine-rest.css');
  const all = sources(WEB);

  it('has the styles of every component the app uses', () => {
    const missing = [...needs(all)]
      .filter(([css]) => !first.has(css) && !rest.has(css))
      .map(([css, by]) => `${css} (for ${by.join(', ')})`);
    expect(missing, 'add these to src/web/layout/mantine-rest.css').toEqual([]);
  });

  it('has the first screen styles in mantine-first.css', () => {
    const firstFiles = all.filter((f) => FIRST_SCREEN.some((p) => path.relative(WEB, f).startsWith(p)));
    expect(firstFiles.length).toBeGreaterThan(5);
    const missing = [...needs(firstFiles)].filter(([css]) => !first.has(css)).map(([css, by]) => `${css} (for ${by.join(', ')})`);
    expect(missing, 'add these to src/web/layout/mantine-first.css').toEqual([]);
  });

  it('lists only stylesheets that exist', () => {
    for (const css of [...first, ...rest]) expect(fs.existsSync(path.join(STYLES, css)), css).toBe(true);
  });
});
