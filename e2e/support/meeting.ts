/**
 * The demo member's next cell meeting, prepared through the API by the cell secretary: registered
 * for tomorrow, with an agenda, a draft resolution and one attached file, materials posted and
 * invitations sent. Used by the member-app journey (reading it offline) and by Lighthouse.
 */
import sharp from 'sharp';
import { DEMO_PASSWORD, type TestServer } from './server.ts';

export interface NextMeeting {
  id: string;
  topic: string;
  agendaTitle: string;
  materialName: string;
}

async function call<T>(server: TestServer, cookie: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { cookie, 'x-requested-with': 'sotay', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

export async function prepareNextMeeting(server: TestServer, secretary = 'chibo.bithu'): Promise<NextMeeting> {
  const signIn = await fetch(`${server.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'sotay' },
    body: JSON.stringify({ login: secretary, password: DEMO_PASSWORD }),
  });
  if (!signIn.ok) throw new Error(`sign-in as ${secretary}: HTTP ${signIn.status}`);
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  const me = await call<{ roles: Array<{ role: string; unitId: string }> }>(server, cookie, 'GET', '/api/auth/me');
  const cellId = me.roles.find((r) => r.role === 'cell_secretary')?.unitId;
  if (!cellId) throw new Error(`${secretary} is not a cell secretary`);

  const topic = 'Học tập nghị quyết và đóng đảng phí';
  const agendaTitle = 'Phổ biến nghị quyết mới';
  const startsAt = new Date(Date.now() + 24 * 3600_000);
  const meeting = await call<{ meeting: { id: string } }>(server, cookie, 'POST', '/api/meetings', {
    cellId,
    kind: 'regular',
    topic,
    startsAt: startsAt.toISOString(),
    plannedEndAt: new Date(startsAt.getTime() + 2 * 3600_000).toISOString(),
    place: 'Nhà văn hóa khu phố 1',
  });
  const id = meeting.meeting.id;
  await call(server, cookie, 'PUT', `/api/meetings/${id}/agenda`, {
    items: [{ title: agendaTitle, description: 'Đồng chí bí thư trình bày.' }, { title: 'Đóng đảng phí' }],
  });
  await call(server, cookie, 'PUT', `/api/meetings/${id}/draft`, {
    draftResolution: 'Chi bộ thống nhất học tập nghị quyết trong tháng.',
  });

  const materialName = 'so-do-chuong-trinh.png';
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 166, g: 30, b: 30 } } })
    .png()
    .toBuffer();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), materialName);
  const upload = await fetch(`${server.url}/api/meetings/${id}/materials`, {
    method: 'POST',
    headers: { cookie, 'x-requested-with': 'sotay' },
    body: form,
  });
  if (upload.status !== 201) throw new Error(`material upload: HTTP ${upload.status} ${await upload.text()}`);

  await call(server, cookie, 'POST', `/api/meetings/${id}/publish`);
  await call(server, cookie, 'POST', `/api/meetings/${id}/invite`);
  return { id, topic, agendaTitle, materialName };
}
