/**
 * What the route-walking tests (the scope matrix, the fuzz) need to know about every route:
 * a valid body built from a world's real ids (so a request reaches the service and the database),
 * the id slots of its path, query and body with the kind of resource each names, and the string
 * fields of its body. Slots and fields come from the route's declared zod schemas, so a new field
 * is walked without anyone adding it here; a new write route without a sample body fails the walk.
 */
import { z } from 'zod';
import type { RouteInfo } from '../app.ts';
import type { WorldIds } from './world.ts';
import { registerBody } from './meetings.factories.ts';

export type RouteKey = `${string} ${string}`;
export const routeKey = (r: Pick<RouteInfo, 'method' | 'url'>): RouteKey => `${r.method} ${r.url}`;

/** The routes the walks cover: the API's own, not the documentation plugin's, and no HEAD twins. */
export function walkedRoutes(table: RouteInfo[]): RouteInfo[] {
  return table.filter((r) => !r.url.startsWith('/api/docs') && r.method !== 'HEAD');
}

export const hasBody = (r: Pick<RouteInfo, 'method'>) => r.method !== 'GET' && r.method !== 'DELETE';

const SOME_UUID = '00000000-0000-4000-8000-000000000001';
const SOME_UUID_2 = '00000000-0000-4000-8000-000000000002';

/**
 * A valid body for each state-changing route, with the ids of `ids` (the caller's own world), so
 * the request gets past the schema to the scope check and the write. `undefined`: the route takes
 * no JSON body (or takes multipart, which the walks send empty).
 */
