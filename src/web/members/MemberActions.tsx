/** Staff actions on one record: status change with its date, transfer request, the e-card photo. */
import { useState } from 'react';
import { Button, FileButton, Image, NativeSelect, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client.ts';
import { ErrorText, SuccessText } from '../ui/feedback.tsx';
import { MEMBER_STATUSES, uploadPhoto, type MemberRecord, type TransferTarget } from './api.ts';
import { vnDate } from '../../common/time/vietnam.ts';

const today = () => vnDate(Date.now());

/** The likely next step, never the current status: official after probation or exemption, else exemption. */
function likelyNext(current: string): string {
  return current === 'probationary' || current === 'exempted' ? 'official' : 'exempted';
}

export function StatusChangeForm({ m }: { m: MemberRecord }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [status, setStatus] = useState<string>(likelyNext(m.status));
  const [effectiveDate, setDate] = useState(today());
  const [note, setNote] = useState('');
  const [card, setCard] = useState('');
  const change = useMutation({
    mutationFn: () =>
      api.post(`/api/members/${encodeURIComponent(m.id)}/status`, {
        status,
        effectiveDate,
        note,
        ...(status === 'official' && card ? { partyCardNumber: card } : {}),
      }),
    onSuccess: () => {
      // The form stays mounted (so its confirmation stays on screen) and offers the step after the saved one.
      setStatus(likelyNext(status));
      setNote('');
      void qc.invalidateQueries({ queryKey: ['members'] });
    },
  });
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      aria-labelledby="status-form"
      onSubmit={(e: React.FormEvent) => {
        e.preventDefault();
        change.mutate();
      }}
    >
      <Stack>
        <Title order={2} size="h3" id="status-form">
          {t('memberRecords.changeStatus')}
        </Title>
        <NativeSelect
          size="md"
          label={t('memberRecords.newStatus')}
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value)}
          data={MEMBER_STATUSES.filter((s) => s !== m.status).map((s) => ({ value: s, label: t(`memberRecords.statuses.${s}`) }))}
        />
        <TextInput
          size="md"
          type="date"
          label={t('memberRecords.effectiveDate')}
          value={effectiveDate}
          onChange={(e) => setDate(e.currentTarget.value)}
          required
        />
        {status === 'official' && (
          <TextInput
            size="md"
            label={t('memberRecords.cardNumber')}
            value={card}
            onChange={(e) => setCard(e.currentTarget.value)}
          />
        )}
        <TextInput
          size="md"
          label={t('memberRecords.decisionNote')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <Button type="submit" size="md" loading={change.isPending}>
          {t('memberRecords.saveStatus')}
        </Button>
        {change.isSuccess && <SuccessText>{t('memberRecords.statusSaved')}</SuccessText>}
        <ErrorText error={change.error} />
      </Stack>
    </Paper>
  );
}

