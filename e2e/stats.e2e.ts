/**
 * Journey: the demo province admin opens the adoption ranking, picks last month's snapshot (the month
 * stays in the export and the drill-down links) and goes back to the live figures, drills down to the reference-shaped
 * city, one ward and one cell, exports the cell's member list to .xlsx, and the downloaded file,
 * opened by LibreOffice (headless conversion to CSV), carries the numbers the page shows.
 * Phone size; axe on the ranking and the monthly report.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from './support/server.ts';
import { newContext, signIn, visible } from './support/browser.ts';
import { checkAxe } from './support/axe.ts';
import { journeySetup } from './support/journey.ts';
import { apiAs, ok } from './support/api.ts';

const run = promisify(execFile);
const env = journeySetup();
let tmp: string;

/** Last month in Vietnam time, as the API writes months ("2026-10"). */
function lastMonth(): string {
  const vn = new Date(Date.now() + 7 * 3600_000);
  const d = new Date(Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sotay-stats-e2e-'));
  // A fresh demo has no month-end snapshot yet: the system administrator takes last month's, as the
  // month-end job would have.
  const admin = await apiAs(env.server, 'admin');
  expect(
    ok(await admin<{ written: boolean; final: boolean }>('POST', '/api/stats/snapshots', { month: lastMonth() })),
  ).toMatchObject({ written: true, final: true });
});

