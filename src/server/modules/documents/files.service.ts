/**
 * Attachments: upload (typed by content, checked, text extracted), versions (replacing a file
 * keeps the old one with who replaced it and when), covers, and serving them inline or as a
 * download. A refused or failed upload leaves no stored bytes and no rows behind.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { documentFiles, documents, storedFiles, type LibraryFileKind } from '../../db/schema.ts';
import { receiveFile, type NewStoredFile } from '../../files/upload.ts';
import { sendStoredFile } from '../../files/download.ts';
import type { Storage } from '../../storage/storage.ts';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';
import { recordAudit, sourceOf, type AuditSource } from '../audit/audit.service.ts';
import { getDocument, readable, refreshSearch } from './documents.service.ts';
import { inspectFile, libraryKind, type Inspection } from './inspect.ts';
import { recordRead } from './reading.service.ts';
import { can, load } from '../../auth/policies.ts';

const MB = 1024 * 1024;

/**
 * Multipart parsing normally drops the directory part of a file name silently; a name carrying
 * path separators is refused instead, with a clear message, before any byte is stored.
 */
export function refusePathNames(request: FastifyRequest): void {
  const original = request.parts.bind(request);
  request.parts = ((options) => {
    const inner = original({ ...(options ?? {}), preservePath: true });
    return (async function* () {
      for await (const part of inner) {
        if (part.type === 'file' && /[\\/]/.test(part.filename ?? '')) {
          part.file.resume();
          throw new AppError(
            400,
            'upload.path_in_name',
            'Tên tệp không được chứa dấu "/" hoặc "\\" (đường dẫn thư mục). Hãy đổi tên tệp rồi tải lên lại.',
          );
        }
        yield part;
      }
    })();
  }) as typeof request.parts;
}

