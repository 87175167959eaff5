import { describe, expect, it } from 'vitest';
import { testConfig } from './config.ts';
import { derivedKey } from './secrets.ts';
import { qrCode, qrKey, verifyQrCode, windowOf } from './modules/meetings/qr.ts';

describe('keys derived from APP_SECRET', () => {
  const secret = 'mot-bi-mat-du-dai-cho-moi-may-chu-0123456789';

  it('gives every app server the same check-in key, whatever its data folder', () => {
    const a = testConfig({ NODE_ENV: 'production', APP_SECRET: secret, DATA_DIR: '/tmp/sotay-a' });
    const b = testConfig({ NODE_ENV: 'production', APP_SECRET: secret, DATA_DIR: '/tmp/sotay-b' });
    const now = new Date('2026-03-01T12:00:00Z');
    const code = qrCode(qrKey(a), 'meeting-1', windowOf(now));
    expect(verifyQrCode(qrKey(b), 'meeting-1', code, now)).toBe(true);
  });

  it('keeps purposes apart and depends on the secret', () => {
    const c = testConfig({ APP_SECRET: secret });
    expect(derivedKey(c, 'meetings.qr')!.equals(derivedKey(c, 'members.ecard')!)).toBe(false);
    expect(derivedKey(testConfig({ APP_SECRET: secret + 'x' }), 'meetings.qr')!.equals(derivedKey(c, 'meetings.qr')!)).toBe(
      false,
    );
    expect(derivedKey(testConfig(), 'meetings.qr')).toBeNull();
  });

  it('refuses a short secret at boot', () => {
    expect(() => testConfig({ APP_SECRET: 'ngan' })).toThrow(/APP_SECRET/);
  });
});
