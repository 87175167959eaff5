/** The one SELECT list of a library item as lists show it, shared by listing, search and reading. */
import { sql, type SQL } from 'drizzle-orm';
import type { DocumentStatus, LibraryKind, TextStatus } from '../../db/schema.ts';

export const SUMMARY_SELECT: SQL =
  sql.raw(`d.id, d.kind, d.title, d.symbol, d.type_code, dt.name AS type_name, d.issuer_code, di.name AS issuer_name,
  d.issue_date::text AS issue_date, d.category, d.summary, d.status, d.publish_at, d.text_status,
  (d.cover_file_id IS NOT NULL) AS has_cover, u.name AS unit_name`);

export const SUMMARY_FROM: SQL = sql.raw(`documents d JOIN units u ON u.id = d.unit_id
  LEFT JOIN document_types dt ON dt.code = d.type_code LEFT JOIN document_issuers di ON di.code = d.issuer_code`);

export interface SummaryRow {
  id: string;
  kind: LibraryKind;
  title: string;
  symbol: string | null;
  type_code: string | null;
  type_name: string | null;
  issuer_code: string | null;
  issuer_name: string | null;
  issue_date: string | null;
  category: string | null;
  summary: string;
  status: DocumentStatus;
  publish_at: Date | string | null;
  text_status: TextStatus;
  has_cover: boolean;
  unit_name: string;
}

export function asDate(v: Date | string | null): Date | null {
  if (v === null) return null;
  return v instanceof Date ? v : new Date(v);
}

export function toSummary(r: SummaryRow) {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    symbol: r.symbol,
    typeCode: r.type_code,
    typeName: r.type_name,
    issuerCode: r.issuer_code,
    issuerName: r.issuer_name,
    issueDate: r.issue_date,
    category: r.category,
    summary: r.summary,
    status: r.status,
    publishAt: asDate(r.publish_at),
    textStatus: r.text_status,
    hasCover: r.has_cover,
    unitName: r.unit_name,
  };
}
export type DocumentSummaryOut = ReturnType<typeof toSummary>;
