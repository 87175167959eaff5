import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { pct, type AdoptionRow } from './api.ts';

/**
 * Installation rate per child as plain bars: one hue only, and every bar carries its number as
 * text, so nothing depends on telling colours apart. Sorted by rank, like the ranking.
 */
export function InstallChart({ rows, label }: { rows: AdoptionRow[]; label: (r: AdoptionRow) => string }) {
  const { t, i18n } = useTranslation();
  const sorted = [...rows].sort((a, b) => a.installRank - b.installRank);
  return (
    <section aria-labelledby="st-chart">
      <Title order={2} size="h3" id="st-chart">
        {t('stats.chartTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {t('stats.chartHint')}
      </Text>
      <Stack gap={6} role="list">
        {sorted.map((r) => (
          <div key={`${r.unit.id}-${r.direct}`} role="listitem">
            <Text size="sm">
              {r.installRank}. {label(r)} — <strong>{pct(r.rates.installed, i18n.language)}</strong> ({r.installed}/{r.members})
            </Text>
            <div aria-hidden="true" style={{ background: 'var(--mantine-color-gray-2)', height: 14, borderRadius: 3 }}>
              <div
                style={{
                  width: `${Math.min(100, r.rates.installed)}%`,
                  height: '100%',
                  background: 'var(--mantine-color-blue-8)',
                  borderRadius: 3,
                }}
              />
            </div>
          </div>
        ))}
      </Stack>
    </section>
  );
}
