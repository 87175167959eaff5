/**
 * Library items (documents, news, pages): metadata, targeting and the editorial workflow
 * draft → submitted → published → unpublished / archived. Editors of a unit draft and submit;
 * approvers of that unit publish (now or at a set time), send back with a comment, unpublish,
 * archive. Every target of a publication must lie inside the approver's own scope: nobody
 * publishes above their own unit. Each transition is audited.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { rowsOf } from '../../db/client.ts';
import {
  documentFiles,
  documentIssuers,
  documentTargets,
  documentTypes,
  documents,
  NEWS_CATEGORIES,
  PAGE_CATEGORIES,
  storedFiles,
  units,
  users,
  type DocumentStatus,
  type LibraryKind,
  type TextStatus,
} from '../../db/schema.ts';
import { authorize, isSystemAdmin, readingUnitIds, scopePrefixes, type Actor } from '../../auth/authorize.ts';
import { badRequest, conflict, notFound } from '../../http/errors.ts';
import type { Ctx } from '../../context.ts';
import { parseSymbol, symbolTokens, type SymbolCatalog } from '../../../common/documents/symbol.ts';
import { foldAligned, normalizeExtracted, tsvText } from '../../../common/documents/search-text.ts';
import { notify } from '../notifications/notify.ts';
import { recordAudit, sourceOf, type AuditSource, type Changes } from '../audit/audit.service.ts';
import { loadCatalog } from './codes.service.ts';
import { htmlToText, sanitizeRichText } from './sanitize.ts';
import { pathIds, targetedSql } from './visibility.ts';
import { can, documentAbilities, load, managesDocument, type ScopedDocument } from '../../auth/policies.ts';
import { scheduleAnnouncement } from './scheduled.ts';
import { asDate, SUMMARY_FROM, SUMMARY_SELECT, toSummary, type SummaryRow } from './rows.ts';

export type DocumentRow = typeof documents.$inferSelect;

/** An item with its owning unit, as the policy layer loads it. */
export type Owned = ScopedDocument;

export interface DocumentInput {
  symbol?: string | null | undefined;
  typeCode?: string | null | undefined;
  issuerCode?: string | null | undefined;
  issueDate?: string | null | undefined;
  title?: string | undefined;
  summary?: string | undefined;
  topics?: string[] | undefined;
  category?: string | null | undefined;
  bodyHtml?: string | undefined;
  targetUnitIds?: string[] | undefined;
}

/** Body text kept for search is bounded: a tsvector holds at most 1 MB. */
const MAX_BODY_CHARS = 1_000_000;

