/**
 * Meeting materials in the member's reading view, like library documents: a PDF or Word file's
 * text reflowed for the phone (documents/reading-html.ts). Materials are few and read by one cell,
 * so the text is made on request and kept in memory for the next readers (and the phone keeps it).
 */
import { z } from 'zod';
import type { Storage } from '../../storage/storage.ts';
import { readingOfBytes } from '../documents/reading-html.ts';
import { readAll } from '../documents/reading-view.ts';

export const FileReading = z.object({
  fileId: z.uuid(),
  name: z.string(),
  mime: z.string(),
  status: z.enum(['text', 'scan', 'none']),
  html: z.string(),
});

/** Larger files are shown as pages only: reflowing one would hold the request too long. */
const MAX_BYTES = 20 * 1024 * 1024;
const CACHE_SIZE = 64;
const cache = new Map<string, { status: 'text' | 'scan' | 'none'; html: string }>();

export async function materialReading(storage: Storage, file: { storageKey: string; mime: string; size: number }) {
  const hit = cache.get(file.storageKey);
  if (hit) return hit;
  const view =
    file.size > MAX_BYTES
      ? { status: 'none' as const, html: '' }
      : await readingOfBytes(file.mime, await readAll(storage, file.storageKey));
  cache.set(file.storageKey, view);
  // Oldest first out: a Map iterates in insertion order.
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return view;
}
