import { useEffect, useRef, useState } from 'react';
import { Anchor, Badge, Button, Group, Image, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { formatDate, formatDateTime } from '../i18n/index.ts';
import { ErrorText, PageLoader, QueryError } from '../ui/feedback.tsx';
import { fileUrl, readingUrl, useDocument, type DocDetail, type DocFile } from './api.ts';
import { FileReader, type ReaderFile } from './reader/FileReader.tsx';
import { warmDocument } from '../pwa/warm.ts';
import { StatusBadge } from './parts.tsx';
import { fromVnInput } from '../../common/time/vietnam.ts';

/** The file the reader shows: the one picked in the address (?tep=), else the first PDF or Word file. */
function mainFile(files: DocFile[], picked: string | null): DocFile | undefined {
  return files.find((f) => f.id === picked) ?? files.find((f) => f.kind === 'pdf' || f.kind === 'docx') ?? files[0];
}

export function readerFile(f: DocFile): ReaderFile {
  return {
    id: f.id,
    name: f.name,
    kind: f.kind,
    url: fileUrl(f.id),
    downloadUrl: fileUrl(f.id, true),
    readingUrl: f.kind === 'pdf' || f.kind === 'docx' ? readingUrl(f.id) : null,
  };
}

function FileRow({ file, current, docId }: { file: DocFile; current: boolean; docId: string }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm" radius="md">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Text fw={600} style={{ wordBreak: 'break-word' }}>
            {file.name}
          </Text>
          {file.textStatus === 'no_text_layer' && (
            <Badge color="yellow" c="dark.7" variant="light">
              {t('library.scanned')}
            </Badge>
          )}
        </Group>
        <Group gap="xs">
          {!current && (
            <Button component={Link} to={`/thu-vien/${docId}?tep=${file.id}`} replace variant="default">
              {t('library.openFile')}
            </Button>
          )}
          <Button component="a" href={fileUrl(file.id, true)} variant="default">
            {t('library.download')}
          </Button>
        </Group>
        {file.versions.length > 0 && (
          <details>
            <summary>{t('library.versions')}</summary>
            <ul className="plain-list">
              {file.versions.map((v) => (
                <li key={v.id}>
                  <Anchor href={fileUrl(v.id, true)}>
                    {t('library.versionLine', {
                      version: v.version,
                      name: v.name,
                      at: formatDateTime(v.replacedAt),
                      by: v.replacedByName ?? '',
                    })}
                  </Anchor>
                </li>
              ))}
            </ul>
          </details>
        )}
      </Stack>
    </Paper>
  );
}

/** Submit / publish / send back / unpublish / archive, as the server says the actor may. */
function WorkflowActions({ doc }: { doc: DocDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [comment, setComment] = useState('');
  const [publishAt, setPublishAt] = useState('');
  const act = useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown }) =>
      api.post<{ document: DocDetail }>(`/api/documents/${doc.id}/${path}`, body),
    onSuccess: (res) => {
      qc.setQueryData(['library', 'doc', doc.id], res);
      void qc.invalidateQueries({ queryKey: ['library'] });
    },
  });
  const a = doc.abilities;
  if (!a.edit && !a.submit && !a.publish && !a.sendBack && !a.unpublish && !a.archive) return null;
  return (
    <Paper withBorder p="sm" radius="md">
      <Stack gap="sm">
        {doc.reviewComment && <Text c="orange.8">{t('library.reviewComment', { comment: doc.reviewComment })}</Text>}
        <Group gap="xs" wrap="wrap">
          {a.edit && (
            <Button component={Link} to={`/bien-tap/${doc.id}`} size="md" variant="default">
              {t('library.edit')}
            </Button>
          )}
          {a.submit && (
            <Button size="md" onClick={() => act.mutate({ path: 'submit' })} loading={act.isPending}>
              {t('library.submit')}
            </Button>
          )}
          {a.unpublish && (
            <Button size="md" variant="default" onClick={() => act.mutate({ path: 'unpublish', body: {} })}>
              {t('library.unpublish')}
            </Button>
          )}
          {a.archive && (
            <Button size="md" variant="default" onClick={() => act.mutate({ path: 'archive', body: {} })}>
              {t('library.archive')}
            </Button>
          )}
        </Group>
        {a.publish && (
          <Group align="end" wrap="wrap">
            <TextInput
              type="datetime-local"
              label={t('library.publishAt')}
              value={publishAt}
              onChange={(e) => setPublishAt(e.currentTarget.value)}
              size="md"
            />
            <Button
              size="md"
              color="green"
              onClick={() =>
                act.mutate({ path: 'publish', body: publishAt ? { publishAt: fromVnInput(publishAt)?.toISOString() } : {} })
              }
              loading={act.isPending}
            >
              {t('library.publish')}
            </Button>
          </Group>
        )}
        {a.sendBack && (
          <Stack gap="xs">
            <Textarea
              label={t('library.sendBackComment')}
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
              autosize
              minRows={2}
            />
            <Button
              size="md"
              color="orange"
              onClick={() => act.mutate({ path: 'send-back', body: { comment } })}
              disabled={comment.trim().length < 3}
            >
              {t('library.sendBack')}
            </Button>
          </Stack>
        )}
        <ErrorText error={act.error} />
      </Stack>
    </Paper>
  );
}