export function sampleBody(key: RouteKey, ids: WorldIds, at = '2030-01-10T12:00:00.000Z'): unknown {
  const end = new Date(new Date(at).getTime() + 2 * 3_600_000).toISOString();
  const samples: Record<string, unknown> = {
    'POST /api/auth/sign-in': { login: 'khong-ton-tai', password: 'x' },
    'POST /api/auth/sign-out': undefined,
    'POST /api/auth/sign-out-everywhere': undefined,
    'POST /api/auth/sign-in/2fa': { challenge: 'khong-ton-tai-challenge', code: '123456' },
    'POST /api/auth/2fa/setup': undefined,
    'POST /api/auth/2fa/enable': { code: '123456' },
    'POST /api/auth/2fa/disable': { password: 'sai-mat-khau' },
    'POST /api/auth/password': { currentPassword: 'sai-mat-khau', newPassword: 'mat-khau-moi-1' },
    'POST /api/auth/activation/check': { code: 'ABCD-EFGH' },
    'POST /api/auth/activate': { code: 'ABCD-EFGH', password: 'mat-khau-moi-1' },
    'POST /api/units': { parentId: ids.parent, code: `NEW-${ids.unit.slice(0, 8)}`, name: 'Chi bộ mới', type: 'cell' },
    'PATCH /api/units/:id': { name: 'Tên đã đổi' },
    'POST /api/units/:id/move': { newParentId: ids.parent, reason: 'Sắp xếp lại' },
    'POST /api/units/:id/merge': { intoId: ids.sibling, reason: 'Hợp nhất' },
    'POST /api/units/:id/dissolve': { reason: 'Giải thể' },
    'POST /api/members/:id/activation-code': undefined,
    'POST /api/roles': { userId: ids.user, role: 'cell_deputy', unitId: ids.unit },
    'DELETE /api/roles/:id': undefined,
    'DELETE /api/auth/sessions/:id': undefined,
    'POST /api/documents': { unitId: ids.parent, title: 'Văn bản mới', targetUnitIds: [ids.unit] },
    'PATCH /api/documents/:id': { title: 'Tên đã đổi', targetUnitIds: [ids.unit] },
    'POST /api/documents/:id/files': undefined,
    'POST /api/documents/:id/submit': undefined,
    'POST /api/documents/:id/publish': {},
    'POST /api/documents/:id/send-back': { comment: 'Trả lại để sửa' },
    'POST /api/documents/:id/unpublish': { reason: 'Gỡ xuống' },
    'POST /api/documents/:id/archive': { reason: 'Lưu trữ' },
    'POST /api/documents/:id/read': undefined,
    'POST /api/documents/:id/bookmark': undefined,
    'POST /api/library/codes/types': { code: 'XX', name: 'Loại mới' },
    'POST /api/library/codes/issuers': { code: 'XX', name: 'Cơ quan mới' },
    'POST /api/members/standardization/fix-all': { unitId: ids.unit },
    'POST /api/members/import': undefined,
    'POST /api/members/activation-sheet': { unitId: ids.unit },
    'POST /api/members/corrections/:id/decision': { accept: true, note: 'Đồng ý' },
    'POST /api/members/transfers/:id/decision': { decision: 'accept', note: 'Đồng ý' },
    'PATCH /api/members/:id': { fullName: 'Tên Đã Đổi' },
    'POST /api/members/:id/status': { status: 'deceased', effectiveDate: '2025-01-01', note: 'Từ trần' },
    'POST /api/members/:id/fix': undefined,
    'POST /api/members/:id/transfers': { toCellId: ids.sibling, startDate: '2025-01-01', reason: 'Chuyển nơi ở' },
    'POST /api/members/duplicates/dismiss': { memberIds: [ids.member, ids.photo], note: 'Hai người khác nhau' },
    'POST /api/members/:id/photo': undefined,
    'POST /api/me/card/photo': undefined,
    'POST /api/me/member/corrections': { field: 'phone', proposedValue: '0912345678', note: 'Số mới' },
    'POST /api/members/:id/erasure': undefined,
    'POST /api/notifications/read-all': undefined,
    'POST /api/notifications/:id/read': undefined,
    'PUT /api/notifications/preferences': { kind: 'new_document', enabled: false },
    'POST /api/push/subscriptions': {
      endpoint: 'https://push.example.test/abc',
      keys: {
        p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
        auth: 'tBHItJI5svbpez7KI4CCXg',
      },
    },
    'POST /api/push/unsubscribe': { endpoint: 'https://push.example.test/abc' },
    'POST /api/installs': { deviceId: SOME_UUID, platform: 'android', source: 'standalone' },
    'POST /api/feedback': { clientId: SOME_UUID_2, targetUnitId: ids.unit, kind: 'question', subject: 'Hỏi', body: 'Nội dung' },
    'POST /api/feedback/:id/reply': { body: 'Trả lời' },
    'POST /api/feedback/:id/forward': { toUnitId: ids.parent, note: '' },
    'POST /api/feedback/:id/close': { note: '' },
    'POST /api/notices': { unitId: ids.unit, title: 'Thông báo', body: 'Nội dung' },
    'POST /api/meetings': registerBody(ids.unit, at, 120, { chairMemberId: ids.member, minutesTakerMemberId: ids.photo }),
    'PUT /api/meetings/settings': { registrationDeadlineDay: 20 },
    'POST /api/meetings/rubrics': {
      name: 'Thang điểm',
      definition: { criteria: [{ key: 'a', label: 'a', max: 100 }], ratingBands: [{ code: 'good', label: 'Tốt', min: 0 }] },
    },
    'POST /api/meetings/calendar-link': undefined,
    'POST /api/meetings/guidance': {
      unitId: ids.parent,
      month: at.slice(0, 7),
      title: 'Hướng dẫn',
      url: 'https://example.org/hd.pdf',
    },
    'POST /api/meetings/guidance/upload': undefined,
    'PATCH /api/meetings/:id': { place: 'Nơi khác', chairMemberId: ids.member, minutesTakerMemberId: ids.photo },
    'PUT /api/meetings/:id/agenda': { items: [{ id: ids.agendaItem, title: 'Mục một' }] },
    'PUT /api/meetings/:id/draft': { draftResolution: 'Dự thảo' },
    'POST /api/meetings/:id/materials': undefined,
    'POST /api/meetings/:id/publish': undefined,
    'POST /api/meetings/:id/invite': undefined,
    'POST /api/meetings/:id/rsvp': { answer: 'attend' },
    'POST /api/meetings/:id/opinions': { agendaItemId: ids.agendaItem, body: 'Ý kiến' },
    'POST /api/meetings/:id/check-in': { token: '123456', clientId: SOME_UUID },
    'POST /api/meetings/:id/roll-call': { changes: [{ clientId: SOME_UUID, memberId: ids.member, status: 'present' }] },
    'PUT /api/meetings/:id/minutes': {
      actualStartAt: at,
      actualEndAt: end,
      chairMemberId: ids.member,
      minutesTakerMemberId: ids.photo,
      items: [
        { agendaItemId: ids.agendaItem, remarks: [{ speakerMemberId: ids.member, speakerName: 'Người phát biểu', remark: 'Ý' }] },
      ],
    },
    'PUT /api/meetings/:id/resolution': {
      resolutionText: 'Nghị quyết',
      tasks: [{ title: 'Việc', ownerMemberId: ids.member, ownerName: 'Người làm' }],
    },
    'POST /api/meetings/:id/signed-copies': undefined,
    'POST /api/meetings/:id/finalize': undefined,
    'POST /api/meetings/:id/reopen': { reason: 'Mở lại' },
    'PUT /api/meetings/:id/evaluation': { scores: { conduct: 1 } },
    'POST /api/stats/snapshots': { month: '2025-01' },
    'POST /api/rules/:kind': {
      version: 'Thử 2031',
      regulation: 'Quy định thử',
      effectiveFrom: '2031-01-01',
      unitId: ids.unit,
      payload: {
        keepBasisPoints: { cell: 3000, grassroots_cell: 7000, grassroots: 7000, sub_unit: 0, upper_level: 5000, province: 5000 },
        localityGrassrootsKeepBasisPoints: 9000,
        localityCellKeepBasisPoints: 5000,
      },
    },
    'POST /api/rules/:kind/:id/withdraw': { reason: 'Thu hồi thử' },
    'POST /api/meetings/:id/votes': {
      kind: 'official_recognition',
      method: 'secret',
      title: 'Công nhận đảng viên chính thức',
      subjectName: 'Đảng viên dự bị',
      subjectMemberId: ids.member,
      candidates: [{ name: 'Người được lấy phiếu', memberId: ids.member }],
    },
    'PATCH /api/votes/:id': {
      title: 'Tên đã đổi',
      subjectMemberId: ids.member,
      candidates: [{ name: 'Ứng viên', memberId: ids.member }],
    },
    'POST /api/votes/:id/open': undefined,
    'POST /api/votes/:id/close': undefined,
    'POST /api/votes/:id/ballots': { clientId: SOME_UUID, ballot: { type: 'yes_no', choice: 'for' } },
    'PUT /api/votes/:id/tally': { tally: { type: 'yes_no', cast: 1, invalid: 0, for: 1, against: 0, abstain: 0 } },
    'POST /api/reviews': {
      unitId: ids.parent,
      year: 2031,
      referenceDate: '2031-12-15',
      deadlines: { selfReview: '2031-11-30', residence: '2031-12-05', cellSession: '2031-12-10', decision: '2031-12-20' },
      extraCriteria: [{ form: '2B', section: 'tasks', label: 'Tiêu chí riêng' }],
    },
    'PUT /api/review-entries/:id/self': { content: { form: '2B', strengths: 'Ưu điểm', shortcomings: 'Hạn chế' } },
    'POST /api/review-entries/:id/submit': {
      content: {
        form: '2B',
        strengths: 'Ưu điểm',
        shortcomings: 'Hạn chế',
        tasks: 'Kết quả',
        scores: { general: 25, tasks: 60 },
        selfGrade: 'good',
        pledge: 'Cam kết',
      },
    },
    'PUT /api/reviews/cells/:id/collective': { grade: 'good', note: 'Ghi chú' },
    'POST /api/review-entries/:id/return': { reason: 'Bổ sung' },
    'POST /api/review-entries/:id/residence-request': { residenceCellId: ids.sibling },
    'POST /api/review-entries/:id/residence-comment': { comment: 'Nhận xét nơi cư trú' },
    'PUT /api/review-entries/:id/proposal': { grade: 'good', score: 80, discussion: 'Ý kiến' },
    'PUT /api/review-entries/:id/decision': { grade: 'good', reason: 'Lý do' },
    'POST /api/reviews/:id/publish': { unitId: ids.parent },
    'POST /api/members/:id/disciplines': {
      decidedOn: '2026-04-10',
      form: 'reprimand',
      decidedBy: 'Ban Thường vụ',
      documentNumber: '1-QĐ/ĐU',
    },
    'POST /api/members/:id/suspensions': { kind: 'suspended', fromDate: '2026-04-10' },
  };
  if (!(key in samples)) throw new Error(`No sample body for ${key}: add one to src/server/testing/route-walk.ts`);
  return structuredClone(samples[key]);
}

