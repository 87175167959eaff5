/** Import (upload → dry-run report → column mapping → confirm) and export of a unit's members. */
import { useState } from 'react';
import { Anchor, Button, FileInput, Group, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorText, SuccessText } from '../ui/feedback.tsx';
import { uploadImport, type ImportReport } from './api.ts';

const TARGETS = [
  'fullName',
  'birthName',
  'dateOfBirth',
  'sex',
  'cccd',
  'phone',
  'ethnicity',
  'religion',
  'hometown',
  'education',
  'politicalTheory',
  'professionalQualification',
  'foreignLanguage',
  'occupation',
  'partyPosition',
  'admissionDate',
  'officialDate',
  'partyCardNumber',
  'recordNumber',
  'badgeNumber',
  'status',
  'cell',
  'notes',
];

function Report({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Text fw={600}>{t('memberRecords.counts', report.counts)}</Text>
      {(report.encodings.tcvn3 > 0 || report.encodings.vni > 0) && <Text>{t('memberRecords.encodings', report.encodings)}</Text>}
      {report.withProblems.length > 0 && (
        <details>
          <summary className="tap-row">
            <Text fw={600} span>
              {t('memberRecords.problemRows', { n: report.withProblems.length })}
            </Text>
          </summary>
          <ul className="plain-list">
            {report.withProblems.slice(0, 500).map((r) => (
              <li key={r.row}>
                <Text>
                  {t('memberRecords.row')} {r.row} · {r.name}: {r.problems.map((p) => p.label).join('; ')}
                </Text>
              </li>
            ))}
          </ul>
        </details>
      )}
      {report.rejected.length > 0 && (
        <Table.ScrollContainer minWidth={320}>
          <Table striped aria-label={t('memberRecords.rejectedRows')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('memberRecords.row')}</Table.Th>
                <Table.Th>{t('memberRecords.memberName')}</Table.Th>
                <Table.Th>{t('memberRecords.field')}</Table.Th>
                <Table.Th>{t('memberRecords.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.rejected.slice(0, 500).map((r, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{r.row}</Table.Td>
                  <Table.Td>{r.name ?? t('memberRecords.noName')}</Table.Td>
                  <Table.Td>{t(`memberRecords.fields.${r.field}`)}</Table.Td>
                  <Table.Td>{r.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

export default function ImportPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const unitId = params.get('unitId') ?? '';
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const qc = useQueryClient();
  const dry = useMutation({ mutationFn: (f: File) => uploadImport(unitId, f, true, mapping) });
  const real = useMutation({
    mutationFn: (f: File) => uploadImport(unitId, f, false, mapping, dry.data?.planHash),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['members'] }),
  });
  const report = dry.data;
  const unknown = report?.columns.filter((c) => c.header && (!c.target || mapping[c.header])) ?? [];
  const writable = report ? report.counts.created + report.counts.updated : 0;

  return (
    <Stack>
      <Title order={1}>{t('memberRecords.import')}</Title>
      <Text>{t('memberRecords.importHelp')}</Text>
      <Anchor href="/api/members/import-template" download className="tap-row">
        {t('memberRecords.template')}
      </Anchor>
      <FileInput
        label={t('memberRecords.file')}
        // .xls and .ods are selectable on purpose: the server answers with what to do instead of a silent filter.
        accept=".xlsx,.csv,.xls,.ods,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
        value={file}
        onChange={(f) => {
          setFile(f);
          setMapping({});
          dry.reset();
          real.reset();
        }}
        size="md"
      />
      <Button size="md" disabled={!file || !unitId} loading={dry.isPending} onClick={() => file && dry.mutate(file)}>
        {t('memberRecords.dryRun')}
      </Button>
      <ErrorText error={dry.error ?? real.error} />
      {report && (
        <Paper withBorder p="md">
          <Stack>
            {report.needsMapping && (
              <Text c="red.9" fw={600}>
                {t('memberRecords.needsMapping')}
              </Text>
            )}
            {unknown.length > 0 && (
              <section aria-labelledby="map-title">
                <Title order={2} size="h4" id="map-title">
                  {t('memberRecords.mapping')}
                </Title>
                <Text c="dimmed">{t('memberRecords.mappingHelp')}</Text>
                {unknown.map((c) => (
                  <NativeSelect
                    key={c.column}
                    label={c.header}
                    value={mapping[c.header] ?? ''}
                    onChange={(e) => setMapping({ ...mapping, [c.header]: e.currentTarget.value })}
                    data={[
                      { value: '', label: t('memberRecords.ignore') },
                      ...TARGETS.map((f) => ({ value: f, label: t(`memberRecords.fields.${f}`) })),
                    ]}
                    size="md"
                  />
                ))}
              </section>
            )}
            <Report report={report} />
            {!real.data && !report.needsMapping && writable > 0 && (
              <Button size="md" color="green" loading={real.isPending} onClick={() => file && real.mutate(file)}>
                {t('memberRecords.confirm', { n: writable })}
              </Button>
            )}
            {real.data && <SuccessText>{t('memberRecords.imported', real.data.counts)}</SuccessText>}
          </Stack>
        </Paper>
      )}
      <section aria-labelledby="export-title">
        <Title order={2} size="h3" id="export-title">
          {t('memberRecords.export')}
        </Title>
        <Group>
          <Anchor href={`/api/members/export?unitId=${encodeURIComponent(unitId)}&format=xlsx`} className="tap-row">
            {t('memberRecords.exportXlsx')}
          </Anchor>
          <Anchor href={`/api/members/export?unitId=${encodeURIComponent(unitId)}&format=csv`} className="tap-row">
            {t('memberRecords.exportCsv')}
          </Anchor>
        </Group>
      </section>
    </Stack>
  );
}
