/**
 * Removes files the store holds but no row points at. A server killed between writing an upload's
 * bytes and committing its row (or in the middle of writing them: a `.part` file) leaves such files;
 * nothing else would ever delete them. Only files older than an hour are looked at, so an upload in
 * progress (bytes written, row not yet committed) is never touched.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { storedFiles } from '../db/schema.ts';
import type { JobHandler } from '../jobs/handlers.ts';

export const FILES_SWEEP = 'files.sweep';
export const FILES_SWEEP_EVERY_MS = 6 * 60 * 60_000;
const GRACE_MS = 60 * 60_000;
const BATCH = 1000;

export interface SweepResult {
  removed: string[];
  kept: number;
}

/** Files under `root` laid out as the local store writes them: `<prefix>/<uuid>` (and `.part` while written). */
async function listStored(root: string): Promise<Array<{ key: string; file: string; mtimeMs: number }>> {
  const out: Array<{ key: string; file: string; mtimeMs: number }> = [];
  const prefixes = await fsp.readdir(root, { withFileTypes: true }).catch(() => []);
  for (const dir of prefixes) {
    if (!dir.isDirectory()) continue;
    for (const name of await fsp.readdir(path.join(root, dir.name))) {
      const file = path.join(root, dir.name, name);
      const st = await fsp.stat(file).catch(() => null);
      if (st?.isFile()) out.push({ key: `${dir.name}/${name}`, file, mtimeMs: st.mtimeMs });
    }
  }
  return out;
}

export async function sweepOrphanFiles(db: Db, root: string, now: Date): Promise<SweepResult> {
  const old = (await listStored(root)).filter((f) => f.mtimeMs < now.getTime() - GRACE_MS);
  const removed: string[] = [];
  const remove = async (f: { key: string; file: string }) => {
    await fsp.rm(f.file, { force: true });
    removed.push(f.key);
  };
  for (const f of old.filter((x) => x.key.endsWith('.part'))) await remove(f);
  const whole = old.filter((x) => !x.key.endsWith('.part'));
  for (let i = 0; i < whole.length; i += BATCH) {
    const batch = whole.slice(i, i + BATCH);
    const rows = await db
      .select({ key: storedFiles.storageKey })
      .from(storedFiles)
      .where(
        inArray(
          storedFiles.storageKey,
          batch.map((f) => f.key),
        ),
      );
    const known = new Set(rows.map((r) => r.key));
    for (const f of batch) if (!known.has(f.key)) await remove(f);
  }
  return { removed, kept: whole.length - removed.filter((k) => !k.endsWith('.part')).length };
}

export const sweepFilesJob: JobHandler = async (ctx) => {
  await sweepOrphanFiles(ctx.db, ctx.config.filesDir, ctx.clock.now());
};
