/**
 * A library item (document, news, unit page). Two sides: readers see it when it is published, due
 * and addressed to one of their units or above (modules/documents/visibility.ts, the same SQL as
 * the search); the editorial board of the owning unit (editors and approvers there or above)
 * manages it whatever its status. Everyone else gets 404; a board member asking for an approver's
 * step gets 403.
 */
import { eq, sql } from 'drizzle-orm';
import { documents, units, type DocumentStatus } from '../../db/schema.ts';
import { visibleSql } from '../../modules/documents/visibility.ts';
import { authorize, holdsAnywhere, type Actor } from '../authorize.ts';
import { definePolicy } from '../policy.ts';

export type DocumentRow = typeof documents.$inferSelect;
export interface ScopedDocument {
  doc: DocumentRow;
  ownerPath: string;
  ownerName: string;
  /** Published, due and addressed to the actor's units (a reader's view). */
  visible: boolean;
  /** On the editorial board of the owning unit: sees every status. */
  manager: boolean;
}

/** Editors and approvers of the owning unit (or above) manage the item whatever its status. */
export const managesDocument = (actor: Actor, ownerPath: string) =>
  authorize(actor, 'documents.edit', ownerPath) || authorize(actor, 'documents.approve', ownerPath);

const EDITABLE_BY_APPROVER: DocumentStatus[] = ['draft', 'submitted', 'published', 'unpublished'];

/**
 * The workflow steps the actor may offer on an item in this state: an editor drafts and submits,
 * an approver corrects, publishes, sends back, unpublishes and archives. For a row read by a
 * listing or the reading query as well as for a loaded one.
 */
export function documentAbilities(actor: Actor, d: { status: DocumentStatus; ownerPath: string; visible: boolean }) {
  const edit = authorize(actor, 'documents.edit', d.ownerPath);
  const approve = authorize(actor, 'documents.approve', d.ownerPath);
  const s = d.status;
  return {
    edit: (edit && s === 'draft') || (approve && EDITABLE_BY_APPROVER.includes(s)),
    submit: edit && s === 'draft',
    publish: approve && ['draft', 'submitted', 'unpublished'].includes(s),
    sendBack: approve && s === 'submitted',
    unpublish: approve && s === 'published',
    archive: approve && ['published', 'unpublished', 'draft'].includes(s),
    readStats: d.visible && holdsAnywhere(actor, 'documents.readStats'),
  };
}

export const documentPolicy = definePolicy({
  async fetch(db, id: string, actor, now, lock): Promise<ScopedDocument | undefined> {
    const q = db
      .select({
        doc: documents,
        ownerPath: units.path,
        ownerName: units.name,
        visible: sql<boolean>`${visibleSql(actor, now, 'documents')}`,
      })
      .from(documents)
      .innerJoin(units, eq(units.id, documents.unitId))
      .where(eq(documents.id, id));
    // Two approvers acting at once must not both move it: the item's row is held until commit.
    const [row] = await (lock ? q.for('update', { of: documents }) : q);
    return row && { ...row, visible: !!row.visible, manager: managesDocument(actor, row.ownerPath) };
  },
  path: (d) => d.ownerPath,
  rules: {
    /** Reading: visible to the actor, or on the board of its unit. */
    read: (_actor, d) => d.visible || d.manager,
    manage: (_actor, d) => d.manager,
  },
  known: (_actor, d) => d.manager,
  forbidden: 'Chỉ Trưởng Ban Biên tập của đơn vị mới được thực hiện thao tác này.',
  present: (_can, d, actor) => documentAbilities(actor, { status: d.doc.status, ownerPath: d.ownerPath, visible: d.visible }),
});