/** Metadata checked and turned into column values. */
export async function resolveFields(db: DbOrTx, kind: LibraryKind, input: DocumentInput, catalog?: SymbolCatalog) {
  const out: Partial<typeof documents.$inferInsert> = {};
  const cat = catalog ?? (await loadCatalog(db));
  if (input.symbol !== undefined) {
    const symbol = input.symbol?.trim() || null;
    if (!symbol) Object.assign(out, { symbol: null, symbolNumber: null, symbolKey: null });
    else {
      const parsed = parseSymbol(symbol, cat);
      if (!parsed)
        throw badRequest('documents.symbol', 'Số ký hiệu không đúng dạng (ví dụ 57-NQ/TW).', [
          { field: 'symbol', message: 'Dạng: số-loại/cơ quan ban hành, ví dụ 57-NQ/TW.' },
        ]);
      Object.assign(out, { symbol: parsed.canonical, symbolNumber: parsed.number, symbolKey: parsed.key });
      if (input.typeCode === undefined && parsed.knownType) out.typeCode = parsed.typeCode;
      if (input.issuerCode === undefined && parsed.knownIssuer) out.issuerCode = parsed.issuerCode;
    }
  }
  if (input.typeCode !== undefined) {
    if (input.typeCode && !cat.types.some((t) => t.code === input.typeCode))
      throw badRequest('documents.type', `Loại văn bản "${input.typeCode}" chưa có trong danh mục.`, [
        { field: 'typeCode', message: 'Loại văn bản không có trong danh mục.' },
      ]);
    out.typeCode = input.typeCode || null;
  }
  if (input.issuerCode !== undefined) {
    if (input.issuerCode && !cat.issuers.some((t) => t.code === input.issuerCode))
      throw badRequest('documents.issuer', `Cơ quan ban hành "${input.issuerCode}" chưa có trong danh mục.`, [
        { field: 'issuerCode', message: 'Cơ quan ban hành không có trong danh mục.' },
      ]);
    out.issuerCode = input.issuerCode || null;
  }
  if (input.issueDate !== undefined) {
    if (input.issueDate && Number.isNaN(Date.parse(input.issueDate)))
      throw badRequest('documents.issue_date', 'Ngày ban hành không hợp lệ.', [
        { field: 'issueDate', message: 'Ngày không hợp lệ.' },
      ]);
    out.issueDate = input.issueDate || null;
  }
  if (input.title !== undefined) out.title = input.title.normalize('NFC').trim();
  if (input.summary !== undefined) out.summary = input.summary.normalize('NFC').trim();
  if (input.topics !== undefined) out.topics = [...new Set(input.topics.map((t) => t.normalize('NFC').trim()).filter(Boolean))];
  if (input.bodyHtml !== undefined) out.bodyHtml = kind === 'document' ? '' : sanitizeRichText(input.bodyHtml.normalize('NFC'));
  if (input.category !== undefined) {
    const allowed: readonly string[] = kind === 'news' ? NEWS_CATEGORIES : PAGE_CATEGORIES;
    const category = input.category ?? null;
    if (kind === 'document') out.category = null;
    else if (!category || !allowed.includes(category)) {
      throw badRequest('documents.category', kind === 'news' ? 'Hãy chọn chuyên mục tin.' : 'Hãy chọn loại trang.', [
        { field: 'category', message: `Một trong: ${allowed.join(', ')}.` },
      ]);
    } else out.category = category;
  }
  return out;
}

