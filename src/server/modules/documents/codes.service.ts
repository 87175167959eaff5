/** Document type and issuer codes: data seeded by the migration, extended by system admins. */
import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { documentIssuers, documentTypes } from '../../db/schema.ts';
import type { SymbolCatalog } from '../../../common/documents/symbol.ts';
import { foldVietnamese } from '../../../common/text/vietnamese.ts';
import type { Ctx } from '../../context.ts';
import { conflict } from '../../http/errors.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';

export async function loadCatalog(db: DbOrTx): Promise<SymbolCatalog> {
  const [types, issuers] = await Promise.all([
    db
      .select({ code: documentTypes.code, name: documentTypes.name })
      .from(documentTypes)
      .orderBy(asc(documentTypes.sortOrder), asc(documentTypes.code)),
    db
      .select({ code: documentIssuers.code, name: documentIssuers.name })
      .from(documentIssuers)
      .orderBy(asc(documentIssuers.sortOrder), asc(documentIssuers.code)),
  ]);
  return { types, issuers };
}

/**
 * The catalog for parsing search queries, kept a few seconds per database: a search is the hottest
 * route and the codes change rarely. Adding a code here drops the copy; another process sees the
 * new code after at most CATALOG_TTL_MS.
 */
const CATALOG_TTL_MS = 10_000;
const catalogCache = new WeakMap<object, { at: number; catalog: Promise<SymbolCatalog> }>();

export function cachedCatalog(db: DbOrTx): Promise<SymbolCatalog> {
  const hit = catalogCache.get(db);
  if (hit && performance.now() - hit.at < CATALOG_TTL_MS) return hit.catalog;
  const catalog = loadCatalog(db);
  catalogCache.set(db, { at: performance.now(), catalog });
  catalog.catch(() => catalogCache.delete(db));
  return catalog;
}

export async function addCode(ctx: Ctx, which: 'type' | 'issuer', input: { code: string; name: string }) {
  const table = which === 'type' ? documentTypes : documentIssuers;
  const catalog = await loadCatalog(ctx.db);
  const list = which === 'type' ? catalog.types : catalog.issuers;
  // Codes are compared folded: "QD" and "QĐ" would be the same code in a typed symbol.
  const folded = foldVietnamese(input.code);
  if (list.some((c) => foldVietnamese(c.code) === folded)) throw conflict('documents.code_taken', `Mã "${input.code}" đã có.`);
  await ctx.db.transaction(async (tx) => {
    await tx.insert(table).values({ code: input.code, name: input.name, sortOrder: list.length + 1 });
    await recordAudit(tx, sourceOf(ctx), {
      action: `documents.${which}.create`,
      targetType: `document_${which}`,
      targetId: input.code,
      changes: { name: { old: null, new: input.name } },
    });
  });
  catalogCache.delete(ctx.db);
  const [row] = await ctx.db.select({ code: table.code, name: table.name }).from(table).where(eq(table.code, input.code));
  return row!;
}
