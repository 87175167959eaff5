/**
 * Versioned rules: the version of a rule kind in force on a day, for the whole installation or for
 * a unit's subtree, and the system admin's listing, adding and withdrawing of versions (audited).
 *
 * How a feature uses it: define its kind in common/ with `defineRuleKind` (a zod schema and the
 * versions known today), list it in common/rules/kinds.ts, then read it:
 *
 *   const rule = await requireRuleInForce(db, duesRatesKind, '2026-03-01');  // typed payload
 *   const timeline = await ruleTimeline(db, sharesKind);                      // many days at once
 *   resolveRule(timeline, day, unitPath)
 *
 * The defaults of every kind are seeded into a database the first time any rule is read there
 * (idempotent: a seeded or withdrawn version is never inserted again).
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ZodError } from 'zod';
import type { Db, DbOrTx } from '../../db/client.ts';
import { ruleSets, units, users } from '../../db/schema.ts';
import type { RuleKind } from '../../../common/rules/define.ts';
import { RULE_KINDS, ruleKindOf } from '../../../common/rules/kinds.ts';
import { endOf, versionOn } from '../../../common/rules/timeline.ts';
import { vnDate } from '../../../common/time/vietnam.ts';
import { AppError, badRequest, conflict, notFound, type FieldError } from '../../http/errors.ts';
import { ISSUE_MESSAGES } from '../../http/problem.ts';
import type { Ctx } from '../../context.ts';
import { authorize, readingUnitIds } from '../../auth/authorize.ts';
import { recordAudit, sourceOf } from '../audit/audit.service.ts';
import type { AddRuleVersionInput, RuleVersionView, WithdrawRuleVersionInput } from '../../../common/api/rules.ts';

export interface RuleVersion<T> {
  id: string;
  kind: string;
  version: string;
  regulation: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  example: boolean;
  /** null: installation-wide. */
  unitId: string | null;
  unitPath: string | null;
  payload: T;
}

/** Every live version of a kind, all scopes, for resolving many days and units in memory. */
export interface RuleTimeline<T> {
  kind: RuleKind<T>;
  versions: RuleVersion<T>[];
}

const seeded = new WeakMap<object, Promise<void>>();

/** Inserts the code's default versions that this database has never had (once per connection object). */
export function ensureRuleDefaults(db: DbOrTx): Promise<void> {
  let done = seeded.get(db);
  if (!done) {
    done = seedDefaults(db).catch((err: unknown) => {
      seeded.delete(db);
      throw err;
    });
    seeded.set(db, done);
  }
  return done;
}

async function seedDefaults(db: DbOrTx): Promise<void> {
  const rows = RULE_KINDS.flatMap((k) =>
    k.defaults.map((d) => ({
      kind: k.kind,
      version: d.version,
      regulation: d.regulation,
      effectiveFrom: d.effectiveFrom,
      effectiveTo: d.effectiveTo ?? null,
      payload: d.payload,
      example: d.example ?? false,
      note: d.note ?? '',
      seeded: true,
    })),
  );
  if (rows.length === 0) return;
  const inserted = await db
    .insert(ruleSets)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: ruleSets.id, kind: ruleSets.kind, version: ruleSets.version });
  if (inserted.length === 0) return;
  await recordAudit(
    db,
    { actorId: null, requestId: null, at: new Date() },
    {
      action: 'rules.seed',
      targetType: 'rule_set',
      changes: { versions: { old: null, new: inserted.map((r) => `${r.kind}@${r.version}`) } },
    },
  );
}

function parsePayload<T>(kind: RuleKind<T>, id: string, payload: unknown): T {
  const parsed = kind.schema.safeParse(payload);
  // Stored payloads were checked when written; failing here means the code's schema changed shape.
  if (!parsed.success) throw new Error(`rule_sets ${id} (${kind.kind}) no longer matches its schema: ${parsed.error.message}`);
  return parsed.data;
}

