/**
 * Lighthouse 12.2.3 (mobile preset: emulated phone, simulated slow 4G) on the member home, the
 * sign-in page, a document page and a meeting page, against a freshly started server with the demo
 * data. Also measures the compressed JavaScript the home page loads first. Each page runs 3 times
 * (LIGHTHOUSE_RUNS) and the median run by performance is kept. Writes JSON and HTML reports to
 * test-results/lighthouse/ and exits non-zero below the bars:
 * performance ≥ 90, accessibility = 100, best practices ≥ 95, home first-load JS ≤ 200 KB gzip.
 *
 *   npm run build && npm run lighthouse
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import lighthouse, { type Result as LighthouseResult } from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { DEMO_PASSWORD, ROOT, startServer, type TestServer } from '../e2e/support/server.ts';
import { prepareNextMeeting } from '../e2e/support/meeting.ts';

const OUT = path.join(ROOT, 'test-results/lighthouse');
const BARS = { performance: 0.9, accessibility: 1, 'best-practices': 0.95 } as const;
const HOME_JS_LIMIT = 200 * 1024;
const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 3));
const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** gzip size of every script index.html loads: the entry, its modulepreloads and me-early.js. */
export function homeFirstLoadJs(webDir = path.join(ROOT, 'dist/web')): {
  bytes: number;
  files: Array<{ file: string; gzip: number }>;
} {
  const html = fs.readFileSync(path.join(webDir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="(\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const sized = files.map((file) => ({
    file,
    gzip: zlib.gzipSync(fs.readFileSync(path.join(webDir, file)), { level: 9 }).length,
  }));
  return { bytes: sized.reduce((s, f) => s + f.gzip, 0), files: sized };
}

async function signInCookie(server: TestServer, login: string): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'sotay' },
    body: JSON.stringify({ login, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in ${login}: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

async function api<T>(
  server: TestServer,
  cookie: string,
  method: string,
  p: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  const r = await fetch(`${server.url}${p}`, {
    method,
    headers: { cookie, 'x-requested-with': 'sotay', ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  return { status: r.status, json: (text ? JSON.parse(text) : null) as T };
}

/** A published news item (library area) to audit a document page; null where the API is absent. */
async function documentPage(server: TestServer): Promise<string | null> {
  const admin = await signInCookie(server, 'admin');
  const roots = await api<{ items: Array<{ id: string }> }>(server, admin, 'GET', '/api/units/roots');
  const created = await api<{ document?: { id: string } }>(server, admin, 'POST', '/api/documents', {
    kind: 'news',
    category: 'local',
    unitId: roots.json.items[0]!.id,
    title: 'Hướng dẫn sinh hoạt chi bộ tháng này',
    summary: 'Nội dung chính cho đảng viên đọc trước buổi họp.',
    bodyHtml: '<p>Chi bộ thảo luận việc thực hiện nghị quyết và đóng đảng phí đúng hạn.</p>',
  });
  if (created.status !== 201 || !created.json.document) return null;
  await api(server, admin, 'POST', `/api/documents/${created.json.document.id}/publish`, {});
  return `/thu-vien/${created.json.document.id}`;
}

/** The member's next meeting; the demo has none, so the cell secretary prepares one (materials posted). */
async function meetingPage(server: TestServer, member: string): Promise<string | null> {
  const mine = await api<{ items?: Array<{ id: string }> }>(server, member, 'GET', '/api/meetings/mine');
  if (mine.status !== 200) return null;
  const id = mine.json.items?.[0]?.id ?? (await prepareNextMeeting(server)).id;
  return `/sinh-hoat/${id}`;
}

interface Row {
  name: string;
  url: string;
  scores: Record<string, number | null>;
  performanceRuns: number[];
  failed: string[];
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const js = homeFirstLoadJs();
  const server = await startServer();
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: CHROME_FLAGS,
  });
  const rows: Row[] = [];
  try {
    const member = await signInCookie(server, 'dangvien');
    const targets: Array<{ name: string; path: string; cookie?: string }> = [
      { name: 'sign-in', path: '/dang-nhap' },
      { name: 'member-home', path: '/', cookie: member },
    ];
    const doc = await documentPage(server);
    if (doc) targets.push({ name: 'document', path: doc, cookie: member });
    else console.warn('document page skipped: the library API is not available');
    const meeting = await meetingPage(server, member);
    if (meeting) targets.push({ name: 'meeting', path: meeting, cookie: member });
    else console.warn('meeting page skipped: the meetings API is not available');

    for (const t of targets) {
      const url = server.url + t.path;
      // Simulated throttling still depends on this machine's CPU: each page runs RUNS times and the
      // run with the median performance score is the one reported and judged.
      const runs: Array<{ lhr: LighthouseResult; report: string[] }> = [];
      for (let i = 0; i < RUNS; i++) {
        const result = await lighthouse(url, {
          port: chrome.port,
          output: ['json', 'html'],
          onlyCategories: ['performance', 'accessibility', 'best-practices'],
          formFactor: 'mobile',
          extraHeaders: t.cookie ? { Cookie: t.cookie } : undefined,
          logLevel: 'error',
        });
        if (!result) throw new Error(`no result for ${url}`);
        runs.push({ lhr: result.lhr, report: result.report as string[] });
      }
      const perf = (r: { lhr: LighthouseResult }) => r.lhr.categories.performance?.score ?? 0;
      const sorted = [...runs].sort((a, b) => perf(a) - perf(b));
      const median = sorted[Math.floor(sorted.length / 2)]!;
      const [json, html] = median.report;
      fs.writeFileSync(path.join(OUT, `${t.name}.report.json`), json!);
      fs.writeFileSync(path.join(OUT, `${t.name}.report.html`), html!);
      const scores: Record<string, number | null> = {};
      const failed: string[] = [];
      for (const [cat, bar] of Object.entries(BARS)) {
        const score = median.lhr.categories[cat]?.score ?? null;
        scores[cat] = score;
        if (score === null || score < bar)
          failed.push(`${cat} ${score === null ? 'n/a' : Math.round(score * 100)} < ${bar * 100}`);
      }
      const performanceRuns = runs.map((r) => Math.round(perf(r) * 100));
      rows.push({ name: t.name, url: t.path, scores, performanceRuns, failed });
    }
  } finally {
    chrome.kill();
    await server.stop();
  }

  const summary = { when: new Date().toISOString(), lighthouse: '12.2.3', homeFirstLoadJsGzip: js, pages: rows };
  fs.writeFileSync(path.join(OUT, 'summary.json'), JSON.stringify(summary, null, 2));
  console.log(`home first-load JS: ${(js.bytes / 1024).toFixed(1)} KiB gzip (limit ${HOME_JS_LIMIT / 1024})`);
  for (const r of rows) {
    const s = Object.entries(r.scores)
      .map(([k, v]) => `${k} ${v === null ? 'n/a' : Math.round(v * 100)}`)
      .join(', ');
    console.log(
      `${r.failed.length ? '✖' : '✔'} ${r.name.padEnd(12)} ${s} (performance runs: ${r.performanceRuns.join(', ')})${r.failed.length ? `  (${r.failed.join('; ')})` : ''}`,
    );
  }
  const bad = rows.some((r) => r.failed.length > 0) || js.bytes > HOME_JS_LIMIT;
  process.exit(bad ? 1 : 0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
