/**
 * Journey: a cell secretary issues an activation code; the member, on another phone, activates
 * with it, lands signed in, signs out and signs in again with their phone number (or CCCD).
 */
import { describe, expect, it } from 'vitest';
import { generateOrganization, type SeedMember } from '../src/server/seed/generate.ts';
import { DEMO_PASSWORD } from './support/server.ts';
import { newContext, openFromMenu, signIn, signOut, visible } from './support/browser.ts';
import { journeySetup } from './support/journey.ts';

const CELL_CODE = 'TP.P01.CB01'; // chibo.bithu's cell in the demo organization
const NEW_PASSWORD = 'Hoa-Sen 2026!';

const env = journeySetup();

/**
 * The member list shows only masked phone and CCCD; the demo generator is deterministic, so the
 * member's real login comes from it (matched by name within the cell): the phone, else the CCCD.
 */
const cellMembers: SeedMember[] = generateOrganization({ scale: 'demo' }).members.filter((m) => m.cellCode === CELL_CODE);

function loginOf(name: string): string {
  const matches = cellMembers.filter((m) => m.fullName === name);
  expect(matches, `exactly one "${name}" in ${CELL_CODE}`).toHaveLength(1);
  const m = matches[0]!;
  return m.phone ?? m.cccd;
}

describe('Kích hoạt tài khoản đảng viên', () => {
  it('secretary issues a code; the member activates on another phone and signs in again', async (ctx) => {
    // Two phones; each context screenshots its pages on failure and closes when the test ends.
    const secretary = await newContext(env.browser, 'phone', env.server.url, ctx);
    const memberPhone = await newContext(env.browser, 'phone', env.server.url, ctx);
    const page = await secretary.newPage();
    const phone = await memberPhone.newPage();

    // The secretary signs in and opens "Đảng viên" (their only unit opens directly).
    await page.goto('/dang-nhap');
    await signIn(page, 'chibo.bithu', DEMO_PASSWORD);
    await openFromMenu(page, 'Đảng viên');
    await visible(page.getByRole('heading', { level: 1, name: 'Đảng viên' }));

    // The first member without an account whose name is unique in the cell.
    const rows = page.getByRole('listitem').filter({ hasText: 'Chưa có tài khoản' });
    await visible(rows);
    let name = '';
    for (const text of await rows.getByRole('heading').allInnerTexts()) {
      const n = text.trim();
      if (cellMembers.filter((m) => m.fullName === n).length === 1) {
        name = n;
        break;
      }
    }
    expect(name, 'a member without an account').not.toBe('');
    const login = loginOf(name);

    const row = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) });
    await row.getByRole('button', { name: 'Cấp mã kích hoạt', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Mã kích hoạt cho ${name}` });
    await visible(dialog);
    const code = (await dialog.getByTestId('activation-code').innerText()).trim();
    expect(code).toMatch(/^[A-Z0-9-]{6,}$/);
    await dialog.getByRole('button', { name: 'Đóng', exact: true }).first().click();
    await dialog.waitFor({ state: 'hidden' });
    await visible(row.getByText('Chờ kích hoạt'));

    // Another phone: the QR link, a new password, signed in at once.
    await phone.goto(`/kich-hoat?code=${encodeURIComponent(code)}`);
    await visible(phone.getByRole('status').filter({ hasText: `Xin chào ${name}` }));
    await phone.getByLabel('Mật khẩu mới').fill(NEW_PASSWORD);
    await phone.getByLabel('Nhập lại mật khẩu').fill(NEW_PASSWORD);
    await phone.getByRole('button', { name: 'Kích hoạt', exact: true }).click();
    await visible(phone.getByRole('heading', { level: 1, name: `Xin chào, ${name}` }));
    expect(new URL(phone.url()).pathname).toBe('/');

    // Sign out, then back in with the phone number (or CCCD) and the new password.
    await signOut(phone);
    await signIn(phone, login, NEW_PASSWORD);
    await visible(phone.getByRole('heading', { level: 1, name: `Xin chào, ${name}` }));

    // The code was single-use: the secretary's list now shows the account as active.
    await page.reload();
    await visible(
      page
        .getByRole('listitem')
        .filter({ has: page.getByRole('heading', { name, exact: true }) })
        .getByText('Đã kích hoạt'),
    );
  });
});