/** Cells inside one's scope by name; any other cell by its exact code (server: transfer-targets). */
function TargetPicker({
  value,
  onChange,
  excludeId,
}: {
  value: TransferTarget | null;
  onChange: (t: TransferTarget) => void;
  excludeId: string;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const hits = useQuery({
    queryKey: ['members', 'transfer-targets', debounced],
    queryFn: () => api.get<{ items: TransferTarget[] }>(withQuery('/api/members/transfer-targets', { q: debounced })),
    enabled: debounced.length >= 2,
  });
  const items = (hits.data?.items ?? []).filter((u) => u.id !== excludeId);
  return (
    <Stack gap="xs">
      <TextInput
        size="md"
        label={t('memberRecords.targetCell')}
        description={t('memberRecords.targetHint')}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        autoComplete="off"
      />
      {hits.isSuccess && items.length === 0 && <Text>{t('memberRecords.noTarget')}</Text>}
      <ul className="plain-list">
        {items.map((u) => (
          <li key={u.id}>
            <Button
              variant={value?.id === u.id ? 'filled' : 'default'}
              aria-pressed={value?.id === u.id}
              fullWidth
              justify="flex-start"
              h="auto"
              mih={48}
              py={8}
              styles={{ label: { whiteSpace: 'normal', textAlign: 'left', display: 'block' } }}
              onClick={() => onChange(u)}
            >
              {u.name}
              <Text component="span" display="block" fz="sm" c={value?.id === u.id ? undefined : 'dimmed'}>
                {[u.code, u.parentName].filter(Boolean).join(' · ')}
              </Text>
            </Button>
          </li>
        ))}
      </ul>
      {value && (
        <Text fw={700} role="status">
          {t('memberRecords.targetPicked', { name: value.name })}
        </Text>
      )}
    </Stack>
  );
}

export function TransferRequestForm({ m }: { m: MemberRecord }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [target, setTarget] = useState<TransferTarget | null>(null);
  const [startDate, setStart] = useState(today());
  const [temporary, setTemporary] = useState(false);
  const [endDate, setEnd] = useState('');
  const [reason, setReason] = useState('');
  const ask = useMutation({
    mutationFn: () =>
      api.post(`/api/members/${encodeURIComponent(m.id)}/transfers`, {
        toCellId: target?.id,
        startDate,
        reason,
        ...(temporary && endDate ? { endDate } : {}),
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['members'] }),
  });
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      aria-labelledby="transfer-form"
      onSubmit={(e: React.FormEvent) => {
        e.preventDefault();
        ask.mutate();
      }}
    >
      <Stack>
        <Title order={2} size="h3" id="transfer-form">
          {t('memberRecords.requestTransfer')}
        </Title>
        <TargetPicker value={target} onChange={setTarget} excludeId={m.cellId} />
        <TextInput
          size="md"
          type="date"
          label={t('memberRecords.startDate')}
          value={startDate}
          onChange={(e) => setStart(e.currentTarget.value)}
          required
        />
        <Switch
          size="md"
          label={t('memberRecords.temporary')}
          checked={temporary}
          onChange={(e) => setTemporary(e.currentTarget.checked)}
        />
        {temporary && (
          <TextInput
            size="md"
            type="date"
            label={t('memberRecords.endDate')}
            value={endDate}
            onChange={(e) => setEnd(e.currentTarget.value)}
            required
          />
        )}
        <TextInput
          size="md"
          label={t('memberRecords.transferReason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        <Button type="submit" size="md" disabled={!target} loading={ask.isPending}>
          {t('memberRecords.sendTransfer')}
        </Button>
        {ask.isSuccess && <SuccessText>{t('memberRecords.transferSent')}</SuccessText>}
        <ErrorText error={ask.error} />
      </Stack>
    </Paper>
  );
}

/**
 * The card photo with an upload button. `src` null: no photo yet. The server checks the image by its
 * bytes, drops EXIF (GPS) and crops it square; the phone camera opens directly (capture).
 */
export function PhotoBox({
  src,
  uploadPath,
  alt,
  onUploaded,
}: {
  src: string | null;
  uploadPath: string;
  alt: string;
  onUploaded: (url: string) => void;
}) {
  const { t } = useTranslation();
  const up = useMutation({ mutationFn: (f: File) => uploadPhoto(uploadPath, f), onSuccess: (r) => onUploaded(r.photoUrl) });
  return (
    <Stack gap="xs" align="center">
      {src ? <Image src={src} alt={alt} w={160} h={160} radius="md" /> : <Text c="dimmed">{t('memberRecords.noPhoto')}</Text>}
      <FileButton onChange={(f) => f && up.mutate(f)} accept="image/jpeg,image/png,image/webp">
        {(props) => (
          <Button {...props} size="md" variant="light" loading={up.isPending}>
            {src ? t('memberRecords.changePhoto') : t('memberRecords.addPhoto')}
          </Button>
        )}
      </FileButton>
      {up.isSuccess && <SuccessText>{t('memberRecords.photoSaved')}</SuccessText>}
      <ErrorText error={up.error} />
    </Stack>
  );
}
