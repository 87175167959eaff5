import { describe, expect, it } from 'vitest';
import { isCachedApi, isFileDownload } from './cache-rules.ts';

const ID = '0b7e2a52-6f1e-4f61-9d0c-3c1f7f0e9a11';

describe('what the service worker keeps for offline use', () => {
  it('keeps who is signed in and the member’s own reading', () => {
    for (const p of [
      '/api/auth/session',
      '/api/auth/me',
      '/api/home',
      '/api/meetings/mine',
      `/api/meetings/${ID}`,
      '/api/library/search',
      `/api/documents/${ID}`,
    ])
      expect(isCachedApi(p), p).toBe(true);
  });

  it('never keeps staff lists of other people’s data, nor anything that only looks like a kept path', () => {
    for (const p of [
      '/api/members',
      `/api/members/${ID}`,
      '/api/auth/sessions',
      '/api/auth/session/x',
      '/api/stats/adoption',
      `/api/meetings/${ID}/attendance`,
    ])
      expect(isCachedApi(p), p).toBe(false);
    expect(isFileDownload(`/api/library/files/${ID}`)).toBe(true);
    // The reading view of a saved document or a meeting's material is read offline too.
    expect(isFileDownload(`/api/library/files/${ID}/reading`)).toBe(true);
    expect(isFileDownload(`/api/meeting-files/${ID}/reading`)).toBe(true);
    expect(isFileDownload(`/api/meeting-files/${ID}/readingx`)).toBe(false);
    expect(isFileDownload('/api/library/files/abc')).toBe(false);
  });
});
