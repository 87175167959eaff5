import { Stack, Switch } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { setContrast, setTextSize } from './prefs.ts';
import { usePrefs } from './usePrefs.ts';

/** The two switches; on the home page (one tap) and on the settings page. */
export function DisplayToggles({ withHelp = false }: { withHelp?: boolean }) {
  const { t } = useTranslation();
  const prefs = usePrefs();
  return (
    <Stack gap="xs">
      <Switch
        size="lg"
        label={t('settings.largeText')}
        description={withHelp ? t('settings.largeTextHelp') : undefined}
        checked={prefs.textSize === 'large'}
        onChange={(e) => setTextSize(e.currentTarget.checked ? 'large' : 'normal')}
        styles={{
          body: { alignItems: 'center', minHeight: 48 },
          label: { fontSize: 'var(--mantine-font-size-lg)', fontWeight: 600 },
        }}
      />
      <Switch
        size="lg"
        label={t('settings.highContrast')}
        description={withHelp ? t('settings.highContrastHelp') : undefined}
        checked={prefs.contrast === 'high'}
        onChange={(e) => setContrast(e.currentTarget.checked ? 'high' : 'normal')}
        styles={{
          body: { alignItems: 'center', minHeight: 48 },
          label: { fontSize: 'var(--mantine-font-size-lg)', fontWeight: 600 },
        }}
      />
    </Stack>
  );
}
