/**
 * Journey: the city admin moves a cell from one ward to another through the "Tổ chức" pages and
 * finds the move in "Nhật ký". Once at phone size, once at desktop size, on one server (different cells).
 */
import { describe, expect, it, type TestContext } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from './support/server.ts';
import { newContext, openFromMenu, signIn, visible, type Viewport } from './support/browser.ts';
import { journeySetup } from './support/journey.ts';

const CITY = 'Đảng bộ thành phố Tân An';
const FROM_WARD = 'Đảng bộ phường 1';

const env = journeySetup();

/** A link in a unit list; its accessible name is the unit name followed by type and counts. */
function unitLink(scope: Page | Locator, name: string) {
  return scope.getByRole('link', { name: new RegExp(`^${escape(name)}(?!\\d)`) });
}

/** Regex-escapes a unit name. */
function escape(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function moveCell(ctx: TestContext, size: Viewport, toWard: string) {
  const context = await newContext(env.browser, size, env.server.url, ctx); // screenshots on failure, closes at the end
  const page = await context.newPage();
  await page.goto('/');
  await visible(page.getByRole('heading', { name: 'Đăng nhập', exact: true }));
  await signIn(page, 'tp.admin', DEMO_PASSWORD);

  // Tổ chức → the city → the first ward.
  await openFromMenu(page, 'Tổ chức');
  await visible(page.getByRole('heading', { level: 1, name: 'Tổ chức' }));
  await unitLink(page, CITY).click();
  await visible(page.getByRole('heading', { level: 1, name: CITY }));
  const cityChildren = page.getByRole('region', { name: 'Đơn vị trực thuộc' });
  await unitLink(cityChildren, FROM_WARD).click();
  await visible(page.getByRole('heading', { level: 1, name: FROM_WARD }));

  // Its last cell: "Chi bộ khu phố NN" with a number the target ward does not have.
  const wardChildren = page.getByRole('region', { name: 'Đơn vị trực thuộc' });
  const cellLinks = wardChildren.getByRole('link', { name: /^Chi bộ / });
  await visible(cellLinks);
  const cellsBefore = await cellLinks.count();
  const lastCell = cellLinks.last();
  const cellName = (await lastCell.locator('span').first().innerText()).trim();
  expect(cellName).toMatch(/^Chi bộ /);
  await lastCell.click();
  await visible(page.getByRole('heading', { level: 1, name: cellName }));

  // Chuyển đơn vị → pick the new ward, give a reason, confirm.
  await page.getByRole('button', { name: 'Chuyển đơn vị', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await visible(dialog);
  await dialog.getByLabel('Đơn vị cấp trên mới').fill(toWard.replace('Đảng bộ ', ''));
  await dialog.getByRole('button', { name: new RegExp(`^${escape(toWard)}(?!\\d)`) }).click();
  await visible(dialog.getByRole('status').filter({ hasText: `Đã chọn: ${toWard}` }));
  await dialog.getByLabel('Lý do').fill(`Kiểm thử e2e (${size}): chuyển sang ${toWard}`);
  await dialog.getByRole('button', { name: 'Xác nhận', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });

  // The breadcrumb now runs through the new ward; the new ward lists the cell.
  const crumbs = page.getByRole('navigation', { name: 'Đơn vị cấp trên' });
  await visible(crumbs.getByRole('link', { name: toWard, exact: true }));
  await expect.poll(() => crumbs.getByRole('link', { name: FROM_WARD, exact: true }).count()).toBe(0);
  await crumbs.getByRole('link', { name: toWard, exact: true }).click();
  await visible(page.getByRole('heading', { level: 1, name: toWard }));
  const toChildren = page.getByRole('region', { name: 'Đơn vị trực thuộc' });
  await visible(unitLink(toChildren, cellName));
  expect(await unitLink(toChildren, cellName).count()).toBe(1);

  // …and the old ward does not any more.
  await page.getByRole('navigation', { name: 'Đơn vị cấp trên' }).getByRole('link', { name: CITY, exact: true }).click();
  await visible(page.getByRole('heading', { level: 1, name: CITY }));
  await unitLink(page.getByRole('region', { name: 'Đơn vị trực thuộc' }), FROM_WARD).click();
  await visible(page.getByRole('heading', { level: 1, name: FROM_WARD }));
  const fromChildren = page.getByRole('region', { name: 'Đơn vị trực thuộc' }).getByRole('link', { name: /^Chi bộ / });
  await expect.poll(() => fromChildren.count()).toBe(cellsBefore - 1);
  expect(await unitLink(page.getByRole('region', { name: 'Đơn vị trực thuộc' }), cellName).count()).toBe(0);

  // Nhật ký shows the move with the cell's name.
  await openFromMenu(page, 'Nhật ký');
  await visible(page.getByRole('heading', { level: 1, name: 'Nhật ký' }));
  const row = page.getByRole('row').filter({ hasText: 'unit.move' }).filter({ hasText: cellName });
  await visible(row);
  expect(await row.count()).toBe(1);
  expect(await row.innerText()).toContain(`Kiểm thử e2e (${size})`);
}

describe('Tổ chức: chuyển chi bộ sang đảng bộ phường khác', () => {
  it('at phone size 360×740', async (ctx) => {
    await moveCell(ctx, 'phone', 'Đảng bộ phường 2');
  });

  it('at desktop size 1280×800', async (ctx) => {
    await moveCell(ctx, 'desktop', 'Đảng bộ phường 3');
  });
});
