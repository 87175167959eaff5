import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call } from '../../testing/factories.ts';
import { makeMeetingWorld, registerBody, registerMeeting } from '../../testing/meetings.factories.ts';
import { makeDocx, makePdf, multipart } from '../../testing/documents.factories.ts';

type World = Awaited<ReturnType<typeof makeMeetingWorld>>;

describe.each(ENGINES)('meeting materials in the reading view on %s', (engine) => {
  let t: TestApp;
  let w: World;
  let meetingId: string;
  const ids: Record<string, string> = {};
  const reading = (cookie: string, id: string) => call(t.app, cookie, { method: 'GET', url: `/api/meeting-files/${id}/reading` });

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2026-02-20T03:00:00Z'));
    w = await makeMeetingWorld(t.database.db, t.config, t.clock.now());
    meetingId = await registerMeeting(t.app, w.secretary.cookie, registerBody(w.cellA.id, '2026-03-10T12:30:00Z'));
    const files: Array<[string, Buffer]> = [
      ['du-thao-nghi-quyet.pdf', await makePdf(['DỰ THẢO NGHỊ QUYẾT', 'Chi bộ thống nhất học tập nghị quyết trong tháng ba.'])],
      ['bao-cao.docx', await makeDocx(['Báo cáo kết quả tháng hai', 'Chi bộ hoàn thành các chỉ tiêu đề ra.'])],
      ['ban-chup.pdf', await makePdf([], { image: true })],
    ];
    for (const [name, bytes] of files) {
      const res = await call(t.app, w.secretary.cookie, {
        method: 'POST',
        url: `/api/meetings/${meetingId}/materials`,
        ...(await multipart(name, bytes)),
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const detail = (await call(t.app, w.secretary.cookie, { method: 'GET', url: `/api/meetings/${meetingId}` })).json() as {
      files: Array<{ id: string; name: string }>;
    };
    for (const f of detail.files) ids[f.name] = f.id;
  });
  afterAll(async () => t?.close());

  it('is for members once the materials are posted, reflowed like library documents', async () => {
    expect((await reading(w.m1.cookie, ids['du-thao-nghi-quyet.pdf']!)).statusCode).toBe(409);
    const agenda = { items: [{ title: 'Học tập nghị quyết' }] };
    expect(
      (await call(t.app, w.secretary.cookie, { method: 'PUT', url: `/api/meetings/${meetingId}/agenda`, payload: agenda }))
        .statusCode,
    ).toBe(200);
    expect(
      (await call(t.app, w.secretary.cookie, { method: 'POST', url: `/api/meetings/${meetingId}/publish` })).statusCode,
    ).toBe(200);
    const pdf = await reading(w.m1.cookie, ids['du-thao-nghi-quyet.pdf']!);
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.json()).toMatchObject({ status: 'text', name: 'du-thao-nghi-quyet.pdf', mime: 'application/pdf' });
    expect((pdf.json() as { html: string }).html).toContain('<h2>DỰ THẢO NGHỊ QUYẾT</h2>');
    const docx = (await reading(w.m1.cookie, ids['bao-cao.docx']!)).json() as { status: string; html: string };
    expect(docx.html).toContain('<p>Chi bộ hoàn thành các chỉ tiêu đề ra.</p>');
    expect((await reading(w.m1.cookie, ids['ban-chup.pdf']!)).json()).toMatchObject({ status: 'scan', html: '' });
  });

  it('is not for members of another cell', async () => {
    expect((await reading(w.secretaryB.cookie, ids['bao-cao.docx']!)).statusCode).toBe(404);
  });
});
