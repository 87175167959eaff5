/** A member's record (staff view), the member's own record with correction requests, the e-card and its public check. */
import { useEffect, useState } from 'react';
import { Badge, Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { formatDate, formatDateTime } from '../i18n/index.ts';
import { ErrorText, PageLoader, QueryError, SuccessText } from '../ui/feedback.tsx';
import type { Card, Correction, MemberRecord } from './api.ts';
import { PhotoBox, StatusChangeForm, TransferRequestForm } from './MemberActions.tsx';
import { ErasurePanel, MyPrivacySection } from '../privacy/index.ts';

const SHOWN = [
  'fullName',
  'birthName',
  'dateOfBirth',
  'sex',
  'cccd',
  'phone',
  'partyCardNumber',
  'admissionDate',
  'officialDate',
  'ethnicity',
  'religion',
  'hometown',
  'education',
  'politicalTheory',
  'professionalQualification',
  'foreignLanguage',
  'occupation',
  'partyPosition',
  'recordNumber',
  'badgeNumber',
  'notes',
];
const DATES = new Set(['dateOfBirth', 'admissionDate', 'officialDate']);

function RecordView({ m }: { m: MemberRecord }) {
  const { t } = useTranslation();
  const value = (f: string) => {
    const v = m[f];
    if (v === null || v === undefined || v === '') return '—';
    if (DATES.has(f)) return formatDate(String(v));
    if (f === 'sex') return t(`memberRecords.sexes.${String(v)}`);
    return String(v);
  };
  return (
    <Stack>
      <Group gap="xs">
        <Badge size="lg" style={{ textTransform: 'none' }}>
          {t(`memberRecords.statuses.${m.status}`)}
        </Badge>
        <Text>
          {t('memberRecords.cell')}: {m.cellName}
        </Text>
      </Group>
      {m.problems.length > 0 && (
        <Paper withBorder p="sm">
          <Text fw={600}>{t('memberRecords.problems')}</Text>
          <ul>
            {m.problems.map((p) => (
              <li key={p.code + p.field}>{p.label}</li>
            ))}
          </ul>
        </Paper>
      )}
      <Table aria-label={t('memberRecords.record')}>
        <Table.Tbody>
          {SHOWN.map((f) => (
            <Table.Tr key={f}>
              <Table.Th scope="row">{t(`memberRecords.fields.${f}`)}</Table.Th>
              <Table.Td>{value(f)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={2} size="h4">
        {t('memberRecords.statusHistory')}
      </Title>
      {m.statusHistory.length === 0 && <Text c="dimmed">{t('memberRecords.noHistory')}</Text>}
      <ul>
        {m.statusHistory.map((h, i) => (
          <li key={i}>
            {formatDate(h.effectiveDate)}: {h.fromStatus ? `${t(`memberRecords.statuses.${h.fromStatus}`)} → ` : ''}
            {t(`memberRecords.statuses.${h.toStatus}`)} {h.note && `— ${h.note}`}
          </li>
        ))}
      </ul>
      <Title order={2} size="h4">
        {t('memberRecords.cellHistory')}
      </Title>
      <ul>
        {m.cellHistory.map((h, i) => (
          <li key={i}>
            {h.cellName}: {formatDate(h.validFrom)} – {h.validTo ? formatDate(h.validTo) : t('memberRecords.present')}
            {h.reason && ` (${t(`memberRecords.periodReasons.${h.reason}`, { defaultValue: h.reason })})`}
          </li>
        ))}
      </ul>
    </Stack>
  );
}

export function MemberRecordPage() {
  const { id = '' } = useParams();
  const rec = useQuery({
    queryKey: ['members', 'record', id],
    queryFn: () => api.get<{ member: MemberRecord }>(`/api/members/${encodeURIComponent(id)}`),
    staleTime: 0,
  });
  if (rec.isPending) return <PageLoader />;
  if (rec.isError) return <QueryError error={rec.error} onRetry={() => void rec.refetch()} />;
  const m = rec.data.member;
  return (
    <Stack>
      <Title order={1}>{m.fullName}</Title>
      {m.abilities.manage && <StaffPhoto id={m.id} name={m.fullName} />}
      <RecordView m={m} />
      {m.abilities.manage && (
        <>
          <StatusChangeForm m={m} />
          <TransferRequestForm m={m} />
        </>
      )}
      <ErasurePanel memberId={m.id} status={m.status} />
    </Stack>
  );
}

/**
 * Frees a blob URL once no component shows it any more. Deferred, because React's strict mode
 * unmounts and mounts again at once: the second mount takes the URL back before it is freed.
 */
const pendingRevokes = new Map<string, ReturnType<typeof setTimeout>>();
function useRevokeOnRelease(url: string | null) {
  useEffect(() => {
    if (!url) return;
    clearTimeout(pendingRevokes.get(url));
    pendingRevokes.delete(url);
    return () => {
      pendingRevokes.set(
        url,
        setTimeout(() => {
          pendingRevokes.delete(url);
          URL.revokeObjectURL(url);
        }, 1000),
      );
    };
  }, [url]);
}

/** The photo is fetched as a blob: a record without a photo answers 404, which shows as "no photo". */
function StaffPhoto({ id, name }: { id: string; name: string }) {
  const { t } = useTranslation();
  const [version, setVersion] = useState('');
  const photo = useQuery({
    queryKey: ['members', 'photo', id, version],
    queryFn: async () => {
      const res = await fetch(`/api/members/${encodeURIComponent(id)}/photo?thumb=1&v=${encodeURIComponent(version)}`, {
        credentials: 'same-origin',
      });
      return res.ok ? URL.createObjectURL(await res.blob()) : null;
    },
    // Each answer holds a blob in memory until its URL is revoked; none is shared, so none is kept.
    gcTime: 0,
  });
  useRevokeOnRelease(photo.data ?? null);
  return (
    <PhotoBox
      src={photo.data ?? null}
      uploadPath={`/api/members/${encodeURIComponent(id)}/photo`}
      alt={t('memberRecords.photoOf', { name })}
      onUploaded={(url) => setVersion(url)}
    />
  );
}

export function MyRecordPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const rec = useQuery({ queryKey: ['me', 'member'], queryFn: () => api.get<{ member: MemberRecord }>('/api/me/member') });
  const mine = useQuery({
    queryKey: ['me', 'corrections'],
    queryFn: () => api.get<{ items: Correction[] }>('/api/me/member/corrections'),
  });
  const [field, setField] = useState('fullName');
  const [proposedValue, setValue] = useState('');
  const [note, setNote] = useState('');
  const ask = useMutation({
    mutationFn: () => api.post('/api/me/member/corrections', { field, proposedValue, note }),
    onSuccess: () => {
      setValue('');
      setNote('');
      void qc.invalidateQueries({ queryKey: ['me', 'corrections'] });
    },
  });
  if (rec.isPending) return <PageLoader />;
  if (rec.isError) return <QueryError error={rec.error} onRetry={() => void rec.refetch()} />;
  return (
    <Stack>
      <Title order={1}>{t('memberRecords.myRecord')}</Title>
      <Button component={Link} to="/the-dang-vien" size="md" variant="light">
        {t('memberRecords.ecard')}
      </Button>
      <RecordView m={rec.data.member} />
      <Paper
        withBorder
        p="md"
        component="form"
        onSubmit={(e: React.FormEvent) => {
          e.preventDefault();
          ask.mutate();
        }}
      >
        <Stack>
          <Title order={2} size="h3">
            {t('memberRecords.askCorrection')}
          </Title>
          <NativeSelect
            label={t('memberRecords.correctionField')}
            value={field}
            onChange={(e) => setField(e.currentTarget.value)}
            data={SHOWN.map((f) => ({ value: f, label: t(`memberRecords.fields.${f}`) }))}
            size="md"
          />
          <TextInput
            label={t('memberRecords.proposedValue')}
            value={proposedValue}
            onChange={(e) => setValue(e.currentTarget.value)}
            required
            size="md"
          />
          <TextInput label={t('memberRecords.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} size="md" />
          <Button type="submit" size="md" loading={ask.isPending}>
            {t('memberRecords.send')}
          </Button>
          {ask.isSuccess && <SuccessText>{t('memberRecords.sent')}</SuccessText>}
          <ErrorText error={ask.error} />
        </Stack>
      </Paper>
      {mine.data && mine.data.items.length > 0 && (
        <section aria-labelledby="my-corr">
          <Title order={2} size="h3" id="my-corr">
            {t('memberRecords.myCorrections')}
          </Title>
          <ul>
            {mine.data.items.map((c) => (
              <li key={c.id}>
                {t(`memberRecords.fields.${c.field}`)}: {c.proposedValue} — {t(`memberRecords.state.${c.state}`)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <MyPrivacySection />
    </Stack>
  );
}

export function CorrectionsInbox({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: ['members', 'corrections', unitId],
    queryFn: () => api.get<{ items: Correction[] }>(`/api/members/corrections?unitId=${encodeURIComponent(unitId)}`),
  });
  const decide = useMutation({
    mutationFn: ({ id, accept }: { id: string; accept: boolean }) =>
      api.post(`/api/members/corrections/${encodeURIComponent(id)}/decision`, { accept }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['members'] }),
  });
  if (!list.data || list.data.items.length === 0) return null;
  return (
    <section aria-labelledby="corr-title">
      <Title order={2} size="h3" id="corr-title">
        {t('memberRecords.pendingCorrections')}
      </Title>
      <Stack gap="xs">
        {list.data.items.map((c) => (
          <Paper key={c.id} withBorder p="sm">
            <Text fw={600}>
              {c.memberName} · {c.cellName}
            </Text>
            <Text>
              {t(`memberRecords.fields.${c.field}`)}: {c.currentValue ?? '—'} → {c.proposedValue}
            </Text>
            {c.note && <Text c="dimmed">{c.note}</Text>}
            <Group mt="xs">
              <Button
                size="sm"
                color="green"
                onClick={() => decide.mutate({ id: c.id, accept: true })}
                aria-label={`${t('memberRecords.accept')}: ${c.memberName}`}
              >
                {t('memberRecords.accept')}
              </Button>
              <Button
                size="sm"
                variant="default"
                onClick={() => decide.mutate({ id: c.id, accept: false })}
                aria-label={`${t('memberRecords.reject')}: ${c.memberName}`}
              >
                {t('memberRecords.reject')}
              </Button>
            </Group>
          </Paper>
        ))}
      </Stack>
      <ErrorText error={decide.error} />
    </section>
  );
}

export function ECardPage() {
  const { t } = useTranslation();
  const card = useQuery({ queryKey: ['me', 'card'], queryFn: () => api.get<Card>('/api/me/card'), staleTime: 10 * 60_000 });
  if (card.isPending) return <PageLoader />;
  if (card.isError) return <QueryError error={card.error} onRetry={() => void card.refetch()} />;
  const c = card.data;
  return (
    <Stack maw={420}>
      <Title order={1}>{t('memberRecords.ecard')}</Title>
      <Paper withBorder p="lg" radius="md" bg="red.0">
        <PhotoBox
          src={c.photoUrl}
          uploadPath="/api/me/card/photo"
          alt={t('memberRecords.photoOf', { name: c.fullName })}
          onUploaded={() => void card.refetch()}
        />
        <Text fz="xl" fw={700}>
          {c.fullName}
        </Text>
        <Text>
          {t('memberRecords.cardNumber')}: {c.partyCardNumber ?? '—'}
        </Text>
        <Text>
          {t('memberRecords.cell')}: {c.cellName}
        </Text>
        <Text>
          {t('memberRecords.status')}: {t(`memberRecords.statuses.${c.status}`)}
        </Text>
        {/* The SVG comes from our own QR encoder (qrcode), not from user input. */}
        <div
          role="img"
          aria-label="QR"
          style={{ maxWidth: 260, margin: '1rem auto', background: 'white' }}
          dangerouslySetInnerHTML={{ __html: c.qrSvg }}
        />
        <Text c="dimmed" fz="sm">
          {t('memberRecords.cardValidUntil', { at: formatDateTime(c.expiresAt) })}
        </Text>
      </Paper>
    </Stack>
  );
}

export function VerifyCardPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const check = useQuery({
    queryKey: ['card-verify', token],
    queryFn: () =>
      api.get<{ valid: boolean; fullName: string | null; cellName: string | null }>(
        `/api/cards/verify/${encodeURIComponent(token)}`,
      ),
  });
  if (check.isPending) return <PageLoader />;
  if (check.isError) return <QueryError error={check.error} onRetry={() => void check.refetch()} />;
  const r = check.data;
  return (
    <Stack maw={420}>
      <Title order={1}>{t('memberRecords.verifyTitle')}</Title>
      <Paper withBorder p="lg" bg={r.valid ? 'green.0' : 'red.0'}>
        <Text fz="xl" fw={700} role="status">
          {r.valid ? t('memberRecords.valid') : t('memberRecords.invalid')}
        </Text>
        {r.fullName && <Text fz="lg">{r.fullName}</Text>}
        {r.cellName && <Text>{r.cellName}</Text>}
      </Paper>
    </Stack>
  );
}
