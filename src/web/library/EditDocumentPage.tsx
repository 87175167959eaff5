import { useState } from 'react';
import { Button, FileInput, Group, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, fieldError } from '../api/client.ts';
import { ErrorText, PageLoader, QueryError, SuccessText } from '../ui/feedback.tsx';
import { RichTextEditor } from './RichTextEditor.tsx';
import { uploadFile, useAbilities, useCodes, useDocument, type DocDetail, type Kind } from './api.ts';

const NEWS = ['international', 'national', 'provincial', 'local', 'policy'];
const PAGES = ['history', 'help'];

interface FormState {
  title: string;
  symbol: string;
  typeCode: string | null;
  issuerCode: string | null;
  issueDate: string;
  summary: string;
  topics: string;
  category: string | null;
  bodyHtml: string;
}

function Form({
  doc,
  kind,
  unitId,
  onSaved,
}: {
  doc?: DocDetail;
  kind: Kind;
  unitId: string | null;
  onSaved: (d: DocDetail) => void;
}) {
  const { t } = useTranslation();
  const codes = useCodes();
  const [f, setF] = useState<FormState>({
    title: doc?.title ?? '',
    symbol: doc?.symbol ?? '',
    typeCode: doc?.typeCode ?? null,
    issuerCode: doc?.issuerCode ?? null,
    issueDate: doc?.issueDate ?? '',
    summary: doc?.summary ?? '',
    topics: doc?.topics.join(', ') ?? '',
    category: doc?.category ?? null,
    bodyHtml: doc?.bodyHtml ?? '',
  });
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setF((s) => ({ ...s, [k]: v }));
  const save = useMutation({
    mutationFn: () => {
      const body = {
        title: f.title,
        summary: f.summary,
        topics: f.topics
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
        ...(kind === 'document'
          ? { symbol: f.symbol || null, typeCode: f.typeCode, issuerCode: f.issuerCode, issueDate: f.issueDate || null }
          : { category: f.category, bodyHtml: f.bodyHtml }),
      };
      return doc
        ? api.patch<{ document: DocDetail }>(`/api/documents/${doc.id}`, body)
        : api.post<{ document: DocDetail }>('/api/documents', { ...body, kind, unitId });
    },
    onSuccess: (res) => onSaved(res.document),
  });
  const categories = (kind === 'news' ? NEWS : PAGES).map((c) => ({ value: c, label: t(`library.categories.${c}`) }));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack>
        <TextInput
          label={t('library.titleField')}
          value={f.title}
          onChange={(e) => set('title', e.currentTarget.value)}
          required
          size="md"
          error={fieldError(save.error, 'title')}
        />
        {kind === 'document' ? (
          <>
            <TextInput
              label={t('library.symbol')}
              placeholder="57-NQ/TW"
              value={f.symbol}
              onChange={(e) => set('symbol', e.currentTarget.value)}
              size="md"
              error={fieldError(save.error, 'symbol')}
            />
            <Group grow wrap="wrap">
              <Select
                label={t('library.type')}
                data={(codes.data?.types ?? []).map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }))}
                value={f.typeCode}
                onChange={(v) => set('typeCode', v)}
                clearable
                searchable
                size="md"
              />
              <Select
                label={t('library.issuer')}
                data={(codes.data?.issuers ?? []).map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }))}
                value={f.issuerCode}
                onChange={(v) => set('issuerCode', v)}
                clearable
                searchable
                size="md"
              />
            </Group>
            <TextInput
              type="date"
              label={t('library.issueDate')}
              value={f.issueDate}
              onChange={(e) => set('issueDate', e.currentTarget.value)}
              size="md"
            />
          </>
        ) : (
          <>
            <Select
              label={t('library.category')}
              data={categories}
              value={f.category}
              onChange={(v) => set('category', v)}
              required
              size="md"
              error={fieldError(save.error, 'category')}
            />
            <RichTextEditor label={t('library.body')} value={f.bodyHtml} onChange={(html) => set('bodyHtml', html)} />
          </>
        )}
        <Textarea
          label={t('library.summary')}
          value={f.summary}
          onChange={(e) => set('summary', e.currentTarget.value)}
          autosize
          minRows={2}
        />
        <TextInput
          label={t('library.topicsField')}
          value={f.topics}
          onChange={(e) => set('topics', e.currentTarget.value)}
          size="md"
        />
        <ErrorText error={save.error} />
        {save.isSuccess && <SuccessText>{t('library.saved')}</SuccessText>}
        <Button type="submit" size="md" loading={save.isPending}>
          {doc ? t('library.save') : t('library.create')}
        </Button>
      </Stack>
    </form>
  );
}