/** Target units, each checked against the actor's scope for `action`. */
async function resolveTargets(db: DbOrTx, actor: Actor | null, action: 'documents.edit' | 'documents.approve', ids: string[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await db
    .select({ id: units.id, path: units.path, status: units.status })
    .from(units)
    .where(inArray(units.id, unique));
  for (const id of unique) {
    const u = rows.find((r) => r.id === id);
    if (!u || u.status !== 'active' || (actor && !authorize(actor, action, u.path))) {
      throw badRequest(
        'documents.target',
        'Có đơn vị nhận không tồn tại hoặc nằm ngoài phạm vi của bạn: không thể phát hành lên cấp trên.',
        [{ field: 'targetUnitIds', message: 'Đơn vị nằm ngoài phạm vi.' }],
      );
    }
  }
  return rows;
}

export interface NewDocument {
  kind: LibraryKind;
  unitId: string;
  fields: Partial<typeof documents.$inferInsert>;
  targetUnitIds: string[];
  status: DocumentStatus;
  publishAt?: Date | null;
}

/** Inserts an item with its targets and audit entry inside `tx`; used by the API and the importer. */
export async function insertDocument(
  tx: DbOrTx,
  source: AuditSource,
  owner: { id: string; path: string },
  input: NewDocument,
): Promise<string> {
  const id = crypto.randomUUID();
  if (!input.fields.title) throw badRequest('validation', 'Thiếu tiêu đề.', [{ field: 'title', message: 'Hãy nhập tiêu đề.' }]);
  await tx.insert(documents).values({
    ...input.fields,
    title: input.fields.title,
    id,
    kind: input.kind,
    unitId: owner.id,
    status: input.status,
    publishAt: input.status === 'published' ? (input.publishAt ?? source.at) : null,
    publishedBy: input.status === 'published' ? source.actorId : null,
    createdBy: source.actorId,
    createdAt: source.at,
    updatedAt: source.at,
  });
  if (input.targetUnitIds.length)
    await tx.insert(documentTargets).values(input.targetUnitIds.map((unitId) => ({ documentId: id, unitId })));
  await refreshSearch(tx, id);
  await recordAudit(tx, source, {
    action: 'documents.create',
    targetType: 'document',
    targetId: id,
    unitId: owner.id,
    unitPath: owner.path,
    changes: {
      title: { old: null, new: input.fields.title },
      status: { old: null, new: input.status },
      targets: { old: null, new: input.targetUnitIds },
    },
  });
  return id;
}

export async function createDocument(ctx: Ctx, input: DocumentInput & { kind: LibraryKind; unitId: string }) {
  const owner = await load.unit(ctx, input.unitId, 'documents.edit');
  if (owner.status !== 'active') throw conflict('documents.unit_inactive', 'Đơn vị đã giải thể hoặc sáp nhập.');
  if (input.kind !== 'document' && input.category === undefined)
    throw badRequest('documents.category', input.kind === 'news' ? 'Hãy chọn chuyên mục tin.' : 'Hãy chọn loại trang.', [
      { field: 'category', message: 'Bắt buộc.' },
    ]);
  const fields = await resolveFields(ctx.db, input.kind, input);
  const targetIds = input.targetUnitIds?.length ? input.targetUnitIds : [owner.id];
  await resolveTargets(ctx.db, ctx.actor, 'documents.edit', targetIds);
  if (fields.symbolKey) await ensureUniqueSymbol(ctx.db, owner.id, fields.symbolKey, null);
  const id = await ctx.db.transaction((tx) =>
    insertDocument(tx, sourceOf(ctx), owner!, {
      kind: input.kind,
      unitId: owner.id,
      fields,
      targetUnitIds: [...new Set(targetIds)],
      status: 'draft',
    }),
  );
  return getDocument(ctx, id);
}

/** One unit does not hold the same symbol twice (the importer relies on it too). */
async function ensureUniqueSymbol(db: DbOrTx, unitId: string, key: string, exceptId: string | null) {
  const [dup] = await db
    .select({ id: documents.id })
    .from(documents)
    .where(
      and(eq(documents.unitId, unitId), eq(documents.symbolKey, key), exceptId ? sql`${documents.id} <> ${exceptId}` : sql`true`),
    );
  if (dup) throw conflict('documents.symbol_taken', 'Đơn vị đã có văn bản mang số ký hiệu này.');
}

export async function updateDocument(ctx: Ctx, id: string, input: DocumentInput) {
  const owned = await load.document(ctx, id, 'documents.edit');
  const { doc } = owned;
  const approver = can.document(ctx.actor, 'documents.approve', owned, ctx.clock.now());
  // Editors change drafts; an approver may also correct an item under review or published.
  const editable: DocumentStatus[] = approver ? ['draft', 'submitted', 'published', 'unpublished'] : ['draft'];
  if (!editable.includes(doc.status))
    throw conflict(
      'documents.not_editable',
      'Văn bản đã gửi duyệt hoặc đã xuất bản nên không sửa được. Hãy chờ duyệt hoặc đề nghị trả lại.',
    );
  const fields = await resolveFields(ctx.db, doc.kind, input);
  if (fields.symbolKey) await ensureUniqueSymbol(ctx.db, doc.unitId, fields.symbolKey, doc.id);
  let targets: string[] | undefined;
  if (input.targetUnitIds) {
    targets = [...new Set(input.targetUnitIds.length ? input.targetUnitIds : [doc.unitId])];
    await resolveTargets(ctx.db, ctx.actor, doc.status === 'published' ? 'documents.approve' : 'documents.edit', targets);
  }
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const changes: Changes = {};
    for (const [k, v] of Object.entries(fields)) {
      const old = doc[k as keyof DocumentRow];
      if (JSON.stringify(old) !== JSON.stringify(v) && k !== 'symbolKey' && k !== 'symbolNumber')
        changes[k] = {
          old: k === 'bodyHtml' ? `${String(old).length} ký tự` : old,
          new: k === 'bodyHtml' ? `${String(v).length} ký tự` : v,
        };
    }
    await tx
      .update(documents)
      .set({ ...fields, updatedAt: now })
      .where(eq(documents.id, id));
    if (targets) {
      const before = (
        await tx.select({ unitId: documentTargets.unitId }).from(documentTargets).where(eq(documentTargets.documentId, id))
      ).map((r) => r.unitId);
      await tx.delete(documentTargets).where(eq(documentTargets.documentId, id));
      await tx.insert(documentTargets).values(targets.map((unitId) => ({ documentId: id, unitId })));
      if (JSON.stringify([...before].sort()) !== JSON.stringify([...targets].sort()))
        changes.targets = { old: before, new: targets };
    }
    await refreshSearch(tx, id);
    await recordAudit(tx, sourceOf(ctx), {
      action: 'documents.update',
      targetType: 'document',
      targetId: id,
      unitId: doc.unitId,
      unitPath: owned.ownerPath,
      changes,
    });
  });
  return getDocument(ctx, id);
}