export default function DocumentPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [params] = useSearchParams();
  const qc = useQueryClient();
  const q = useDocument(id);
  const doc = q.data?.document;
  const markedRead = useRef<string | null>(null);

  // Opening the page is reading it: one receipt per member, recorded once per visit.
  useEffect(() => {
    if (!doc || doc.status !== 'published' || markedRead.current === doc.id) return;
    markedRead.current = doc.id;
    void api.post(`/api/documents/${doc.id}/read`).catch(() => undefined);
  }, [doc]);

  const bookmark = useMutation({
    mutationFn: (on: boolean) => (on ? api.post(`/api/documents/${id}/bookmark`) : api.del(`/api/documents/${id}/bookmark`)),
    onSuccess: (_r, on) => {
      void qc.invalidateQueries({ queryKey: ['library'] });
      // Saved for later is readable offline: keep its text and file on the phone now.
      if (on && doc) void warmDocument(mainFile(doc.files, null)?.id);
    },
  });

  if (q.isPending) return <PageLoader />;
  if (q.isError || !doc) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  // News and pages show their article; their pictures and videos are the reader's files too.
  const picked = params.get('tep');
  const shown = picked || doc.kind === 'document' || !doc.bodyHtml ? mainFile(doc.files, picked) : undefined;
  const media =
    doc.kind === 'document' ? [] : doc.files.filter((f) => (f.kind === 'image' || f.kind === 'video') && f.id !== shown?.id);
  return (
    <Stack gap="md">
      <Group gap="xs" wrap="wrap">
        {doc.symbol && (
          <Badge size="xl" variant="outline">
            {doc.symbol}
          </Badge>
        )}
        {doc.status !== 'published' && <StatusBadge doc={doc} />}
        {doc.kind !== 'document' && doc.category && <Badge variant="light">{t(`library.categories.${doc.category}`)}</Badge>}
      </Group>
      <Title order={1} className="doc-title">
        {doc.title}
      </Title>
      <Text c="dimmed">
        {[doc.typeName, doc.issuerName, doc.issueDate ? `${t('library.issueDate')}: ${formatDate(doc.issueDate)}` : null]
          .filter(Boolean)
          .join(' · ')}
      </Text>
      {doc.hasCover && <Image src={`/api/documents/${doc.id}/cover`} alt="" radius="md" />}
      <Group gap="xs" wrap="wrap">
        {doc.status === 'published' && (
          <Button
            size="md"
            variant={doc.bookmarked ? 'filled' : 'outline'}
            aria-pressed={doc.bookmarked}
            onClick={() => bookmark.mutate(!doc.bookmarked)}
            loading={bookmark.isPending}
          >
            {doc.bookmarked ? t('library.bookmarked') : t('library.bookmark')}
          </Button>
        )}
        {doc.abilities.readStats && (
          <Button component={Link} to={`/thu-vien/${doc.id}/da-doc`} size="md" variant="default">
            {t('library.whoRead')}
          </Button>
        )}
        {doc.readAt && <Text c="green.8">{t('library.read')}</Text>}
      </Group>
      <ErrorText error={bookmark.error} />
      <WorkflowActions doc={doc} />
      {doc.summary && <Text fz="lg">{doc.summary}</Text>}
      {doc.bodyHtml && (
        <div
          className="reading article-body"
          dangerouslySetInnerHTML={{ __html: doc.bodyHtml /* sanitized by the server on save */ }}
        />
      )}
      {media.map((f) =>
        f.kind === 'image' ? (
          <Image key={f.id} src={fileUrl(f.id)} alt={f.name} radius="sm" />
        ) : (
          <video key={f.id} src={fileUrl(f.id)} controls preload="metadata" style={{ width: '100%' }} aria-label={f.name} />
        ),
      )}
      {shown && (
        <section aria-label={t('library.readerLabel')}>
          <FileReader key={shown.id} file={readerFile(shown)} title={doc.title} />
        </section>
      )}
      {doc.files.length > (shown ? 1 : 0) + media.length && (
        <section aria-labelledby="doc-files">
          <Title order={2} size="h3" id="doc-files" mb="xs">
            {t('library.files')}
          </Title>
          <Stack gap="sm">
            {doc.files
              .filter((f) => !media.includes(f))
              .map((f) => (
                <FileRow key={f.id} file={f} current={f.id === shown?.id} docId={doc.id} />
              ))}
          </Stack>
        </section>
      )}
      {doc.topics.length > 0 && <Text c="dimmed">{`${t('library.topics')}: ${doc.topics.join(', ')}`}</Text>}
      {doc.targets.length > 0 && (
        <Text c="dimmed">{`${t('library.targets')}: ${doc.targets.map((u) => u.name).join(', ')}`}</Text>
      )}
    </Stack>
  );
}