async function readAll(storage: Storage, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of storage.read(key)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Adds a file (or a new version of slot `replaces`) to a document inside `tx`. */
export async function attachFile(
  tx: DbOrTx,
  source: AuditSource,
  owner: { id: string; path: string },
  documentId: string,
  row: NewStoredFile & { id: string },
  inspection: Inspection,
  replaces?: string,
) {
  await tx.insert(storedFiles).values(row);
  let slot: string = crypto.randomUUID();
  let version = 1;
  if (replaces) {
    const [prev] = await tx
      .select()
      .from(documentFiles)
      .where(and(eq(documentFiles.documentId, documentId), eq(documentFiles.slot, replaces), isNull(documentFiles.replacedAt)))
      .orderBy(desc(documentFiles.version))
      .limit(1);
    if (!prev)
      throw badRequest('documents.no_such_file', 'Không tìm thấy tệp cần thay thế trong văn bản này.', [
        { field: 'replaces', message: 'Tệp không thuộc văn bản.' },
      ]);
    slot = prev.slot;
    version = prev.version + 1;
    await tx
      .update(documentFiles)
      .set({ replacedAt: source.at, replacedBy: source.actorId })
      .where(eq(documentFiles.id, prev.id));
  }
  const [file] = await tx
    .insert(documentFiles)
    .values({
      documentId,
      slot,
      version,
      storedFileId: row.id,
      kind: inspection.kind,
      textStatus: inspection.textStatus,
      extractedText: inspection.text,
      pageCount: inspection.pageCount,
      readingHtml: inspection.readingHtml ?? null,
      createdBy: source.actorId,
      createdAt: source.at,
    })
    .returning({ id: documentFiles.id });
  await tx.update(documents).set({ updatedAt: source.at }).where(eq(documents.id, documentId));
  await refreshSearch(tx, documentId);
  await recordAudit(tx, source, {
    action: replaces ? 'documents.file.replace' : 'documents.file.add',
    targetType: 'document',
    targetId: documentId,
    unitId: owner.id,
    unitPath: owner.path,
    changes: {
      file: {
        old: replaces ? `phiên bản ${version - 1}` : null,
        new: `${row.originalName} (phiên bản ${version}, ${inspection.textStatus})`,
      },
    },
  });
  return file!.id;
}

export async function uploadFile(ctx: Ctx, storage: Storage, request: FastifyRequest, documentId: string) {
  const owned = await load.document(ctx, documentId, 'documents.edit');
  const { doc, ownerPath } = owned;
  const approver = can.document(ctx.actor, 'documents.approve', owned, ctx.clock.now());
  if (doc.status === 'archived' || (!approver && doc.status !== 'draft'))
    throw conflict('documents.not_editable', 'Chỉ thêm hoặc thay tệp khi văn bản còn là bản nháp.');
  refusePathNames(request);
  const cfg = ctx.config;
  const received = await receiveFile(request, storage, {
    accept: ['pdf', 'docx', 'xlsx', 'image', 'video'],
    defaultMaxBytes: cfg.UPLOAD_MAX_MB * MB,
    maxBytes: { video: cfg.VIDEO_MAX_MB * MB },
    actorId: ctx.actor.userId,
    now: ctx.clock.now(),
    prefix: 'doc',
  });
  try {
    const kind = libraryKind(received.kind);
    const purpose = received.fields.purpose === 'cover' ? 'cover' : 'attachment';
    if (purpose === 'cover' && kind !== 'image')
      throw new AppError(415, 'upload.type', 'Ảnh bìa phải là tệp ảnh (JPEG, PNG, WebP).');
    // Videos are not read back: nothing to extract, and they may be hundreds of MB.
    const inspection: Inspection =
      kind === 'video'
        ? { kind, text: '', textStatus: 'none', pageCount: null }
        : await inspectFile(kind, await readAll(storage, received.row.storageKey));
    const replaces = received.fields.replaces || undefined;
    if (replaces && !/^[0-9a-f-]{36}$/i.test(replaces))
      throw badRequest('validation', 'Mã tệp cần thay thế không hợp lệ.', [{ field: 'replaces', message: 'Không hợp lệ.' }]);
    const owner = { id: doc.unitId, path: ownerPath };
    await ctx.db.transaction(async (tx) => {
      if (purpose === 'cover') {
        await tx.insert(storedFiles).values(received.row);
        await tx
          .update(documents)
          .set({ coverFileId: received.row.id, updatedAt: ctx.clock.now() })
          .where(eq(documents.id, documentId));
        await recordAudit(tx, sourceOf(ctx), {
          action: 'documents.cover',
          targetType: 'document',
          targetId: documentId,
          unitId: owner.id,
          unitPath: owner.path,
          changes: { cover: { old: doc.coverFileId, new: received.row.id } },
        });
      } else await attachFile(tx, sourceOf(ctx), owner, documentId, received.row, inspection, replaces);
    });
  } catch (err) {
    await received.discard();
    throw err;
  }
  return getDocument(ctx, documentId);
}

export async function serveFile(
  ctx: Ctx,
  storage: Storage,
  request: FastifyRequest,
  reply: FastifyReply,
  fileId: string,
  download: boolean,
) {
  // The stored file behind an attachment (any version) of a document the actor may read.
  const { doc, file, visible } = await load.libraryFile(ctx, fileId, 'read');
  // Opening the file is reading the document; the viewer's range requests are not new reads.
  if (visible && !request.headers.range) await recordRead(ctx, doc);
  return sendStoredFile(request, reply, storage, file, { download });
}

export async function serveCover(ctx: Ctx, storage: Storage, request: FastifyRequest, reply: FastifyReply, documentId: string) {
  const { doc } = await readable(ctx, documentId);
  if (!doc.coverFileId) throw notFound();
  const [file] = await ctx.db.select().from(storedFiles).where(eq(storedFiles.id, doc.coverFileId));
  if (!file) throw notFound();
  return sendStoredFile(request, reply, storage, file);
}

export type { LibraryFileKind };
