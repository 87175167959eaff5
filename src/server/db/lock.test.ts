import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireFolderLock, FolderLockedError, folderLockHolder, lockPath } from './lock.ts';
import { openDatabase } from './client.ts';

describe('data folder lock', () => {
  const dirs: string[] = [];
  const temp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sotay-lock-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('refuses a second opener while a live process holds the folder', async () => {
    const dir = temp();
    // Another live process holds it (a sleeping child stands in for a running server).
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    fs.writeFileSync(lockPath(dir), String(child.pid));
    try {
      const err = await openDatabase({ dataDir: dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FolderLockedError);
      expect((err as Error).message).toContain(String(child.pid));
      expect((err as Error).message).toMatch(/đang được tiến trình/);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('makes the seed command refuse with a clear message while the folder is held', async () => {
    const dir = temp();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    fs.writeFileSync(lockPath(dir), String(holder.pid));
    try {
      const tsx = path.resolve('node_modules/.bin/tsx');
      const seed = spawn(tsx, ['scripts/seed.ts'], { env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '' } });
      let out = '';
      seed.stdout.on('data', (d: Buffer) => (out += d));
      seed.stderr.on('data', (d: Buffer) => (out += d));
      const code = await new Promise<number | null>((r) => seed.once('exit', r));
      expect(code).toBe(1);
      expect(out).toContain(`đang được tiến trình ${holder.pid} sử dụng`);
      expect(fs.readdirSync(dir)).toEqual(['.lock']);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('takes over a stale lock left by a killed process', async () => {
    const dir = temp();
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => child.once('exit', r));
    fs.writeFileSync(lockPath(dir), String(child.pid));
    const lock = acquireFolderLock(dir);
    expect(folderLockHolder(dir)).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(lockPath(dir))).toBe(false);
  });

  it('holds the lock while the database is open and frees it on close', async () => {
    const dir = temp();
    const database = await openDatabase({ dataDir: dir });
    expect(folderLockHolder(dir)).toBe(process.pid);
    expect(() => acquireFolderLock(dir)).toThrow(FolderLockedError);
    await database.close();
    expect(folderLockHolder(dir)).toBeUndefined();
  });
});
