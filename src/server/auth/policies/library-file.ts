/**
 * A file of a library item (any version): readers of the item get its current files; older
 * versions are for the item's editorial board only. The file's own id decides nothing: the item it
 * belongs to does, so an attachment id cannot open an item its reader may not see.
 */
import { eq, sql } from 'drizzle-orm';
import { documentFiles, documents, storedFiles, units } from '../../db/schema.ts';
import { visibleSql } from '../../modules/documents/visibility.ts';
import { definePolicy } from '../policy.ts';
import { managesDocument, type DocumentRow } from './document.ts';

export interface ScopedLibraryFile {
  file: {
    documentId: string;
    storageKey: string;
    originalName: string;
    mime: string;
    size: number;
    replacedAt: Date | null;
  };
  doc: DocumentRow;
  ownerPath: string;
  visible: boolean;
  manager: boolean;
}

export const libraryFilePolicy = definePolicy({
  async fetch(db, id: string, actor, now): Promise<ScopedLibraryFile | undefined> {
    const [row] = await db
      .select({
        file: {
          documentId: documentFiles.documentId,
          storageKey: storedFiles.storageKey,
          originalName: storedFiles.originalName,
          mime: storedFiles.mime,
          size: storedFiles.size,
          replacedAt: documentFiles.replacedAt,
        },
        doc: documents,
        ownerPath: units.path,
        visible: sql<boolean>`${visibleSql(actor, now, 'documents')}`,
      })
      .from(documentFiles)
      .innerJoin(storedFiles, eq(storedFiles.id, documentFiles.storedFileId))
      .innerJoin(documents, eq(documents.id, documentFiles.documentId))
      .innerJoin(units, eq(units.id, documents.unitId))
      .where(eq(documentFiles.id, id));
    return row && { ...row, visible: !!row.visible, manager: managesDocument(actor, row.ownerPath) };
  },
  path: (f) => f.ownerPath,
  rules: {
    read: (_actor, f) => f.manager || (f.visible && !f.file.replacedAt),
  },
  known: (_actor, f) => f.manager,
  present: (can) => ({ read: can('read') }),
});
