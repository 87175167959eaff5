/** Types and calls of the member registry pages. */
import i18n from '../i18n/index.ts';
import { ApiError } from '../api/client.ts';

export interface ProblemOut {
  code: string;
  field: string;
  label: string;
}
export interface Summary {
  unit: { id: string; name: string };
  members: number;
  standardized: number;
  percent: number;
  byProblem: Array<{ code: string; label: string; count: number; certainFix: boolean }>;
  items: Array<{ id: string; fullName: string; cellName: string; problems: ProblemOut[]; fixable: boolean }>;
  total: number;
}
export interface DupGroup {
  kind: 'cccd' | 'name_dob';
  members: Array<{ id: string; fullName: string; dateOfBirth: string | null; cccdMasked: string | null; cellName: string }>;
  outsideScope: number;
  openPairs: Array<[string, string]>;
}
export interface ImportReport {
  kind: 'xlsx' | 'csv';
  headerRow: number;
  rows: number;
  columns: Array<{ column: number; header: string; target: string | null }>;
  needsMapping: boolean;
  counts: { created: number; updated: number; unchanged: number; rejected: number };
  rejected: Array<{ row: number; name: string | null; field: string; code: string; reason: string }>;
  withProblems: Array<{ row: number; name: string; problems: ProblemOut[] }>;
  encodings: { tcvn3: number; vni: number };
  planHash: string;
  dryRun: boolean;
  written: boolean;
}
export interface MemberRecord {
  id: string;
  fullName: string;
  cellId: string;
  cellName: string;
  status: string;
  statusDate: string | null;
  standardized: boolean | null;
  problems: ProblemOut[];
  statusHistory: Array<{ fromStatus: string | null; toStatus: string; effectiveDate: string; note: string; at: string }>;
  cellHistory: Array<{ cellId: string; cellName: string; validFrom: string; validTo: string | null; reason: string }>;
  abilities: { manage: boolean };
  [field: string]: unknown;
}
export interface Correction {
  id: string;
  memberId: string;
  memberName: string;
  cellName: string;
  field: string;
  currentValue: string | null;
  proposedValue: string;
  note: string;
  state: 'pending' | 'accepted' | 'rejected';
  requestedAt: string;
}
export interface Card {
  fullName: string;
  partyCardNumber: string | null;
  cellName: string;
  status: string;
  statusLabel: string;
  photoUrl: string | null;
  token: string;
  verifyUrl: string;
  qrSvg: string;
  expiresAt: string;
}

/** Multipart upload (the JSON client cannot send files); same CSRF header and error shape. */
export async function uploadImport(
  unitId: string,
  file: File,
  dryRun: boolean,
  mapping: Record<string, string>,
  planHash?: string,
): Promise<ImportReport> {
  const form = new FormData();
  form.set('mapping', JSON.stringify(mapping));
  if (planHash) form.set('planHash', planHash);
  form.set('file', file);
  const res = await fetch(`/api/members/import?unitId=${encodeURIComponent(unitId)}&dryRun=${dryRun}`, {
    method: 'POST',
    body: form,
    headers: { 'X-Requested-With': 'sotay', Accept: 'application/json' },
    credentials: 'same-origin',
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { code?: string; title?: string };
    throw new ApiError(
      res.status,
      body.code ?? `HTTP_${res.status}`,
      body.title ?? i18n.t('errors.generic', { status: res.status }),
    );
  }
  return (await res.json()) as ImportReport;
}

/** Downloads a POST response (the activation sheet PDF) as a file. */
export async function downloadPost(path: string, body: unknown, fileName: string): Promise<void> {
  const res = await fetch(path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'X-Requested-With': 'sotay', 'Content-Type': 'application/json' },
    credentials: 'same-origin',
  });
  if (!res.ok) {
    const p = (await res.json().catch(() => ({}))) as { code?: string; title?: string };
    throw new ApiError(res.status, p.code ?? `HTTP_${res.status}`, p.title ?? i18n.t('errors.generic', { status: res.status }));
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
}

export interface Transfer {
  id: string;
  memberId: string;
  memberName: string;
  fromCellId: string;
  fromCellName: string;
  toCellId: string;
  toCellName: string;
  startDate: string;
  endDate: string | null;
  temporary: boolean;
  reason: string;
  state: 'requested' | 'accepted' | 'rejected' | 'cancelled' | 'returned';
  requestedAt: string;
  decidedAt: string | null;
  decisionNote: string;
  abilities: { decide: boolean; cancel: boolean };
}
export interface TransferTarget {
  id: string;
  code: string;
  name: string;
  parentName: string | null;
}

export const MEMBER_STATUSES = [
  'probationary',
  'official',
  'exempted',
  'transferred_out_temporary',
  'transferred_out',
  'removed',
  'expelled',
  'resigned',
  'deceased',
] as const;

/** Multipart photo upload (own card or a member's, by staff); answers the new photo URL. */
export async function uploadPhoto(path: string, file: File): Promise<{ photoUrl: string }> {
  const form = new FormData();
  form.set('file', file);
  const res = await fetch(path, {
    method: 'POST',
    body: form,
    headers: { 'X-Requested-With': 'sotay', Accept: 'application/json' },
    credentials: 'same-origin',
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { code?: string; title?: string };
    throw new ApiError(
      res.status,
      body.code ?? `HTTP_${res.status}`,
      body.title ?? i18n.t('errors.generic', { status: res.status }),
    );
  }
  return (await res.json()) as { photoUrl: string };
}