type Transition = 'submit' | 'publish' | 'sendBack' | 'unpublish' | 'archive';

const TRANSITIONS: Record<
  Transition,
  { from: DocumentStatus[]; to: DocumentStatus; action: 'documents.edit' | 'documents.approve' }
> = {
  submit: { from: ['draft'], to: 'submitted', action: 'documents.edit' },
  publish: { from: ['draft', 'submitted', 'unpublished'], to: 'published', action: 'documents.approve' },
  sendBack: { from: ['submitted'], to: 'draft', action: 'documents.approve' },
  unpublish: { from: ['published'], to: 'unpublished', action: 'documents.approve' },
  archive: { from: ['published', 'unpublished', 'draft'], to: 'archived', action: 'documents.approve' },
};

const TRANSITION_ERRORS: Record<Transition, string> = {
  submit: 'Chỉ gửi duyệt được bản nháp.',
  publish: 'Văn bản này không ở trạng thái có thể xuất bản.',
  sendBack: 'Chỉ trả lại được văn bản đang chờ duyệt.',
  unpublish: 'Chỉ gỡ được văn bản đang xuất bản.',
  archive: 'Văn bản này không lưu trữ được.',
};

export async function transition(
  ctx: Ctx,
  id: string,
  kind: Transition,
  payload: { publishAt?: Date | undefined; comment?: string; reason?: string } = {},
) {
  const rule = TRANSITIONS[kind];
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    // Locked: two approvers acting at once must not both move it.
    const owned = await load.document(ctx, id, rule.action, { db: tx, lock: true });
    const { doc } = owned;
    if (!rule.from.includes(doc.status)) throw conflict('documents.bad_state', TRANSITION_ERRORS[kind]);
    const targets = await tx
      .select({ unitId: documentTargets.unitId })
      .from(documentTargets)
      .where(eq(documentTargets.documentId, id));
    if (kind === 'submit' || kind === 'publish') {
      if (targets.length === 0)
        throw badRequest('documents.no_target', 'Chưa chọn đơn vị nhận văn bản.', [
          { field: 'targetUnitIds', message: 'Chọn ít nhất một đơn vị.' },
        ]);
      if (doc.kind === 'document' && kind === 'publish') {
        const [file] = await tx
          .select({ id: documentFiles.id })
          .from(documentFiles)
          .where(and(eq(documentFiles.documentId, id), isNull(documentFiles.replacedAt)))
          .limit(1);
        if (!file && !doc.summary) throw badRequest('documents.empty', 'Văn bản chưa có tệp đính kèm hay nội dung tóm tắt.');
      }
    }
    if (kind === 'publish') {
      // Nobody publishes above their own unit: every target must be inside the approver's scope.
      await resolveTargets(
        tx,
        ctx.actor,
        'documents.approve',
        targets.map((t) => t.unitId),
      );
    }
    const publishAt =
      kind === 'publish' ? (payload.publishAt && payload.publishAt > now ? payload.publishAt : now) : doc.publishAt;
    const set: Partial<typeof documents.$inferInsert> = { status: rule.to, updatedAt: now };
    if (kind === 'publish') Object.assign(set, { publishAt, publishedBy: ctx.actor.userId, reviewComment: null });
    if (kind === 'sendBack') set.reviewComment = payload.comment ?? '';
    if (kind === 'submit') set.reviewComment = null;
    await tx.update(documents).set(set).where(eq(documents.id, id));
    const changes: Changes = { status: { old: doc.status, new: rule.to } };
    if (kind === 'publish') changes.publishAt = { old: doc.publishAt, new: publishAt };
    if (payload.comment) changes.comment = { old: null, new: payload.comment };
    if (payload.reason) changes.reason = { old: null, new: payload.reason };
    await recordAudit(tx, sourceOf(ctx), {
      action: `documents.${kind}`,
      targetType: 'document',
      targetId: id,
      unitId: doc.unitId,
      unitPath: owned.ownerPath,
      changes,
    });
    // Members of the target units hear about it now; a scheduled publication is announced by a job
    // at its publication time (scheduled.ts), so its title never shows early.
    if (kind === 'publish' && publishAt && publishAt <= now)
      await announce(
        tx,
        doc,
        id,
        targets.map((t) => t.unitId),
        now,
      );
    else if (kind === 'publish' && publishAt) await scheduleAnnouncement(tx, id, publishAt);
  });
  return getDocument(ctx, id);
}

