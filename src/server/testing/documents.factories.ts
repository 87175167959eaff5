/**
 * Library test data: documents inserted straight through the service layer (with targets and a
 * text body), real PDF / DOCX bytes, and multipart bodies as a browser sends them.
 */
import PDFDocument from 'pdfkit';
import JSZip from 'jszip';
import type { Db } from '../db/client.ts';
import { documentFiles, storedFiles, type DocumentStatus, type LibraryKind } from '../db/schema.ts';
import { insertDocument, refreshSearch, resolveFields } from '../modules/documents/documents.service.ts';
import { normalizeExtracted } from '../../common/documents/search-text.ts';
import type { Role } from '../db/schema.ts';
import { makeMember, makeUnit, makeUser, sessionCookie, type TestUnit } from './factories.ts';
import type { TestApp } from './app.ts';

const FONT = 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf';

export interface MakeDocumentOptions {
  unit: TestUnit;
  targets?: TestUnit[];
  title?: string;
  symbol?: string;
  typeCode?: string;
  issueDate?: string;
  summary?: string;
  kind?: LibraryKind;
  category?: string;
  status?: DocumentStatus;
  publishAt?: Date;
  /** Extracted text of one attached PDF. */
  text?: string;
  at?: Date;
}

let n = 0;

export async function makeDocument(db: Db, o: MakeDocumentOptions): Promise<string> {
  n += 1;
  const at = o.at ?? new Date('2025-01-01T00:00:00Z');
  const kind = o.kind ?? 'document';
  const fields = await resolveFields(db, kind, {
    title: o.title ?? `Văn bản thử ${n}`,
    ...(o.symbol ? { symbol: o.symbol } : {}),
    ...(o.typeCode ? { typeCode: o.typeCode } : {}),
    ...(o.issueDate ? { issueDate: o.issueDate } : {}),
    ...(o.summary ? { summary: o.summary } : {}),
    ...(o.category ? { category: o.category } : {}),
  });
  return db.transaction(async (tx) => {
    const id = await insertDocument(
      tx,
      { actorId: null, requestId: 'test', at },
      { id: o.unit.id, path: o.unit.path },
      {
        kind,
        unitId: o.unit.id,
        fields,
        targetUnitIds: (o.targets ?? [o.unit]).map((u) => u.id),
        status: o.status ?? 'published',
        publishAt: o.publishAt ?? at,
      },
    );
    if (o.text) {
      const fileId = crypto.randomUUID();
      await tx.insert(storedFiles).values({
        id: fileId,
        storageKey: `doc/${crypto.randomUUID()}`,
        originalName: 'van-ban.pdf',
        mime: 'application/pdf',
        size: o.text.length,
        sha256: 'x',
        createdAt: at,
      });
      await tx.insert(documentFiles).values({
        documentId: id,
        slot: crypto.randomUUID(),
        storedFileId: fileId,
        kind: 'pdf',
        textStatus: 'extracted',
        extractedText: normalizeExtracted(o.text),
        createdAt: at,
      });
      await refreshSearch(tx, id);
    }
    return id;
  });
}

/** A real PDF with the text on its pages (DejaVu covers Vietnamese); `userPassword` encrypts it. */
export function makePdf(lines: string[], opts: { userPassword?: string; image?: boolean } = {}): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument(opts.userPassword ? { userPassword: opts.userPassword, ownerPassword: 'chu-so-huu' } : {});
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    if (opts.image)
      doc.rect(50, 50, 300, 400).fill('#999'); // a "scan": drawing only, no text layer
    else doc.font(FONT).fontSize(12);
    if (!opts.image) for (const line of lines) doc.text(line);
    doc.end();
  });
}

/** A minimal real DOCX with one paragraph per line. */
export async function makeDocx(lines: string[], extra?: (zip: JSZip) => void): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  const body = lines
    .map((l) => `<w:p><w:r><w:t xml:space="preserve">${l.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</w:t></w:r></w:p>`)
    .join('');
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  extra?.(zip);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

/** A multipart body built the way a browser builds it. */
export async function multipart(name: string, bytes: Buffer, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const req = new Request('http://x/', { method: 'POST', body: form });
  return { payload: Buffer.from(await req.arrayBuffer()), headers: { 'content-type': req.headers.get('content-type')! } };
}

/**
 * A small organization for library tests: a province with two cities; city 1 has a ward with
 * two cells, city 2 one cell. Editors and approvers sit at city 1 and at its ward.
 */

export async function libraryOrg(t: TestApp) {
  const db = t.database.db;
  const province = await makeUnit(db, { type: 'province', name: 'Đảng bộ tỉnh Thử' });
  const city1 = await makeUnit(db, { parent: province, type: 'upper_level', name: 'Đảng bộ thành phố Một' });
  const city2 = await makeUnit(db, { parent: province, type: 'upper_level', name: 'Đảng bộ thành phố Hai' });
  const ward1 = await makeUnit(db, { parent: city1, type: 'grassroots', name: 'Đảng bộ phường Hòa Bình' });
  const ward2 = await makeUnit(db, { parent: city2, type: 'grassroots', name: 'Đảng bộ phường Xa' });
  const cellA = await makeUnit(db, { parent: ward1, type: 'cell', name: 'Chi bộ khu phố 1' });
  const cellA2 = await makeUnit(db, { parent: ward1, type: 'cell', name: 'Chi bộ khu phố 2' });
  const cellB = await makeUnit(db, { parent: ward2, type: 'cell', name: 'Chi bộ khu phố Xa' });

  const person = async (roles: Array<{ role: Role; unit: TestUnit }>, cell?: TestUnit, fullName?: string) => {
    const member = cell ? (await makeMember(db, { cell, ...(fullName ? { fullName } : {}) })).member : undefined;
    const user = await makeUser(db, {
      roles,
      ...(member ? { memberId: member.id } : {}),
      ...(fullName ? { displayName: fullName } : {}),
    });
    return { user, member, cookie: await sessionCookie(db, t.config, user.id, t.clock.now()) };
  };

  const editorCity = await person([{ role: 'editor', unit: city1 }]);
  const approverCity = await person([{ role: 'approver', unit: city1 }]);
  const editorWard = await person([{ role: 'editor', unit: ward1 }]);
  const approverWard = await person([{ role: 'approver', unit: ward1 }]);
  const memberA = await person([], cellA, 'Trần Thị Đọc');
  const memberA2 = await person([], cellA, 'Lê Văn Chưa');
  const memberOtherCell = await person([], cellA2, 'Phạm Văn Bên');
  const memberB = await person([], cellB, 'Hoàng Văn Xa');
  const secretaryA = await person([{ role: 'cell_secretary', unit: cellA }], cellA, 'Nguyễn Bí Thư');
  const committeeCity = await person([{ role: 'committee_member', unit: city1 }]);
  const admin = await person([{ role: 'system_admin', unit: province }]);
  return {
    province,
    city1,
    city2,
    ward1,
    ward2,
    cellA,
    cellA2,
    cellB,
    editorCity,
    approverCity,
    editorWard,
    approverWard,
    memberA,
    memberA2,
    memberOtherCell,
    memberB,
    secretaryA,
    committeeCity,
    admin,
  };
}
