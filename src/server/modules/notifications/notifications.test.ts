import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { ENGINES } from '../../testing/databases.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { call, makeMember, makeUnit, makeUser, sessionCookie } from '../../testing/factories.ts';
import { appInstalls, jobs, notifications, pushSubscriptions } from '../../db/schema.ts';
import { rowsOf } from '../../db/client.ts';
import { runDueJobs } from '../../jobs/worker.ts';
import { enqueue } from '../../jobs/queue.ts';
import { notify } from './notify.ts';
import { decryptAes128gcm, startPushEndpoint, userAgentKeys, verifyVapid, type PushEndpoint } from './webpush.testkit.ts';

describe.each(ENGINES)('notifications, push and jobs on %s', (engine) => {
  let t: TestApp;
  let endpoint: PushEndpoint;
  let ward: Awaited<ReturnType<typeof makeUnit>>;
  let cellA: Awaited<ReturnType<typeof makeUnit>>;
  let memberA: { id: string; cookie: string };
  let memberA2: { id: string; cookie: string };
  let outsider: { id: string; cookie: string };
  const jobCtx = () => ({ db: t.database.db, config: t.config, clock: t.clock });

  async function memberIn(cell: typeof cellA) {
    const { member } = await makeMember(t.database.db, { cell });
    const user = await makeUser(t.database.db, { memberId: member.id });
    return { id: user.id, cookie: await sessionCookie(t.database.db, t.config, user.id, t.clock.now()) };
  }

  beforeAll(async () => {
    t = await createTestApp(engine, new Date('2026-03-02T08:00:00Z'));
    endpoint = await startPushEndpoint();
    ward = await makeUnit(t.database.db, { type: 'grassroots' });
    cellA = await makeUnit(t.database.db, { parent: ward, type: 'cell' });
    const cellB = await makeUnit(t.database.db, { parent: ward, type: 'cell' });
    memberA = await memberIn(cellA);
    memberA2 = await memberIn(cellA);
    outsider = await memberIn(await makeUnit(t.database.db, { type: 'cell' }));
    await memberIn(cellB);
  });
  afterAll(async () => {
    await endpoint?.close();
    await t?.close();
  });

  it('notify() by unit reaches the subtree members only, respects preferences, and the centre lists and marks read', async () => {
    const off = await call(t.app, memberA2.cookie, {
      method: 'PUT',
      url: '/api/notifications/preferences',
      payload: { kind: 'new_document', enabled: false },
    });
    expect(off.statusCode).toBe(200);
    expect((off.json() as { items: Array<{ kind: string; enabled: boolean }> }).items).toContainEqual({
      kind: 'new_document',
      group: 'member',
      enabled: false,
    });

    const result = await t.database.db.transaction((tx) =>
      notify(tx, {
        unitPath: ward.path,
        kind: 'new_document',
        title: 'Nghị quyết 57-NQ/TW',
        body: 'Tài liệu mới',
        link: '/thu-vien/abc',
        at: t.clock.now(),
      }),
    );
    // cellA member + cellB member; memberA2 turned the kind off; the outsider is in another tree.
    expect(result.recipients).toBe(2);
    const outsiderRows = await t.database.db.select().from(notifications).where(eq(notifications.userId, outsider.id));
    expect(outsiderRows).toHaveLength(0);

    const list = await call(t.app, memberA.cookie, { method: 'GET', url: '/api/notifications' });
    const body = list.json() as { items: Array<{ id: string; title: string; link: string }>; unread: number };
    expect(body.unread).toBe(1);
    expect(body.items[0]).toMatchObject({ title: 'Nghị quyết 57-NQ/TW', link: '/thu-vien/abc' });

    // Another member cannot mark it read: the id is not theirs (404).
    expect(
      (await call(t.app, outsider.cookie, { method: 'POST', url: `/api/notifications/${body.items[0]!.id}/read` })).statusCode,
    ).toBe(404);
    const read = await call(t.app, memberA.cookie, { method: 'POST', url: `/api/notifications/${body.items[0]!.id}/read` });
    expect(read.json()).toEqual({ unread: 0 });
  });

  it('rejects outside links in notifications', async () => {
    await t.database.db.transaction((tx) =>
      notify(tx, {
        userIds: [memberA.id],
        kind: 'meeting_invitation',
        title: 'Mời họp',
        link: 'https://evil.example/x',
        at: t.clock.now(),
      }),
    );
    const [row] = await t.database.db.select().from(notifications).where(eq(notifications.kind, 'meeting_invitation'));
    expect(row!.link).toBeNull();
  });

  it('delivers a push encrypted per RFC 8291 with a valid VAPID signature to the subscribed device', async () => {
    const ua = userAgentKeys();
    const key = (await call(t.app, memberA.cookie, { method: 'GET', url: '/api/push/public-key' })).json() as {
      publicKey: string;
    };
    expect(key.publicKey).toMatch(/^[A-Za-z0-9_-]{80,}$/);
    // The key pair is generated once and kept.
    expect(
      ((await call(t.app, memberA2.cookie, { method: 'GET', url: '/api/push/public-key' })).json() as { publicKey: string })
        .publicKey,
    ).toBe(key.publicKey);

    const sub = await call(t.app, memberA.cookie, {
      method: 'POST',
      url: '/api/push/subscriptions',
      payload: { endpoint: endpoint.url, keys: { p256dh: ua.p256dh, auth: ua.auth } },
    });
    expect(sub.statusCode).toBe(200);

    const res = await t.database.db.transaction((tx) =>
      notify(tx, {
        userIds: [memberA.id],
        kind: 'question_reply',
        title: 'Câu hỏi đã được trả lời',
        body: 'Về đảng phí',
        link: '/hoi-dap/1',
        at: t.clock.now(),
      }),
    );
    expect(res.pushes).toBe(1);
    expect(await runDueJobs(jobCtx())).toBe(1);

    const push = await endpoint.next();
    expect(push.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(push.headers.ttl)).toBeGreaterThan(0);
    verifyVapid(push.headers.authorization, endpoint.url, key.publicKey);
    const payload = JSON.parse(decryptAes128gcm(push.body, ua)) as Record<string, unknown>;
    expect(payload).toMatchObject({
      kind: 'question_reply',
      title: 'Câu hỏi đã được trả lời',
      body: 'Về đảng phí',
      link: '/hoi-dap/1',
    });
    const [done] = await t.database.db.select().from(jobs).where(eq(jobs.kind, 'push.send'));
    expect(done!.status).toBe('done');
  });

  it('retries a failed push with backoff, then deletes a subscription the push service says is gone', async () => {
    endpoint.status = 500;
    await t.database.db.transaction((tx) =>
      notify(tx, { userIds: [memberA.id], kind: 'meeting_reminder', title: 'Ngày mai họp chi bộ', at: t.clock.now() }),
    );
    await runDueJobs(jobCtx());
    const [job] = rowsOf<{ status: string; attempts: number; run_at: string; last_error: string }>(
      await t.database.db.execute(
        sql`SELECT status, attempts, run_at, last_error FROM jobs WHERE status <> 'done' ORDER BY id DESC LIMIT 1`,
      ),
    );
    expect(job).toMatchObject({ status: 'queued', attempts: 1 });
    expect(new Date(job!.run_at).getTime()).toBe(t.clock.now().getTime() + 30_000);
    expect(job!.last_error).toContain('500');
    // Not due yet: nothing runs.
    expect(await runDueJobs(jobCtx())).toBe(0);

    endpoint.status = 410;
    t.clock.advance(31_000);
    expect(await runDueJobs(jobCtx())).toBe(1);
    expect(await t.database.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, memberA.id))).toHaveLength(0);
    endpoint.status = 201;
  });

  it('keeps jobs across a worker crash: an expired lease is claimed again; future jobs wait for run_at', async () => {
    const db = t.database.db;
    const ran: string[] = [];
    const handlers = {
      'test.echo': async (_c: unknown, job: { payload: Record<string, unknown> }) => void ran.push(String(job.payload.v)),
    };
    await enqueue(
      db,
      'test.echo',
      { v: 'later' },
      { runAt: new Date(t.clock.now().getTime() + 24 * 3600_000), dedupeKey: 'reminder:1' },
    );
    await enqueue(
      db,
      'test.echo',
      { v: 'later-dup' },
      { runAt: new Date(t.clock.now().getTime() + 24 * 3600_000), dedupeKey: 'reminder:1' },
    );
    await enqueue(db, 'test.echo', { v: 'crashed' }, { runAt: t.clock.now() });
    // A worker claims the job and dies (simulated: claim without running).
    await db.execute(
      sql`UPDATE jobs SET status = 'running', attempts = 1, locked_until = ${new Date(t.clock.now().getTime() + 60_000).toISOString()}::timestamptz WHERE payload->>'v' = 'crashed'`,
    );
    expect(await runDueJobs(jobCtx(), { handlers })).toBe(0);
    t.clock.advance(61_000);
    expect(await runDueJobs(jobCtx(), { handlers })).toBe(1);
    expect(ran).toEqual(['crashed']);
    t.clock.advance(24 * 3600_000);
    await runDueJobs(jobCtx(), { handlers });
    expect(ran).toEqual(['crashed', 'later']);
    await enqueue(db, 'no.such.kind', {}, { runAt: t.clock.now() });
    await runDueJobs(jobCtx(), { handlers });
    const [failed] = await db.select().from(jobs).where(eq(jobs.kind, 'no.such.kind'));
    expect(failed!.status).toBe('failed');
  });

  it('records an install once per user and device', async () => {
    const body = { deviceId: '3b241101-e2bb-4255-8caf-4136c566a962', platform: 'android', source: 'appinstalled' };
    const first = await call(t.app, memberA.cookie, { method: 'POST', url: '/api/installs', payload: body });
    expect(first.json()).toMatchObject({ first: true });
    const again = await call(t.app, memberA.cookie, {
      method: 'POST',
      url: '/api/installs',
      payload: { ...body, source: 'standalone' },
    });
    expect(again.json()).toMatchObject({ first: false });
    expect(await t.database.db.select().from(appInstalls).where(eq(appInstalls.userId, memberA.id))).toHaveLength(1);
    expect((await call(t.app, undefined, { method: 'POST', url: '/api/installs', payload: body })).statusCode).toBe(401);
  });
  it('asks each user only about the kinds their roles receive: a secretary’s deadline reminders are not a member’s', async () => {
    const kinds = async (cookie: string) =>
      (
        (await call(t.app, cookie, { method: 'GET', url: '/api/notifications/preferences' })).json() as {
          items: Array<{ kind: string; group: string }>;
        }
      ).items;
    const member = await kinds(memberA.cookie);
    expect(member.map((k) => k.kind)).toEqual([
      'new_document',
      'meeting_invitation',
      'meeting_reminder',
      'question_reply',
      'committee_notice',
    ]);
    expect(member.every((k) => k.group === 'member')).toBe(true);
    const refused = await call(t.app, memberA.cookie, {
      method: 'PUT',
      url: '/api/notifications/preferences',
      payload: { kind: 'secretary_materials_late', enabled: false },
    });
    expect(refused.statusCode).toBe(400);
    expect((refused.json() as { title: string }).title).toBe('Tài khoản của bạn không nhận loại thông báo này.');

    const secretary = await makeUser(t.database.db, { roles: [{ role: 'cell_secretary', unit: cellA }] });
    const cookie = await sessionCookie(t.database.db, t.config, secretary.id, t.clock.now());
    const theirs = await kinds(cookie);
    expect(theirs.filter((k) => k.group === 'secretary').map((k) => k.kind)).toEqual([
      'secretary_registration_deadline',
      'secretary_materials_late',
      'secretary_final_docs_late',
    ]);
    expect(
      (
        await call(t.app, cookie, {
          method: 'PUT',
          url: '/api/notifications/preferences',
          payload: { kind: 'secretary_materials_late', enabled: false },
        })
      ).statusCode,
    ).toBe(200);
  });
});