/** One notification per member of the targets' subtrees (nested targets count once). */
export async function announce(tx: DbOrTx, doc: DocumentRow, id: string, targetIds: string[], now: Date) {
  if (targetIds.length === 0) return;
  const rows = await tx.select({ path: units.path }).from(units).where(inArray(units.id, targetIds));
  const paths = rows.map((r) => r.path).sort((a, b) => a.length - b.length);
  const outermost = paths.filter((p, i) => !paths.slice(0, i).some((q) => p.startsWith(q)));
  const kindLabel = doc.kind === 'news' ? 'Tin mới' : 'Văn bản mới';
  for (const unitPath of outermost) {
    await notify(tx, {
      unitPath,
      kind: 'new_document',
      title: `${kindLabel}: ${doc.symbol ? `${doc.symbol} ` : ''}${doc.title}`,
      body: doc.summary.slice(0, 300),
      link: `/thu-vien/${id}`,
      at: now,
    });
  }
}

/** The item for reading: visible to the actor, or managed by them; otherwise 404. */
export const readable = (ctx: Ctx, id: string): Promise<ScopedDocument> => load.document(ctx, id, 'read');

interface ReadRow extends SummaryRow {
  unit_id: string;
  owner_path: string;
  topics: string[] | string;
  body_html: string;
  review_comment: string | null;
  targeted: boolean;
  target_units: Array<{ id: string; name: string }> | string | null;
  has_files: boolean;
  bookmarked: boolean;
  read_at: Date | string | null;
}

/**
 * Opening an item is the library's hottest read: one statement brings the summary, the reader's
 * visibility, the targets, the bookmark and the read receipt (only the columns shown, never the
 * extracted text or the search vectors); the files follow only when the item has any.
 */
