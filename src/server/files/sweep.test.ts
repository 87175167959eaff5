import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { LocalStorage } from '../storage/storage.ts';
import { storedFiles } from '../db/schema.ts';
import { sweepOrphanFiles } from './sweep.ts';

const HOUR = 60 * 60_000;

describe.each(ENGINES)('sweeping files left by a crash, on %s', (engine) => {
  let database: TestDatabase;
  let root: string;
  let storage: LocalStorage;
  const now = new Date('2026-11-27T02:00:00Z');
  /** Dates a file as if written `ago` milliseconds before `now`. */
  const age = (key: string, ago: number) => {
    const t = new Date(now.getTime() - ago);
    fs.utimesSync(path.join(root, key), t, t);
  };

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sotay-sweep-'));
    storage = new LocalStorage(root);
  });
  afterAll(async () => {
    await database.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('removes old files no row points at and old partial writes, and keeps the rest', async () => {
    const kept = await storage.put(Buffer.from('%PDF-1.4 referenced'), { prefix: 'doc' });
    await database.db.insert(storedFiles).values({
      storageKey: kept.key,
      originalName: 'nq.pdf',
      mime: 'application/pdf',
      size: kept.size,
      sha256: kept.sha256,
      createdAt: now,
    });
    const orphan = await storage.put(Buffer.from('bytes whose row was never committed'), { prefix: 'doc' });
    const fresh = await storage.put(Buffer.from('an upload whose row is being written right now'), { prefix: 'photo' });
    const part = `${orphan.key.split('/')[0]}/00000000-0000-4000-8000-000000000000.part`;
    fs.writeFileSync(path.join(root, part), 'half of a file');
    for (const key of [kept.key, orphan.key, part]) age(key, 3 * HOUR);
    age(fresh.key, 10 * 60_000);

    const result = await sweepOrphanFiles(database.db, root, now);
    expect(result.removed.sort()).toEqual([orphan.key, part].sort());
    expect(fs.existsSync(path.join(root, kept.key))).toBe(true);
    expect(fs.existsSync(path.join(root, fresh.key))).toBe(true);
    expect(fs.existsSync(path.join(root, orphan.key))).toBe(false);
    expect(fs.existsSync(path.join(root, part))).toBe(false);
    // Running it again finds nothing more: the kept file is referenced, the fresh one still young.
    expect((await sweepOrphanFiles(database.db, root, now)).removed).toEqual([]);
  });
});