afterAll(async () => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** The numbers of the adoption table's total row: [members, exempted, accounts, activated, active30, installed, standardized]. */
async function totalRow(page: Page): Promise<number[]> {
  const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Tổng cộng', exact: true }) });
  await visible(row);
  const cells = await row.first().getByRole('cell').allInnerTexts();
  return cells.slice(1, 8).map((c) => Number(/^\d+/.exec(c.trim())![0]));
}

/** Opens the unit link of the adoption table whose name matches, and waits for its page. */
async function drillTo(page: Page, name: RegExp): Promise<string> {
  const link = page.getByRole('table').first().getByRole('link', { name }).first();
  await visible(link);
  const text = (await link.innerText()).trim();
  const id = new URL((await link.getAttribute('href'))!, 'http://x').searchParams.get('unitId')!;
  await link.click();
  await page.waitForURL((u) => u.searchParams.get('unitId') === id);
  // The previous unit's table stays while the next one loads: wait until the link itself is gone.
  await link.waitFor({ state: 'detached' });
  await visible(page.getByText(text, { exact: true }).first());
  return text;
}

/** A CSV line of LibreOffice's export (comma separated, quoted when needed). */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

describe('Thống kê: xếp hạng, đi sâu đến chi bộ, xuất Excel', () => {
  it('drills from the province to a cell and exports a member list LibreOffice reads with the same numbers', async (ctx) => {
    const context = await newContext(env.browser, 'phone', env.server.url, ctx);
    const page = await context.newPage();
    await signIn(page, 'tinh.admin', DEMO_PASSWORD);
    await page.goto('/thong-ke');
    await visible(page.getByRole('heading', { level: 1, name: 'Thống kê mức độ sử dụng' }));
    await visible(page.getByText('Đảng bộ tỉnh Minh Hải', { exact: true }));
    // The ranking: the chart lists the province's units by installation rate, the table has a rank column.
    await visible(page.getByRole('heading', { name: 'Tỷ lệ cài ứng dụng theo đơn vị' }));
    await visible(page.getByRole('button', { name: 'Sắp xếp theo Hạng cài đặt' }));
    const province = await totalRow(page);
    await checkAxe(page, 'stats-ranking');

    // Last month's snapshot from the picker: its figures, and the month kept in the export and in
    // every drill-down link; then back to the live figures for the rest of the journey.
    const month = lastMonth();
    const label = `Tháng ${month.slice(5, 7)}/${month.slice(0, 4)}`;
    await page.getByLabel('Số liệu').selectOption({ label });
    await page.waitForURL((u) => u.searchParams.get('month') === month);
    await expect
      .poll(async () => (await page.getByRole('link', { name: 'Xuất Excel' }).getAttribute('href')) ?? '')
      .toContain(`month=${month}`);
    const cityLink = page
      .getByRole('table')
      .first()
      .getByRole('link', { name: /thành phố Tân An/ })
      .first();
    await expect.poll(async () => (await cityLink.getAttribute('href')) ?? '').toContain(`month=${month}`);
    expect((await totalRow(page))[0]).toBeGreaterThan(0);
    await checkAxe(page, 'stats-ranking-month');
    await page.getByLabel('Số liệu').selectOption({ label: 'Hiện tại (cập nhật mỗi phút)' });
    await page.waitForURL((u) => !u.searchParams.has('month'));
    await expect.poll(async () => (await cityLink.getAttribute('href')) ?? '').not.toContain('month=');

    await drillTo(page, /thành phố Tân An/);
    const city = await totalRow(page);
    expect(city[0]).toBeGreaterThan(5000); // 6,080 members in the reference city, exempted ones apart
    expect(city[0]).toBeLessThanOrEqual(province[0]!);
    const ward = await drillTo(page, /^Đảng bộ phường/);
    const wardTotals = await totalRow(page);
    expect(wardTotals[0]).toBeLessThan(city[0]!);
    const cell = await drillTo(page, /^Chi bộ/);
    expect(cell).not.toBe(ward);
    const cellTotals = await totalRow(page);
    expect(cellTotals[0]).toBeGreaterThan(0);

    // The cell's member list as .xlsx, opened by LibreOffice.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Xuất danh sách đảng viên' }).click(),
    ]);
    const xlsx = path.join(tmp, 'danh-sach.xlsx');
    await download.saveAs(xlsx);
    expect(fs.statSync(xlsx).size).toBeGreaterThan(1000);
    const profile = `file://${path.join(tmp, 'lo-profile')}`;
    await run(
      '/usr/bin/soffice',
      [
        `-env:UserInstallation=${profile}`,
        '--headless',
        '--convert-to',
        'csv:Text - txt - csv (StarCalc):44,34,76',
        '--outdir',
        tmp,
        xlsx,
      ],
      { timeout: 120_000 },
    );
    const lines = fs
      .readFileSync(path.join(tmp, 'danh-sach.csv'), 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.length > 0);
    const rows = lines.map(parseCsvLine);
    expect(rows[0]![0]).toContain('DANH SÁCH ĐẢNG VIÊN');
    expect(rows[0]![0]).toContain(cell);
    const header = rows.find((r) => r[0] === 'STT')!;
    expect(header.slice(0, 4)).toEqual(['STT', 'Họ và tên', 'Chi bộ', 'Tình trạng']);
    const total = rows[rows.length - 1]!;
    expect(total[1]).toBe('Tổng (không kể miễn sinh hoạt)');
    // Page columns: members, exempted, accounts, activated, active30, installed, standardized.
    const [members, exempted, accounts, activated, active30, installed, standardized] = cellTotals as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    expect(Number(total[0])).toBe(members);
    expect(total.slice(4, 9).map(Number)).toEqual([accounts, activated, active30, installed, standardized]);
    const people = rows.slice(rows.indexOf(header) + 1, -1);
    expect(people).toHaveLength(members + exempted);
    expect(people.filter((r) => r[3] === 'Miễn sinh hoạt')).toHaveLength(exempted);
    // Each member's flags are numbers that add up to the total row.
    expect(people.filter((r) => r[3] !== 'Miễn sinh hoạt').reduce((s, r) => s + Number(r[7]), 0)).toBe(installed);

    // The monthly report of the cell combines adoption, meetings and reading, and passes axe.
    await page.getByRole('link', { name: 'Báo cáo tháng' }).click();
    await visible(page.getByRole('heading', { level: 1, name: /^Báo cáo tháng \d{2}\/\d{4}$/ }));
    await visible(page.getByRole('heading', { name: 'Sinh hoạt chi bộ trong tháng' }));
    await visible(page.getByRole('heading', { name: 'Đọc tài liệu trong tháng' }));
    await checkAxe(page, 'stats-report');
  }, 240_000);
});
