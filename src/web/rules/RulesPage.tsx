/**
 * "Quy định áp dụng" (system admins; others read): the versioned rules that regulations set, per
 * kind, with their regulation and effective dates; adding a version and withdrawing one.
 */
import { useState } from 'react';
import { Anchor, Badge, Button, Checkbox, Code, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api, fieldError } from '../api/client.ts';
import { useMe } from '../auth/useMe.ts';
import type { UnitSearchHit } from '../api/types.ts';
import { UnitPicker } from '../org/UnitPicker.tsx';
import { ErrorText, PageLoader, QueryError, SuccessText } from '../ui/feedback.tsx';
import { rulesKeys, useRuleKinds, useRuleVersions, type RuleVersionItem, type RuleVersions } from './api.ts';

const dmy = (d: string) => d.split('-').reverse().join('/');
const dayBefore = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** A payload as nested lines; basis points (keys ending in "asisPoints") read as percent. */
function PayloadView({ value, depth = 0 }: { value: unknown; depth?: number }) {
  const { t } = useTranslation();
  if (value === null || typeof value !== 'object') return <span>{String(value)}</span>;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i + 1), v] as const) : Object.entries(value);
  return (
    <Stack gap={2} pl={depth ? 'sm' : 0} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {entries.map(([k, v]) => (
        <li key={k} style={{ overflowWrap: 'anywhere' }}>
          <Text span fw={600}>
            {k}:{' '}
          </Text>
          {typeof v === 'number' && /asisPoints$/.test(k) ? (
            <span>{t('rules.percent', { value: (v / 100).toLocaleString('vi-VN') })}</span>
          ) : typeof v === 'number' ? (
            <span>{v.toLocaleString('vi-VN')}</span>
          ) : (
            <PayloadView value={v} depth={depth + 1} />
          )}
        </li>
      ))}
    </Stack>
  );
}

/** Versions are kept by whoever holds 'rules.manage' (the system admin). */
function isSystemAdmin(me: ReturnType<typeof useMe>['data']) {
  return !!me?.abilities.holds.includes('rules.manage');
}