export async function getDocument(ctx: Ctx, id: string) {
  const admin = isSystemAdmin(ctx.actor);
  const readingIds = readingUnitIds(ctx.actor);
  const targetedIn = admin ? sql`true` : targetedSql('d', readingIds);
  const [row] = rowsOf<ReadRow>(
    await ctx.db.execute(sql`
      SELECT ${SUMMARY_SELECT}, d.unit_id, u.path AS owner_path, d.topics, d.body_html, d.review_comment,
        ${targetedIn} AS targeted,
        (SELECT json_agg(json_build_object('id', tu.id, 'name', tu.name) ORDER BY tu.depth, tu.name) FROM document_targets t JOIN units tu ON tu.id = t.unit_id WHERE t.document_id = d.id) AS target_units,
        EXISTS (SELECT 1 FROM document_files f WHERE f.document_id = d.id) AS has_files,
        EXISTS (SELECT 1 FROM document_bookmarks b WHERE b.document_id = d.id AND b.user_id = ${ctx.actor.userId}) AS bookmarked,
        (SELECT r.first_read_at FROM document_reads r WHERE r.document_id = d.id AND r.user_id = ${ctx.actor.userId}) AS read_at
      FROM ${SUMMARY_FROM} WHERE d.id = ${id}`),
  );
  if (!row) throw notFound();
  const ownerPath = row.owner_path;
  const manager = managesDocument(ctx.actor, ownerPath);
  const publishAt = asDate(row.publish_at);
  const visible = row.status === 'published' && !!publishAt && publishAt <= ctx.clock.now() && row.targeted;
  if (!visible && !manager) throw notFound();
  const doc = {
    status: row.status,
    topics: typeof row.topics === 'string' ? (JSON.parse(row.topics) as string[]) : row.topics,
    bodyHtml: row.body_html,
    reviewComment: row.review_comment,
    unitId: row.unit_id,
  };
  const targetRows =
    (typeof row.target_units === 'string'
      ? (JSON.parse(row.target_units) as Array<{ id: string; name: string }>)
      : row.target_units) ?? [];
  const files = row.has_files ? await listFiles(ctx.db, id) : [];
  const bookmark = row.bookmarked;
  const read = row.read_at === null ? undefined : { at: asDate(row.read_at) };
  const summary = row;
  return {
    document: {
      ...toSummary(summary),
      topics: doc.topics,
      bodyHtml: doc.bodyHtml,
      reviewComment: manager ? doc.reviewComment : null,
      unitId: doc.unitId,
      // Readers see only the targets that are their own units or above; managers see all.
      targets: targetRows.filter((t) => manager || readingIds.includes(t.id)).map(({ id: tid, name }) => ({ id: tid, name })),
      files,
      bookmarked: !!bookmark,
      readAt: read?.at ?? null,
      abilities: documentAbilities(ctx.actor, { status: doc.status, ownerPath, visible }),
    },
  };
}

/** Current files with their older versions (who replaced them and when). */
export async function listFiles(db: DbOrTx, documentId: string) {
  const rows = rowsOf<{
    id: string;
    slot: string;
    version: number;
    kind: 'pdf' | 'docx' | 'xlsx' | 'image' | 'video';
    text_status: TextStatus;
    page_count: number | null;
    created_at: Date | string;
    replaced_at: Date | string | null;
    name: string;
    mime: string;
    size: string | number;
    created_by_name: string | null;
    replaced_by_name: string | null;
  }>(
    await db.execute(sql`
      SELECT f.id, f.slot, f.version, f.kind, f.text_status, f.page_count, f.created_at, f.replaced_at,
             s.original_name AS name, s.mime, s.size, cu.display_name AS created_by_name, ru.display_name AS replaced_by_name
      FROM ${documentFiles} f JOIN ${storedFiles} s ON s.id = f.stored_file_id
      LEFT JOIN ${users} cu ON cu.id = f.created_by LEFT JOIN ${users} ru ON ru.id = f.replaced_by
      WHERE f.document_id = ${documentId}
      ORDER BY f.created_at, f.slot, f.version DESC`),
  );
  const version = (r: (typeof rows)[number]) => ({
    id: r.id,
    version: r.version,
    name: r.name,
    mime: r.mime,
    size: Number(r.size),
    createdAt: new Date(r.created_at),
    createdByName: r.created_by_name,
    replacedAt: r.replaced_at ? new Date(r.replaced_at) : null,
    replacedByName: r.replaced_by_name,
  });
  const current = rows.filter((r) => !r.replaced_at);
  return current.map((c) => ({
    ...version(c),
    slot: c.slot,
    kind: c.kind,
    textStatus: c.text_status,
    pageCount: c.page_count,
    versions: rows
      .filter((r) => r.slot === c.slot && r.id !== c.id)
      .sort((a, b) => b.version - a.version)
      .map(version),
  }));
}

