import { useState } from 'react';
import {
  Anchor,
  Badge,
  Button,
  FileInput,
  NativeSelect,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, fieldError, withQuery } from '../api/client.ts';
import { ErrorText, PageLoader, QueryError, SuccessText } from '../ui/feedback.tsx';
import { meetingKeys, upload, type Mine } from './api.ts';
import { vnMonth } from '../../common/time/vietnam.ts';

interface GuidanceItem {
  id: number;
  unitId: string;
  unitName: string;
  month: string;
  title: string;
  url: string | null;
  hasFile: boolean;
}

/**
 * "Tài liệu hướng dẫn sinh hoạt tháng": a committee publishes the month's guidance once (a file or
 * a link); every cell below sees it in its meeting of that month.
 */
export default function GuidancePage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const mine = useQuery({ queryKey: meetingKeys.mine, queryFn: () => api.get<Mine>('/api/meetings/mine') });
  const units = mine.data?.monitorUnits ?? [];
  const unitId = params.get('unitId') ?? units[0]?.id ?? '';
  const [month, setMonth] = useState(params.get('month') ?? vnMonth(Date.now()));
  const listKey = ['meetings', 'guidance', month] as const;
  const shown = /^\d{4}-\d{2}$/.test(month) ? `${month.slice(5)}/${month.slice(0, 4)}` : month;
  const list = useQuery({
    queryKey: listKey,
    queryFn: () => api.get<{ items: GuidanceItem[] }>(withQuery('/api/meetings/guidance', { month })),
    enabled: /^\d{4}-\d{2}$/.test(month) && units.length > 0,
  });
  const [source, setSource] = useState<'file' | 'link'>('file');
  const [title, setTitle] = useState('');
  const [url, setUrl] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const add = useMutation({
    mutationFn: () =>
      source === 'file' && file
        ? upload<{ id: number }>('/api/meetings/guidance/upload', file, { unitId, month, title })
        : api.post<{ id: number }>('/api/meetings/guidance', { unitId, month, title, url }),
    onSuccess: () => {
      setTitle('');
      setUrl('');
      setFile(null);
      void qc.invalidateQueries({ queryKey: listKey });
    },
  });
  const pick = (next: { unitId?: string; month?: string }) =>
    setParams({ unitId: next.unitId ?? unitId, month: next.month ?? month }, { replace: true });

  if (mine.isPending) return <PageLoader />;
  if (mine.isError) return <QueryError error={mine.error} onRetry={() => void mine.refetch()} />;
  return (
    <Stack>
      <Title order={1}>{t('meetings.gd.title')}</Title>
      <Text>{t('meetings.gd.help')}</Text>
      {units.length > 1 && (
        <NativeSelect
          label={t('meetings.gd.unit')}
          value={unitId}
          onChange={(e) => pick({ unitId: e.currentTarget.value })}
          data={units.map((u) => ({ value: u.id, label: u.name }))}
          size="md"
        />
      )}
      {units.length === 1 && <Text fw={600}>{units[0]!.name}</Text>}
      <TextInput
        type="month"
        label={t('meetings.f.month')}
        value={month}
        onChange={(e) => {
          const v = e.currentTarget.value;
          setMonth(v);
          pick({ month: v });
        }}
        size="md"
      />

      <section aria-labelledby="gd-list">
        <Title order={2} size="h3" id="gd-list" mb="xs">
          {t('meetings.gd.list', { month: shown })}
        </Title>
        {list.isError && <ErrorText error={list.error} />}
        {list.data?.items.length === 0 && <Text>{t('meetings.gd.none')}</Text>}
        <ul className="plain-list">
          {list.data?.items.map((g) => (
            <li key={g.id}>
              <Anchor href={g.url ?? `/api/meetings/guidance/${g.id}/file`} target="_blank" rel="noopener" className="tap-row">
                <Text fw={600}>{g.title}</Text>
                <Text c="dimmed">
                  {g.unitName}{' '}
                  <Badge variant="outline" color="dark">
                    {g.hasFile ? t('meetings.gd.file') : t('meetings.gd.link')}
                  </Badge>
                </Text>
              </Anchor>
            </li>
          ))}
        </ul>
      </section>

      {unitId && (
        <Paper withBorder p="sm" component="section" aria-labelledby="gd-add">
          <Title order={2} size="h3" id="gd-add" mb="xs">
            {t('meetings.gd.add')}
          </Title>
          <Stack
            component="form"
            gap="xs"
            onSubmit={(e) => {
              e.preventDefault();
              add.mutate();
            }}
          >
            <TextInput
              label={t('meetings.gd.titleField')}
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              required
              maxLength={500}
              size="md"
              error={fieldError(add.error, 'title')}
            />
            <Text component="label" fw={500} id="gd-source">
              {t('meetings.gd.source')}
            </Text>
            <SegmentedControl
              aria-labelledby="gd-source"
              value={source}
              onChange={(v) => setSource(v as 'file' | 'link')}
              data={[
                { value: 'file', label: t('meetings.gd.byFile') },
                { value: 'link', label: t('meetings.gd.byLink') },
              ]}
              size="md"
              fullWidth
            />
            {source === 'file' ? (
              <FileInput
                label={t('meetings.f.file')}
                description={t('meetings.gd.fileHint')}
                value={file}
                onChange={setFile}
                accept=".pdf,.docx,.xlsx,application/pdf"
                required
                size="md"
                clearable
              />
            ) : (
              <TextInput
                type="url"
                label={t('meetings.gd.url')}
                value={url}
                onChange={(e) => setUrl(e.currentTarget.value)}
                required
                size="md"
                error={fieldError(add.error, 'url')}
              />
            )}
            <ErrorText error={add.error} />
            {add.isSuccess && <SuccessText>{t('meetings.gd.done', { month: shown })}</SuccessText>}
            <Button type="submit" size="md" loading={add.isPending}>
              {t('meetings.gd.submit')}
            </Button>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