export async function ruleTimeline<T>(db: DbOrTx, kind: RuleKind<T>): Promise<RuleTimeline<T>> {
  if (ruleKindOf(kind.kind) !== (kind as RuleKind<unknown>))
    throw new Error(`rule kind ${kind.kind} is not listed in common/rules/kinds.ts`);
  await ensureRuleDefaults(db);
  const rows = await db
    .select({ r: ruleSets, unitPath: units.path })
    .from(ruleSets)
    .leftJoin(units, eq(units.id, ruleSets.unitId))
    .where(and(eq(ruleSets.kind, kind.kind), isNull(ruleSets.withdrawnAt)))
    .orderBy(asc(ruleSets.effectiveFrom));
  return {
    kind,
    versions: rows.map(({ r, unitPath }) => ({
      id: r.id,
      kind: r.kind,
      version: r.version,
      regulation: r.regulation,
      effectiveFrom: r.effectiveFrom,
      effectiveTo: r.effectiveTo,
      example: r.example,
      unitId: r.unitId,
      unitPath,
      payload: parsePayload(kind, r.id, r.payload),
    })),
  };
}

/**
 * The version in force on `day` for a unit: the nearest scope above the unit (its own, its
 * province's, ...) that has a version in force that day, else the installation-wide one.
 */
export function resolveRule<T>(timeline: RuleTimeline<T>, day: string, unitPath?: string | null): RuleVersion<T> | null {
  const scopes = new Map<string, RuleVersion<T>[]>();
  for (const v of timeline.versions) {
    if (v.unitPath && !(unitPath && unitPath.startsWith(v.unitPath))) continue;
    const key = v.unitPath ?? '';
    const list = scopes.get(key) ?? [];
    list.push(v);
    scopes.set(key, list);
  }
  // Deepest scope first: a longer path lies below a shorter one on the same line.
  for (const key of [...scopes.keys()].sort((a, b) => b.length - a.length)) {
    const found = versionOn(scopes.get(key)!, day);
    if (found) return found;
  }
  return null;
}

export async function ruleInForce<T>(
  db: DbOrTx,
  kind: RuleKind<T>,
  day: string,
  opts: { unitPath?: string | null } = {},
): Promise<RuleVersion<T> | null> {
  return resolveRule(await ruleTimeline(db, kind), day, opts.unitPath);
}

export function missingRule(kind: RuleKind<unknown>, day: string): AppError {
  const [y, m, d] = day.split('-');
  return new AppError(
    409,
    'rules.missing',
    `Chưa có quy định "${kind.title}" áp dụng cho ngày ${d}/${m}/${y}. Quản trị hệ thống cần bổ sung trong mục Quy định.`,
  );
}

export async function requireRuleInForce<T>(
  db: DbOrTx,
  kind: RuleKind<T>,
  day: string,
  opts: { unitPath?: string | null } = {},
): Promise<RuleVersion<T>> {
  const found = await ruleInForce(db, kind, day, opts);
  if (!found) throw missingRule(kind as RuleKind<unknown>, day);
  return found;
}

// ---- Administration -------------------------------------------------------------------------

function kindOrNotFound(name: string): RuleKind<unknown> {
  const kind = ruleKindOf(name);
  if (!kind) throw notFound('Không có loại quy định này.');
  return kind;
}

const today = (ctx: Ctx) => vnDate(ctx.clock.now());

export async function listKinds(ctx: Ctx) {
  await ensureRuleDefaults(ctx.db);
  const day = today(ctx);
  const items = [];
  for (const kind of RULE_KINDS) {
    const timeline = await ruleTimeline(ctx.db, kind);
    const current = resolveRule(timeline, day, null);
    items.push({
      kind: kind.kind,
      title: kind.title,
      description: kind.description,
      unitScoped: kind.unitScoped,
      versions: timeline.versions.length,
      current: current
        ? { id: current.id, version: current.version, regulation: current.regulation, example: current.example }
        : null,
    });
  }
  return { today: day, items };
}

