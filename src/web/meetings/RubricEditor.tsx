import { useState } from 'react';
import { Button, Checkbox, Group, NativeSelect, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { ErrorText } from '../ui/feedback.tsx';
import type { Measure, RubricDefinition } from '../../common/meetings/rubric.ts';

type Criterion = RubricDefinition['criteria'][number];
type MeasureChoice = 'manual' | Measure['type'];
const MEASURES: MeasureChoice[] = ['manual', 'duration', 'attendance', 'materials_posted', 'materials_on_time', 'final_on_time'];

/** A measure of the chosen type, keeping the old bands when the type did not change. */
function measureOf(choice: MeasureChoice, max: number, old: Measure | undefined): Measure | undefined {
  if (choice === 'manual') return undefined;
  if (old?.type === choice) return old;
  if (choice === 'duration')
    return {
      type: 'duration',
      bands: [
        { minRatio: 1, points: max },
        { minRatio: 0, points: 0 },
      ],
    };
  if (choice === 'attendance')
    return {
      type: 'attendance',
      bands: [
        { minPercent: 90, points: max },
        { minPercent: 75, points: Math.round(max * 0.6) },
        { minPercent: 65, points: Math.round(max * 0.4) },
        { minPercent: 0, points: 0 },
      ],
    };
  return { type: choice };
}

const num = (v: string) => (v.trim() === '' ? 0 : Number(v));

function ItemFields({
  label,
  item,
  onChange,
  lockMax,
}: {
  label: string;
  item: { label: string; max: number; measure?: Measure | undefined };
  onChange: (next: { label: string; max: number; measure?: Measure | undefined }) => void;
  lockMax?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Textarea
        label={`${label} · ${t('meetings.st.label')}`}
        value={item.label}
        onChange={(e) => onChange({ ...item, label: e.currentTarget.value })}
        required
        maxLength={300}
        autosize
        minRows={1}
        size="md"
      />
      {/* One field per row: at 360 px the long "scored by" choices need the whole width. */}
      <TextInput
        label={t('meetings.st.max')}
        type="number"
        inputMode="decimal"
        min={0}
        value={String(item.max)}
        readOnly={lockMax}
        onChange={(e) => onChange({ ...item, max: num(e.currentTarget.value) })}
        size="md"
        maw={160}
      />
      <NativeSelect
        label={t('meetings.st.measure')}
        value={item.measure?.type ?? 'manual'}
        onChange={(e) =>
          onChange({ ...item, measure: measureOf(e.currentTarget.value as MeasureChoice, item.max, item.measure) })
        }
        data={MEASURES.map((m) => ({ value: m, label: t(`meetings.st.m.${m}`) }))}
        size="md"
      />
    </Stack>
  );
}

/**
 * A new rubric made from a copy of an existing one: criteria (text, points, scored by the secretary
 * or measured by the app), their parts, and the rating bands. The server validates the whole.
 */
export function RubricEditor({ from, onDone }: { from: { name: string; definition: RubricDefinition }; onDone: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(`${from.name} (2)`);
  const [def, setDef] = useState<RubricDefinition>(() => structuredClone(from.definition));
  const [makeDefault, setMakeDefault] = useState(false);
  const save = useMutation({
    mutationFn: () => api.post<{ id: string }>('/api/meetings/rubrics', { name, definition: def, makeDefault }),
    onSuccess: onDone,
  });
  const setCriterion = (i: number, c: Criterion) =>
    setDef((d) => ({ ...d, criteria: d.criteria.map((x, j) => (j === i ? c : x)) }));
  const total = def.criteria.reduce((s, c) => s + c.max, 0);
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="rb-new">
      <Title order={3} size="h4" id="rb-new" mb="xs">
        {t('meetings.st.newRubric')}
      </Title>
      <Stack
        component="form"
        gap="md"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <TextInput
          label={t('meetings.st.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          maxLength={200}
          size="md"
        />
        {def.criteria.map((c, i) => (
          <Paper key={c.key} withBorder p="xs">
            <ItemFields
              label={t('meetings.st.criterion', { n: i + 1 })}
              item={c}
              lockMax={!!c.parts?.length}
              onChange={(next) => setCriterion(i, { ...c, label: next.label, max: next.max, measure: next.measure })}
            />
            {c.parts?.map((p, k) => (
              <Stack key={p.key} pl="md" mt="xs">
                <ItemFields
                  label={t('meetings.st.part', { n: k + 1, c: i + 1 })}
                  item={p}
                  onChange={(next) => {
                    const parts = c.parts!.map((x, j) =>
                      j === k ? { ...x, label: next.label, max: next.max, measure: next.measure } : x,
                    );
                    // A split criterion is worth the sum of its parts.
                    setCriterion(i, { ...c, parts, max: parts.reduce((s, x) => s + x.max, 0) });
                  }}
                />
              </Stack>
            ))}
            <Button
              variant="subtle"
              color="red"
              size="md"
              mt="xs"
              onClick={() => setDef((d) => ({ ...d, criteria: d.criteria.filter((_, j) => j !== i) }))}
              disabled={def.criteria.length <= 1}
            >
              {t('meetings.st.removeCriterion', { n: i + 1 })}
            </Button>
          </Paper>
        ))}
        <Button
          variant="default"
          size="md"
          onClick={() =>
            setDef((d) => ({ ...d, criteria: [...d.criteria, { key: `c${Date.now().toString(36)}`, label: '', max: 5 }] }))
          }
        >
          {t('meetings.st.addCriterion')}
        </Button>
        <Text fw={700}>{t('meetings.st.total', { total })}</Text>
        <Title order={4} size="h5">
          {t('meetings.st.bands')}
        </Title>
        {def.ratingBands.map((b, i) => (
          <TextInput
            key={b.code}
            label={t('meetings.st.bandMin', { label: b.label })}
            type="number"
            inputMode="decimal"
            min={0}
            value={String(b.min)}
            onChange={(e) => {
              const v = num(e.currentTarget.value);
              setDef((d) => ({ ...d, ratingBands: d.ratingBands.map((x, j) => (j === i ? { ...x, min: v } : x)) }));
            }}
            size="md"
          />
        ))}
        <Checkbox
          label={t('meetings.st.makeDefault')}
          checked={makeDefault}
          onChange={(e) => setMakeDefault(e.currentTarget.checked)}
          size="md"
        />
        <ErrorText error={save.error} />
        <Group grow>
          <Button variant="default" size="md" onClick={onDone}>
            {t('meetings.st.cancel')}
          </Button>
          <Button type="submit" size="md" loading={save.isPending}>
            {t('meetings.st.saveRubric')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
