/**
 * Database outage: the connection is cut (a proxy between the app and the server — TCP to the
 * PostgreSQL server, TCP to the embedded server's Unix socket — is closed). Requests must fail with
 * 503 and a clear Vietnamese message, the process must stay up, and service must come back by itself
 * when the database is reachable again. (How fast the 503 comes is not timed here: with the proxy
 * gone the connection is refused at once, and the pool's connect timeout bounds the rest.)
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { testConfig } from '../config.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { ENGINES, createTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { makeUser, sessionCookie } from '../testing/factories.ts';

class Proxy {
  private server: net.Server | null = null;
  private sockets = new Set<net.Socket>();
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number } | { path: string },
  ) {}

  async start() {
    this.server = net.createServer((client) => {
      const upstream = 'path' in this.target ? net.connect(this.target.path) : net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', r));
  }

  async stop() {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server = null;
  }
}

async function freePort(): Promise<number> {
  return new Promise((r) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => r(p));
    });
  });
}

describe.each(ENGINES)('database outage on %s', (engine) => {
  let testDb: TestDatabase;
  let proxy: Proxy;
  let database: Database;
  let app: FastifyInstance;
  let cookie: string;

  beforeAll(async () => {
    testDb = await createTestDatabase(engine);
    const direct = new URL(testDb.url);
    const socketFolder = direct.searchParams.get('host');
    proxy = new Proxy(
      await freePort(),
      socketFolder
        ? { path: `${socketFolder}/.s.PGSQL.${direct.port || 5432}` }
        : { host: direct.hostname, port: Number(direct.port || 5432) },
    );
    await proxy.start();
    const viaProxy = new URL(testDb.url);
    viaProxy.searchParams.delete('host');
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    database = await openDatabase({ databaseUrl: viaProxy.toString(), poolSize: 4 });
    app = await buildApp({ database, config: testConfig() });
    await app.ready();
    const user = await makeUser(testDb.db);
    cookie = await sessionCookie(testDb.db, testConfig(), user.id);
  });
  afterAll(async () => {
    await app.close();
    await database.close().catch(() => undefined);
    await proxy.stop();
    await testDb.close();
  });

  it('answers 503 while the database is gone and recovers by itself', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    await proxy.stop();
    for (let i = 0; i < 5; i++) {
      const res = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBeDefined();
      expect(res.json()).toMatchObject({ code: 'unavailable' });
      expect((res.json() as { title: string }).title).toMatch(/gián đoạn/);
      expect(res.body).not.toMatch(/ECONN|pg|postgres|select/i);
    }
    const health = await app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ database: 'unreachable' });

    await proxy.start();
    let recovered = false;
    for (let i = 0; i < 40 && !recovered; i++) {
      recovered = (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode === 200;
      if (!recovered) await new Promise((r) => setTimeout(r, 250));
    }
    expect(recovered).toBe(true);
  });
});