export async function listVersions(ctx: Ctx, kindName: string) {
  const kind = kindOrNotFound(kindName);
  await ensureRuleDefaults(ctx.db);
  const creator = alias(users, 'creator');
  const withdrawer = alias(users, 'withdrawer');
  const rows = await ctx.db
    .select({ r: ruleSets, unitName: units.name, createdByName: creator.displayName, withdrawnByName: withdrawer.displayName })
    .from(ruleSets)
    .leftJoin(units, eq(units.id, ruleSets.unitId))
    .leftJoin(creator, eq(creator.id, ruleSets.createdBy))
    .leftJoin(withdrawer, eq(withdrawer.id, ruleSets.withdrawnBy))
    .where(eq(ruleSets.kind, kind.kind))
    .orderBy(asc(ruleSets.effectiveFrom), asc(ruleSets.createdAt));
  const day = today(ctx);
  const live = rows.filter((x) => !x.r.withdrawnAt).map((x) => x.r);
  const items: RuleVersionView[] = rows.map(({ r, unitName, createdByName, withdrawnByName }) => {
    const sameScope = live.filter((o) => (o.unitId ?? '') === (r.unitId ?? ''));
    const until = r.withdrawnAt ? r.effectiveTo : endOf(sameScope, r);
    return {
      id: r.id,
      kind: r.kind,
      version: r.version,
      regulation: r.regulation,
      effectiveFrom: r.effectiveFrom,
      effectiveUntil: until,
      effectiveTo: r.effectiveTo,
      example: r.example,
      note: r.note,
      unitId: r.unitId,
      unitName: unitName ?? null,
      seeded: r.seeded,
      createdByName: createdByName ?? null,
      createdAt: r.createdAt,
      withdrawnAt: r.withdrawnAt,
      withdrawnByName: withdrawnByName ?? null,
      withdrawReason: r.withdrawReason,
      inForceToday: !r.withdrawnAt && versionOn(sameScope, day)?.id === r.id,
      payload: r.payload,
    };
  });
  return { kind: kind.kind, title: kind.title, description: kind.description, unitScoped: kind.unitScoped, today: day, items };
}

export async function versionInForce(ctx: Ctx, kindName: string, q: { date?: string | undefined; unitId?: string | undefined }) {
  const kind = kindOrNotFound(kindName);
  const day = q.date ?? today(ctx);
  let unitPath: string | null = null;
  if (q.unitId) {
    const [u] = await ctx.db.select({ id: units.id, path: units.path }).from(units).where(eq(units.id, q.unitId));
    // A unit the actor can see (their own, those above, those they serve): another's answers as an unknown one.
    if (!u || !(readingUnitIds(ctx.actor).includes(u.id) || authorize(ctx.actor, 'org.read', u.path)))
      throw notFound('Không tìm thấy đơn vị.');
    unitPath = u.path;
  }
  const found = await ruleInForce(ctx.db, kind, day, { unitPath });
  if (!found) throw missingRule(kind, day);
  const list = await listVersions(ctx, kind.kind);
  return list.items.find((i) => i.id === found.id)!;
}

function payloadErrors(error: ZodError): FieldError[] {
  return error.issues.map((i) => ({
    field: ['payload', ...i.path.map(String)].join('.'),
    message: (ISSUE_MESSAGES[i.code] ?? 'Giá trị không hợp lệ.') + (i.path.length ? ` (${i.path.join('.')})` : ''),
  }));
}