/** Items the actor manages (editor or approver of the owning unit or above), newest first. */
export async function listEditorial(
  ctx: Ctx,
  q: { status?: DocumentStatus | undefined; kind?: LibraryKind | undefined; limit: number; offset: number },
) {
  const prefixes = [
    ...new Set([...scopePrefixes(ctx.actor, 'documents.edit'), ...scopePrefixes(ctx.actor, 'documents.approve')]),
  ];
  if (prefixes.length === 0) return { items: [], total: 0, totalCapped: false };
  const scope = prefixes.includes('/')
    ? sql`true`
    : sql`(${sql.join(
        prefixes.map((p) => sql`u.path LIKE ${p + '%'}`),
        sql` OR `,
      )})`;
  const conds = [scope];
  if (q.status) conds.push(sql`d.status = ${q.status}`);
  else conds.push(sql`d.status <> 'archived'`);
  if (q.kind) conds.push(sql`d.kind = ${q.kind}`);
  const where = sql.join(conds, sql` AND `);
  const rows = rowsOf<SummaryRow & { total: number }>(
    await ctx.db.execute(
      sql`SELECT ${SUMMARY_SELECT}, count(*) OVER ()::int AS total FROM ${SUMMARY_FROM} WHERE ${where} ORDER BY d.updated_at DESC, d.id LIMIT ${q.limit} OFFSET ${q.offset}`,
    ),
  );
  return { items: rows.map(toSummary), total: rows[0]?.total ?? 0, totalCapped: false };
}

/**
 * Rebuilds the search columns from the metadata and the current files: folded head (symbol
 * parts, type and issuer names, title, topics), summary, and the extracted body.
 */
export async function refreshSearch(tx: DbOrTx, id: string): Promise<void> {
  const [doc] = await tx
    .select({ d: documents, typeName: documentTypes.name, issuerName: documentIssuers.name })
    .from(documents)
    .leftJoin(documentTypes, eq(documentTypes.code, documents.typeCode))
    .leftJoin(documentIssuers, eq(documentIssuers.code, documents.issuerCode))
    .where(eq(documents.id, id));
  if (!doc) return;
  const d = doc.d;
  const files = await tx
    .select({ kind: documentFiles.kind, text: documentFiles.extractedText, status: documentFiles.textStatus })
    .from(documentFiles)
    .where(and(eq(documentFiles.documentId, id), isNull(documentFiles.replacedAt)))
    .orderBy(asc(documentFiles.createdAt));
  const parts = [d.bodyHtml ? htmlToText(d.bodyHtml) : '', ...files.map((f) => f.text)].filter(Boolean);
  const bodyText = normalizeExtracted(parts.join(' ')).slice(0, MAX_BODY_CHARS);
  const bodyFolded = foldAligned(bodyText);
  const readable = files.filter((f) => f.kind === 'pdf' || f.kind === 'docx');
  const textStatus: TextStatus = readable.some((f) => f.status === 'no_text_layer')
    ? 'no_text_layer'
    : readable.some((f) => f.status === 'extracted')
      ? 'extracted'
      : 'none';
  const symbol = d.symbol ? parseSymbol(d.symbol) : null;
  const head = tsvText(
    [
      symbol ? symbolTokens(symbol).join(' ') : '',
      d.symbol ?? '',
      doc.typeName ?? '',
      doc.issuerName ?? '',
      d.title,
      d.topics.join(' '),
    ].join(' '),
  );
  const summary = tsvText(d.summary);
  const body = tsvText(bodyFolded);
  // Stripped vectors (no positions, no weights): only membership is queried, and a small vector
  // stays inside the row (migration 0017).
  await tx.execute(sql`
    UPDATE documents SET body_text = ${bodyText}, body_folded = ${bodyFolded}, text_status = ${textStatus}, search_head = ${head},
      search_head_tsv = strip(to_tsvector('simple', ${`${head} ${summary}`})),
      search_tsv = strip(to_tsvector('simple', ${`${head} ${summary} ${body}`}))
    WHERE id = ${id}`);
}

/** Reading units of a unit path, for callers outside a request (meetings, importer). */
export { pathIds };