/**
 * A valid query for a route: every id-like parameter from `ids` (the first kind of its slot), plus
 * the required parameters that are not ids (a month, a table, a metric), so a GET reaches the
 * service with the caller's own world and a foreign id put in one slot is the only thing wrong.
 */
export function sampleQuery(route: RouteInfo, ids: WorldIds, month: string): Record<string, string> {
  const q: Record<string, string> = {};
  for (const slot of idSlots(route)) if (slot.where === 'query') q[slot.path] = ids[slot.kinds[0]!];
  const schema = jsonSchemaOf(route.schema.querystring);
  const names = new Set(leaves(schema).map((l) => l.name));
  // A month only where one is required: an optional month asks for that month's snapshot.
  if (schema?.required?.includes('month')) q.month = month;
  if (names.has('metric')) q.metric = 'notInstalled';
  if (names.has('table')) q.table = names.has('documentId') ? 'notRead' : 'adoption';
  if (names.has('q') && route.url === '/api/units/search') q.q = 'chi bộ';
  return q;
}

/** The kind of resource an id names; the key of `WorldIds` it is taken from. */
export type IdKind = keyof WorldIds;

/** Which resource the `:id` of a route names, by the route's path (longest prefix first). */
const PATH_ID_KINDS: Array<[RegExp, IdKind[]]> = [
  [/^\/api\/members\/corrections\//, ['correction']],
  [/^\/api\/members\/transfers\//, ['transfer']],
  [/^\/api\/members\/:id\/photo/, ['photo']],
  [/^\/api\/members\//, ['member']],
  [/^\/api\/units\//, ['unit', 'parent']],
  [/^\/api\/roles\//, ['role']],
  [/^\/api\/auth\/sessions\//, ['session']],
  [/^\/api\/documents\//, ['document', 'draft']],
  [/^\/api\/library\/files\//, ['file']],
  [/^\/api\/meetings\/guidance\//, ['guidance']],
  [/^\/api\/meetings\//, ['meeting']],
  [/^\/api\/meeting-files\//, ['meetingFile']],
  [/^\/api\/notifications\//, ['notification']],
  [/^\/api\/feedback\//, ['feedback']],
  [/^\/api\/notices\//, ['notice']],
  [/^\/api\/votes\//, ['vote']],
  [/^\/api\/review-entries\//, ['reviewEntry']],
  [/^\/api\/reviews\/cells\//, ['unit']],
  [/^\/api\/reviews\//, ['reviewCycle']],
];

/** Which resource a query or body field names, by the field's name. */
const FIELD_ID_KINDS: Array<[RegExp, IdKind[]]> = [
  [
    /^(unitId|cellId|parentId|newParentId|intoId|toUnitId|targetUnitId|targetUnitIds|toCellId|residenceCellId)$/,
    ['unit', 'parent'],
  ],
  [/^(memberId|memberIds|chairMemberId|minutesTakerMemberId|speakerMemberId|ownerMemberId|subjectMemberId)$/, ['member']],
  [/^userId$/, ['user']],
  [/^documentId$/, ['document', 'draft']],
  [/^agendaItemId$/, ['agendaItem']],
  [/^meetingId$/, ['meeting']],
];

/** Ids the client makes up itself (idempotency keys, device ids): not references to anything. */
const CLIENT_MADE = /^(clientId|deviceId)$/;
const ID_NAME = /(^id$|Id$|Ids$)/;

export interface IdSlot {
  where: 'param' | 'query' | 'body';
  /** The parameter's name, or the dotted path in the body ("changes.0.memberId"). */
  path: string;
  kinds: IdKind[];
}

interface JsonSchema {
  type?: string | string[];
  required?: string[];
  format?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

/** The route's zod schema as JSON Schema (input side), or null when it declares none. */
export function jsonSchemaOf(schema: unknown): JsonSchema | null {
  if (!schema) return null;
  return z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** Every leaf of a JSON Schema with its dotted path (array items at index 0) and its schema. */
export function leaves(schema: JsonSchema | null, path = ''): Array<{ path: string; name: string; schema: JsonSchema }> {
  if (!schema) return [];
  const variants = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (variants) {
    const seen = new Map<string, { path: string; name: string; schema: JsonSchema }>();
    for (const v of variants) for (const l of leaves(v, path)) if (!seen.has(l.path)) seen.set(l.path, l);
    return [...seen.values()];
  }
  const join = (k: string | number) => (path ? `${path}.${k}` : String(k));
  if (schema.properties) return Object.entries(schema.properties).flatMap(([k, s]) => leavesNamed(s, join(k), k));
  return [];
}

function leavesNamed(schema: JsonSchema, path: string, name: string): Array<{ path: string; name: string; schema: JsonSchema }> {
  const variants = (schema.anyOf ?? schema.oneOf ?? []).filter((v) => v.type !== 'null');
  if (variants.length === 1) return leavesNamed(variants[0]!, path, name);
  if (schema.properties) return leaves(schema, path);
  if (schema.items) {
    const inner = schema.items;
    if (inner.properties || inner.anyOf) return leaves(inner, `${path}.0`);
    return [{ path: `${path}.0`, name, schema: inner }];
  }
  return [{ path, name, schema }];
}

function fieldKinds(name: string): IdKind[] | null {
  for (const [re, kinds] of FIELD_ID_KINDS) if (re.test(name)) return kinds;
  return null;
}

/** Every id the route takes, where, and of which kind (unknown kinds: every id of the world). */
export function idSlots(route: RouteInfo): IdSlot[] {
  const slots: IdSlot[] = [];
  for (const m of route.url.matchAll(/:(\w+)/g)) {
    const name = m[1]!;
    if (name === 'token') continue; // a public secret link (calendar, e-card check): the token is the permission
    if (name in NAMED_PARAMS) continue; // a name, not an id
    const byPath = PATH_ID_KINDS.find(([re]) => re.test(route.url))?.[1];
    slots.push({ where: 'param', path: name, kinds: byPath ?? ALL_KINDS });
  }
  const fields = (where: 'query' | 'body', schema: unknown) => {
    for (const leaf of leaves(jsonSchemaOf(schema))) {
      if (CLIENT_MADE.test(leaf.name)) continue;
      const isId = ID_NAME.test(leaf.name) || leaf.schema.format === 'uuid';
      if (!isId) continue;
      slots.push({ where, path: leaf.path, kinds: fieldKinds(leaf.name) ?? ALL_KINDS });
    }
  };
  fields('query', route.schema.querystring);
  if (hasBody(route)) fields('body', route.schema.body);
  return slots;
}

const ALL_KINDS: IdKind[] = [
  'unit',
  'parent',
  'member',
  'user',
  'meeting',
  'agendaItem',
  'meetingFile',
  'document',
  'draft',
  'file',
  'feedback',
  'notice',
  'notification',
  'correction',
  'transfer',
  'photo',
];

/** Every string field of the route's body (dotted paths, array items at index 0). */
export function stringFields(route: RouteInfo): string[] {
  if (!hasBody(route)) return [];
  return leaves(jsonSchemaOf(route.schema.body))
    .filter((l) => l.schema.type === 'string' || (Array.isArray(l.schema.type) && l.schema.type.includes('string')))
    .map((l) => l.path);
}

/** Sets `path` ("items.0.title") in a JSON value, making the objects and arrays on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.');
  let node: Record<string, unknown> | unknown[] = target;
  keys.forEach((k, i) => {
    const last = i === keys.length - 1;
    const key = /^\d+$/.test(k) ? Number(k) : k;
    const holder = node as Record<string | number, unknown>;
    if (last) holder[key] = value;
    else {
      if (holder[key] === undefined || holder[key] === null || typeof holder[key] !== 'object')
        holder[key] = /^\d+$/.test(keys[i + 1]!) ? [] : {};
      node = holder[key] as Record<string, unknown>;
    }
  });
  return target;
}

/** Whether `path` exists in the value (so a sample covers the slot). */
export function hasPath(value: unknown, path: string): boolean {
  let node: unknown = value;
  for (const k of path.split('.')) {
    if (!node || typeof node !== 'object') return false;
    node = (node as Record<string, unknown>)[k];
  }
  return node !== undefined;
}

/** Path parameters that are names rather than ids, with a real value each (a rule kind). */
const NAMED_PARAMS: Record<string, string> = { kind: 'dues.shares' };

/** The route's URL with every path parameter filled from `ids` (the first kind of its slot). */
export function fillUrl(route: RouteInfo, ids: WorldIds, override?: { name: string; value: string }): string {
  return route.url.replace(/:(\w+)/g, (_m, name: string) => {
    if (override?.name === name) return encodeURIComponent(override.value);
    if (name in NAMED_PARAMS) return encodeURIComponent(NAMED_PARAMS[name]!);
    const slot = idSlots(route).find((s) => s.where === 'param' && s.path === name);
    return encodeURIComponent(slot ? ids[slot.kinds[0]!] : 'x');
  });
}