export async function addVersion(ctx: Ctx, kindName: string, input: AddRuleVersionInput) {
  const kind = kindOrNotFound(kindName);
  await ensureRuleDefaults(ctx.db);
  const parsed = kind.schema.safeParse(input.payload);
  if (!parsed.success) {
    const errors = payloadErrors(parsed.error);
    throw badRequest('rules.invalid_payload', `Nội dung quy định chưa đúng: ${errors[0]?.message ?? ''}`, errors);
  }
  if (input.effectiveTo && input.effectiveTo <= input.effectiveFrom)
    throw badRequest('rules.bad_dates', 'Ngày hết hiệu lực phải sau ngày bắt đầu áp dụng.', [
      { field: 'effectiveTo', message: 'Ngày hết hiệu lực phải sau ngày bắt đầu áp dụng.' },
    ]);
  if (input.effectiveFrom <= today(ctx) && !input.confirmRetroactive)
    throw conflict(
      'rules.retroactive',
      'Phiên bản này áp dụng cho cả những ngày đã qua, nên các số liệu đã tính (đảng phí, báo cáo) có thể thay đổi. Hãy xác nhận nếu đúng là áp dụng hồi tố.',
    );
  let unit: { id: string; path: string } | null = null;
  if (input.unitId) {
    if (!kind.unitScoped) throw badRequest('rules.not_unit_scoped', 'Loại quy định này chỉ áp dụng chung cho toàn hệ thống.');
    const [u] = await ctx.db.select({ id: units.id, path: units.path }).from(units).where(eq(units.id, input.unitId));
    if (!u) throw notFound('Không tìm thấy đơn vị.');
    unit = u;
  }
  return ctx.db.transaction(async (tx) => {
    const scope = sql`coalesce(${ruleSets.unitId}::text, '') = ${unit?.id ?? ''}`;
    const clash = await tx
      .select({ version: ruleSets.version, effectiveFrom: ruleSets.effectiveFrom, withdrawnAt: ruleSets.withdrawnAt })
      .from(ruleSets)
      .where(
        and(
          eq(ruleSets.kind, kind.kind),
          scope,
          sql`(${ruleSets.version} = ${input.version} OR (${ruleSets.effectiveFrom} = ${input.effectiveFrom} AND ${ruleSets.withdrawnAt} IS NULL))`,
        ),
      );
    if (clash.some((c) => c.version === input.version))
      throw conflict(
        'rules.duplicate_version',
        `Đã có phiên bản "${input.version}" của quy định này (kể cả phiên bản đã thu hồi).`,
      );
    if (clash.length > 0)
      throw conflict(
        'rules.duplicate_start',
        `Phiên bản "${clash[0]!.version}" đã bắt đầu áp dụng từ ngày này. Hãy thu hồi phiên bản đó trước, hoặc chọn ngày khác.`,
      );
    const [row] = await tx
      .insert(ruleSets)
      .values({
        kind: kind.kind,
        version: input.version,
        regulation: input.regulation,
        effectiveFrom: input.effectiveFrom,
        effectiveTo: input.effectiveTo ?? null,
        payload: parsed.data,
        example: input.example,
        note: input.note,
        unitId: unit?.id ?? null,
        createdBy: ctx.actor.userId,
        createdAt: ctx.clock.now(),
      })
      .returning({ id: ruleSets.id });
    await recordAudit(tx, sourceOf(ctx), {
      action: 'rules.add',
      targetType: 'rule_set',
      targetId: row!.id,
      unitId: unit?.id ?? null,
      unitPath: unit?.path ?? null,
      changes: {
        kind: { old: null, new: kind.kind },
        version: { old: null, new: input.version },
        regulation: { old: null, new: input.regulation },
        effectiveFrom: { old: null, new: input.effectiveFrom },
        effectiveTo: { old: null, new: input.effectiveTo ?? null },
        payload: { old: null, new: parsed.data },
      },
    });
    return row!;
  });
}

export async function withdrawVersion(ctx: Ctx, kindName: string, id: string, input: WithdrawRuleVersionInput) {
  const kind = kindOrNotFound(kindName);
  return ctx.db.transaction(async (tx) => {
    const [found] = await tx
      .select({ r: ruleSets, unitPath: units.path })
      .from(ruleSets)
      .leftJoin(units, eq(units.id, ruleSets.unitId))
      .where(and(eq(ruleSets.id, id), eq(ruleSets.kind, kind.kind)))
      .for('update', { of: ruleSets });
    const row = found?.r;
    if (!row) throw notFound('Không tìm thấy phiên bản quy định.');
    if (row.withdrawnAt) throw conflict('rules.already_withdrawn', 'Phiên bản này đã được thu hồi.');
    if (row.effectiveFrom <= today(ctx) && !input.confirmRetroactive)
      throw conflict(
        'rules.retroactive',
        'Phiên bản này đã được áp dụng; thu hồi sẽ làm thay đổi số liệu của những ngày đã qua. Hãy xác nhận nếu đúng là muốn thu hồi.',
      );
    const now = ctx.clock.now();
    await tx
      .update(ruleSets)
      .set({ withdrawnAt: now, withdrawnBy: ctx.actor.userId, withdrawReason: input.reason })
      .where(eq(ruleSets.id, id));
    await recordAudit(tx, sourceOf(ctx), {
      action: 'rules.withdraw',
      targetType: 'rule_set',
      targetId: id,
      unitId: row.unitId,
      unitPath: found.unitPath,
      changes: { withdrawnAt: { old: null, new: now.toISOString() }, reason: { old: null, new: input.reason } },
    });
    return { id };
  });
}

/** For tests and tools: a fresh read of a version by id. */
export async function versionById(db: Db, id: string) {
  const [row] = await db.select().from(ruleSets).where(eq(ruleSets.id, id));
  return row ?? null;
}
