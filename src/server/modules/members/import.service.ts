/** The import and export endpoints' services: scope, file handling, audit. */
import type { FastifyRequest } from 'fastify';
import { IMPORT_FIELDS, type ColumnTarget } from '../../../common/members/headers.ts';
import { maskCccd } from '../../../common/validation/cccd.ts';
import { maskPhone } from '../../../common/validation/phone.ts';
import { receiveFile } from '../../files/upload.ts';
import { badRequest } from '../../http/errors.ts';
import type { Storage } from '../../storage/storage.ts';
import type { Ctx } from '../../context.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';
import { loadForExport, membersToCsv, membersToXlsx } from './export.ts';
import { MAX_IMPORT_BYTES, readSheet } from './import/read-sheet.ts';
import { runImport } from './import/run-import.ts';
import { checkContext } from './standardization.service.ts';
import { vnDate } from '../../../common/time/vietnam.ts';
import { can, load } from '../../auth/policies.ts';

function parseMapping(raw: string | undefined): Record<string, ColumnTarget> {
  if (!raw) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw badRequest('import.mapping', 'Bảng ghép cột không hợp lệ.');
  }
  const out: Record<string, ColumnTarget> = {};
  if (typeof value !== 'object' || value === null) return out;
  const allowed = new Set<string>([...IMPORT_FIELDS, 'ignore']);
  for (const [header, target] of Object.entries(value as Record<string, unknown>)) {
    if (typeof target === 'string' && allowed.has(target)) out[header] = target as ColumnTarget;
  }
  return out;
}

async function readAll(storage: Storage, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of storage.read(key)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function importUpload(
  ctx: Ctx,
  request: FastifyRequest,
  storage: Storage,
  query: { unitId: string; dryRun: boolean },
) {
  const unit = await load.unit(ctx, query.unitId, 'members.manage');
  const file = await receiveFile(request, storage, {
    accept: ['xlsx', 'csv'],
    defaultMaxBytes: MAX_IMPORT_BYTES,
    actorId: ctx.actor.userId,
    now: ctx.clock.now(),
    prefix: 'import',
  });
  // The spreadsheet is read and dropped: only the members it describes are kept.
  try {
    const buf = await readAll(storage, file.row.storageKey);
    const mapping = parseMapping(file.fields.mapping);
    const sheet = await readSheet(buf, { name: file.row.originalName, mapping });
    return await runImport(ctx.db, {
      unit,
      sheet,
      mapping,
      dryRun: query.dryRun,
      expectHash: file.fields.planHash || undefined,
      check: await checkContext(ctx),
      source: sourceOf(ctx),
      fileName: file.row.originalName,
    });
  } finally {
    await file.discard();
  }
}

export async function exportMembers(ctx: Ctx, query: { unitId: string; format: 'xlsx' | 'csv' }) {
  const unit = await load.unit(ctx, query.unitId, 'members.read');
  // Full CCCD and phone only for roles that keep member data (as in the record view); others get masked ones.
  const full = can.unit(ctx.actor, 'members.manage', unit, ctx.clock.now());
  const rows = (await loadForExport(ctx.db, unit.path)).map((r) =>
    full ? r : { ...r, cccd: r.cccd ? maskCccd(r.cccd) : null, phone: r.phone ? maskPhone(r.phone) : null },
  );
  const today = vnDate(ctx.clock.now());
  const body = query.format === 'xlsx' ? await membersToXlsx(rows, unit.name, today) : membersToCsv(rows);
  await recordAudit(ctx.db, sourceOf(ctx), {
    action: 'member.export',
    targetType: 'unit',
    targetId: unit.id,
    unitId: unit.id,
    unitPath: unit.path,
    changes: { format: { old: null, new: query.format }, count: { old: null, new: rows.length } },
  });
  return { body, fileName: `dang-vien-${unit.code}-${today}.${query.format}` };
}