export function RulesListPage() {
  const { t } = useTranslation();
  const kinds = useRuleKinds();
  if (kinds.isPending) return <PageLoader />;
  if (kinds.isError) return <QueryError error={kinds.error} onRetry={() => void kinds.refetch()} />;
  return (
    <Stack>
      <Title order={1}>{t('rules.title')}</Title>
      <Text>{t('rules.intro')}</Text>
      {kinds.data.items.map((k) => (
        <Paper key={k.kind} withBorder p="sm" radius="md" component="section" aria-labelledby={`rk-${k.kind}`}>
          <Stack gap={6}>
            <Title order={2} size="h3" id={`rk-${k.kind}`}>
              {k.title}
            </Title>
            <Text size="sm">{k.description}</Text>
            <Group gap="xs">
              <Text fw={600}>{k.current ? t('rules.current', { version: k.current.version }) : t('rules.none')}</Text>
              {k.current?.example && <Badge color="orange">{t('rules.example')}</Badge>}
            </Group>
            {k.current && <Text size="sm">{k.current.regulation}</Text>}
            <Anchor component={Link} to={`/quy-dinh/${k.kind}`} size="lg" py={8}>
              {t('rules.open')} ({t('rules.versions', { count: k.versions })})
            </Anchor>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

function VersionCard({ v, kind, canManage, today }: { v: RuleVersionItem; kind: string; canManage: boolean; today: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [confirm, setConfirm] = useState(false);
  const started = v.effectiveFrom <= today;
  const withdraw = useMutation({
    mutationFn: () =>
      api.post(`/api/rules/${encodeURIComponent(kind)}/${v.id}/withdraw`, { reason, confirmRetroactive: confirm }),
    onSuccess: () => {
      setOpen(false);
      void qc.invalidateQueries({ queryKey: rulesKeys.all });
    },
  });
  return (
    <Paper withBorder p="sm" radius="md" component="article" aria-labelledby={`rv-${v.id}`}>
      <Stack gap={6}>
        <Group gap="xs">
          <Title order={3} size="h4" id={`rv-${v.id}`}>
            {v.version}
          </Title>
          {v.inForceToday && <Badge color="green">{t('rules.inForce')}</Badge>}
          {v.example && <Badge color="orange">{t('rules.example')}</Badge>}
          {v.withdrawnAt && <Badge color="gray">{t('rules.withdrawn')}</Badge>}
        </Group>
        <Text>
          {v.effectiveUntil
            ? t('rules.fromTo', { from: dmy(v.effectiveFrom), to: dmy(dayBefore(v.effectiveUntil)) })
            : t('rules.from', { from: dmy(v.effectiveFrom) })}
        </Text>
        <Text size="sm">
          {t('rules.regulation')}: {v.regulation}
        </Text>
        <Text size="sm">
          {t('rules.unit')}: {v.unitName ?? t('rules.wholeSystem')}
        </Text>
        {v.example && <Text size="sm">{t('rules.exampleHelp')}</Text>}
        {v.note && <Text size="sm">{v.note}</Text>}
        <Text size="sm" c="dimmed">
          {v.seeded ? t('rules.seeded') : t('rules.createdBy', { name: v.createdByName ?? '—' })}
        </Text>
        {v.withdrawnAt && (
          <Text size="sm">{t('rules.withdrawnBy', { name: v.withdrawnByName ?? '—', reason: v.withdrawReason ?? '' })}</Text>
        )}
        <details>
          <summary style={{ minHeight: 44, display: 'flex', alignItems: 'center', cursor: 'pointer' }}>
            {t('rules.content')}
          </summary>
          <PayloadView value={v.payload} />
        </details>
        {canManage && !v.withdrawnAt && !open && (
          <Button variant="default" size="md" onClick={() => setOpen(true)}>
            {t('rules.withdraw.button')}
          </Button>
        )}
        {open && (
          <Stack
            component="form"
            gap="xs"
            onSubmit={(e) => {
              e.preventDefault();
              withdraw.mutate();
            }}
          >
            <Textarea
              label={t('rules.withdraw.reason')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              required
              minLength={5}
              size="md"
              error={fieldError(withdraw.error, 'reason')}
            />
            {started && (
              <Checkbox
                label={t('rules.withdraw.retroactive')}
                checked={confirm}
                onChange={(e) => setConfirm(e.currentTarget.checked)}
                size="md"
              />
            )}
            <ErrorText error={withdraw.error} />
            <Group>
              <Button type="submit" color="red" size="md" loading={withdraw.isPending}>
                {t('rules.withdraw.confirm')}
              </Button>
              <Button variant="default" size="md" onClick={() => setOpen(false)}>
                {t('rules.withdraw.cancel')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

function AddVersion({ data }: { data: RuleVersions }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const latest = [...data.items].reverse().find((i) => !i.withdrawnAt);
  const [version, setVersion] = useState('');
  const [regulation, setRegulation] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const [example, setExample] = useState(false);
  const [unit, setUnit] = useState<UnitSearchHit | null>(null);
  const [payload, setPayload] = useState(() => JSON.stringify(latest?.payload ?? {}, null, 2));
  const [confirm, setConfirm] = useState(false);
  const [jsonError, setJsonError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: (body: unknown) => api.post<{ id: string }>(`/api/rules/${encodeURIComponent(data.kind)}`, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: rulesKeys.all }),
  });
  const retroactive = !!from && from <= data.today;
  const payloadError =
    jsonError ??
    (add.error instanceof ApiError
      ? Object.entries(add.error.fieldErrors)
          .filter(([f]) => f.startsWith('payload'))
          .map(([f, m]) => `${f.replace(/^payload\.?/, '')}: ${m}`)
          .join('; ') || undefined
      : undefined);
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="rules-add">
      <Stack
        component="form"
        gap="xs"
        onSubmit={(e) => {
          e.preventDefault();
          let parsed: unknown;
          try {
            parsed = JSON.parse(payload);
            setJsonError(null);
          } catch (err) {
            setJsonError(t('rules.add.badJson', { message: (err as Error).message }));
            return;
          }
          add.mutate({
            version,
            regulation,
            effectiveFrom: from,
            effectiveTo: to || null,
            note,
            example,
            unitId: unit?.id ?? null,
            payload: parsed,
            confirmRetroactive: confirm,
          });
        }}
      >
        <Title order={2} size="h3" id="rules-add">
          {t('rules.add.title')}
        </Title>
        <Text size="sm">{t('rules.add.help')}</Text>
        <TextInput
          label={t('rules.add.version')}
          description={t('rules.add.versionHint')}
          value={version}
          onChange={(e) => setVersion(e.currentTarget.value)}
          required
          size="md"
          error={fieldError(add.error, 'version')}
        />
        <TextInput
          label={t('rules.add.regulation')}
          description={t('rules.add.regulationHint')}
          value={regulation}
          onChange={(e) => setRegulation(e.currentTarget.value)}
          required
          size="md"
          error={fieldError(add.error, 'regulation')}
        />
        <TextInput
          type="date"
          label={t('rules.add.from')}
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
          required
          size="md"
          error={fieldError(add.error, 'effectiveFrom')}
        />
        <TextInput
          type="date"
          label={t('rules.add.to')}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          size="md"
          error={fieldError(add.error, 'effectiveTo')}
        />
        {data.unitScoped && <UnitPicker label={t('rules.add.unit')} value={unit} onChange={setUnit} excludeIds={[]} />}
        <Textarea label={t('rules.add.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} size="md" autosize />
        <Checkbox
          label={t('rules.add.example')}
          checked={example}
          onChange={(e) => setExample(e.currentTarget.checked)}
          size="md"
        />
        <Textarea
          label={t('rules.add.payload')}
          value={payload}
          onChange={(e) => setPayload(e.currentTarget.value)}
          autosize
          minRows={8}
          maxRows={30}
          size="md"
          styles={{ input: { fontFamily: 'monospace', fontSize: 14 } }}
          error={payloadError}
          spellCheck={false}
        />
        {retroactive && (
          <Checkbox
            label={t('rules.add.retroactive')}
            checked={confirm}
            onChange={(e) => setConfirm(e.currentTarget.checked)}
            size="md"
          />
        )}
        <ErrorText error={add.error} />
        {add.isSuccess && <SuccessText>{t('rules.add.added', { version })}</SuccessText>}
        <Button type="submit" size="md" loading={add.isPending}>
          {t('rules.add.submit')}
        </Button>
      </Stack>
    </Paper>
  );
}

export function RuleKindPage() {
  const { t } = useTranslation();
  const { kind = '' } = useParams();
  const me = useMe();
  const versions = useRuleVersions(kind);
  if (versions.isPending || me.isPending) return <PageLoader />;
  if (versions.isError) return <QueryError error={versions.error} onRetry={() => void versions.refetch()} />;
  const canManage = isSystemAdmin(me.data);
  const d = versions.data;
  return (
    <Stack>
      <Anchor component={Link} to="/quy-dinh" py={8}>
        {t('rules.back')}
      </Anchor>
      <Title order={1}>{d.title}</Title>
      <Text>{d.description}</Text>
      <Code>{d.kind}</Code>
      {[...d.items].reverse().map((v) => (
        <VersionCard key={v.id} v={v} kind={d.kind} canManage={canManage} today={d.today} />
      ))}
      {canManage && <AddVersion key={d.items.length} data={d} />}
    </Stack>
  );
}

export default RulesListPage;
