/**
 * Journey: a member's privacy on a phone. The member signs in with their CCCD (stored encrypted,
 * found through its keyed hash), sees on their record page that the cell secretary opened the
 * record ("Ai đã xem hồ sơ của tôi"), and downloads their own data as a PDF. axe runs on the page.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { DEMO_PASSWORD } from './support/server.ts';
import { newContext, screenshotOnFailure, signIn, visible } from './support/browser.ts';
import { checkAxe } from './support/axe.ts';
import { journeySetup } from './support/journey.ts';

const env = journeySetup();

async function apiAs(login: string) {
  const res = await fetch(`${env.server.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'sotay' },
    body: JSON.stringify({ login, password: DEMO_PASSWORD }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return async <T>(path: string): Promise<T> => {
    const r = await fetch(`${env.server.url}${path}`, { headers: { cookie, 'x-requested-with': 'sotay' } });
    expect(r.status, path).toBe(200);
    return (await r.json()) as T;
  };
}

describe('privacy of the member record', () => {
  it('signs in by CCCD, shows who viewed the record, and downloads the own-data PDF', async (ctx) => {
    const member = await apiAs('dangvien');
    const { member: record } = await member<{ member: { id: string; cccd: string } }>('/api/me/member');
    expect(record.cccd).toMatch(/^\d{12}$/);
    const secretary = await apiAs('chibo.bithu');
    const { displayName } = await secretary<{ displayName: string }>('/api/auth/me');
    await secretary(`/api/members/${record.id}`);

    const context = await newContext(env.browser, 'phone', env.server.url, ctx);
    const page = await context.newPage();
    screenshotOnFailure(ctx, page);
    await signIn(page, record.cccd, DEMO_PASSWORD);
    await page.goto('/ho-so-cua-toi');
    await visible(page.getByRole('heading', { name: 'Ai đã xem hồ sơ của tôi' }));
    await visible(page.getByText(displayName, { exact: true }));
    await visible(page.getByText(/Xem hồ sơ/));
    await checkAxe(page, 'privacy-my-record');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải bản PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^du-lieu-ca-nhan-\d{4}-\d{2}-\d{2}\.pdf$/);
    const file = await download.path();
    expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await context.close();
  });
});