function Uploads({ doc }: { doc: DocDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [replaces, setReplaces] = useState<string | null>(null);
  const up = useMutation({
    mutationFn: (purpose: 'attachment' | 'cover') =>
      uploadFile(doc.id, file!, { ...(replaces ? { replaces } : {}), ...(purpose === 'cover' ? { purpose } : {}) }),
    onSuccess: (res) => {
      qc.setQueryData(['library', 'doc', doc.id], res);
      setFile(null);
      setReplaces(null);
    },
  });
  return (
    <Stack>
      <Title order={2} size="h3">
        {t('library.files')}
      </Title>
      {doc.files.map((f) => (
        <Text key={f.id}>{`${f.name} (v${f.version})`}</Text>
      ))}
      <FileInput
        label={t('library.upload')}
        description={t('library.uploadHint')}
        value={file}
        onChange={setFile}
        accept=".pdf,.docx,.xlsx,image/*,video/mp4"
        size="md"
        clearable
      />
      {doc.files.length > 0 && (
        <Select
          label={t('library.replace')}
          data={doc.files.map((f) => ({ value: f.slot, label: f.name }))}
          value={replaces}
          onChange={setReplaces}
          clearable
          size="md"
        />
      )}
      <Group gap="xs">
        <Button size="md" onClick={() => up.mutate('attachment')} disabled={!file} loading={up.isPending}>
          {t('library.upload')}
        </Button>
        {doc.kind !== 'document' && (
          <Button size="md" variant="default" onClick={() => up.mutate('cover')} disabled={!file}>
            {t('library.cover')}
          </Button>
        )}
      </Group>
      <ErrorText error={up.error} />
    </Stack>
  );
}

export default function EditDocumentPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const abilities = useAbilities();
  const doc = useDocument(id);
  const [unitId, setUnitId] = useState<string | null>(null);
  if (abilities.isPending || (id && doc.isPending)) return <PageLoader />;
  if (id && doc.isError) return <QueryError error={doc.error} />;
  const d = doc.data?.document;
  const kind = (d?.kind ?? params.get('kind') ?? 'document') as Kind;
  const units = abilities.data?.editUnits ?? [];
  const owner = unitId ?? units[0]?.id ?? null;
  return (
    <Stack>
      <Title order={1} fz={24}>
        {d ? d.title : kind === 'news' ? t('library.newNews') : kind === 'page' ? t('library.newPage') : t('library.newDocument')}
      </Title>
      {!d && units.length > 1 && (
        <Select
          label={t('library.ownerUnit')}
          data={units.map((u) => ({ value: u.id, label: u.name }))}
          value={owner}
          onChange={setUnitId}
          size="md"
        />
      )}
      <Form
        key={d?.id ?? 'new'}
        doc={d}
        kind={kind}
        unitId={owner}
        onSaved={(saved) => (d ? undefined : void navigate(`/bien-tap/${saved.id}`))}
      />
      {d && <Uploads doc={d} />}
      {d && (
        <Button component={Link} to={`/thu-vien/${d.id}`} size="md" variant="default">
          {t('library.open')}
        </Button>
      )}
    </Stack>
  );
}
