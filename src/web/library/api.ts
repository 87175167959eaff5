/** Types and calls of the library API (src/server/modules/documents). */
import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../api/client.ts';
import i18n from '../i18n/index.ts';

export type DocStatus = 'draft' | 'submitted' | 'published' | 'unpublished' | 'archived';
export type Kind = 'document' | 'news' | 'page';

export interface DocSummary {
  id: string;
  kind: Kind;
  title: string;
  symbol: string | null;
  typeCode: string | null;
  typeName: string | null;
  issuerCode: string | null;
  issuerName: string | null;
  issueDate: string | null;
  category: string | null;
  summary: string;
  status: DocStatus;
  publishAt: string | null;
  textStatus: 'extracted' | 'no_text_layer' | 'none';
  hasCover: boolean;
  unitName: string;
}

export interface SnippetPart {
  text: string;
  mark: boolean;
}

export interface SearchHit extends DocSummary {
  snippet: SnippetPart[];
  matchedIn: 'symbol' | 'title' | 'text' | 'none';
}

export interface FileVersion {
  id: string;
  version: number;
  name: string;
  mime: string;
  size: number;
  createdAt: string;
  createdByName: string | null;
  replacedAt: string | null;
  replacedByName: string | null;
}

export interface DocFile extends FileVersion {
  slot: string;
  kind: 'pdf' | 'docx' | 'xlsx' | 'image' | 'video';
  textStatus: 'extracted' | 'no_text_layer' | 'none';
  pageCount: number | null;
  versions: FileVersion[];
}

export interface DocDetail extends DocSummary {
  topics: string[];
  bodyHtml: string;
  reviewComment: string | null;
  unitId: string;
  targets: Array<{ id: string; name: string }>;
  files: DocFile[];
  bookmarked: boolean;
  readAt: string | null;
  abilities: {
    edit: boolean;
    submit: boolean;
    publish: boolean;
    sendBack: boolean;
    unpublish: boolean;
    archive: boolean;
    readStats: boolean;
  };
}

export interface LibraryAbilities {
  edit: boolean;
  approve: boolean;
  readStats: boolean;
  manageCodes: boolean;
  editUnits: Array<{ id: string; name: string }>;
  readStatsUnits: Array<{ id: string; name: string }>;
}

export interface Codes {
  types: Array<{ code: string; name: string }>;
  issuers: Array<{ code: string; name: string }>;
}

export const fileUrl = (id: string, download = false) => `/api/library/files/${id}${download ? '?download=1' : ''}`;
export const readingUrl = (id: string) => `/api/library/files/${id}/reading`;

export function useAbilities() {
  return useQuery({
    queryKey: ['library', 'abilities'],
    queryFn: () => api.get<LibraryAbilities>('/api/library/abilities'),
    staleTime: 5 * 60_000,
  });
}

export function useCodes() {
  return useQuery({
    queryKey: ['library', 'codes'],
    queryFn: () => api.get<Codes>('/api/library/codes'),
    staleTime: 10 * 60_000,
  });
}

export function useDocument(id: string | undefined) {
  return useQuery({
    queryKey: ['library', 'doc', id],
    queryFn: () => api.get<{ document: DocDetail }>(`/api/documents/${id}`),
    enabled: !!id,
  });
}

/** Multipart upload with the CSRF header; the server answers with the updated document. */
export async function uploadFile(
  documentId: string,
  file: File,
  fields: Record<string, string> = {},
): Promise<{ document: DocDetail }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetch(`/api/documents/${documentId}/files`, {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: { 'X-Requested-With': 'sotay', Accept: 'application/json' },
    });
  } catch {
    throw new ApiError(0, 'NETWORK', i18n.t('errors.network'));
  }
  const body = (await res.json().catch(() => ({}))) as { title?: string; code?: string; document?: DocDetail };
  if (!res.ok)
    throw new ApiError(
      res.status,
      body.code ?? `HTTP_${res.status}`,
      body.title ?? i18n.t('errors.generic', { status: res.status }),
    );
  return body as { document: DocDetail };
}
