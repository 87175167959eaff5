import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { setLang, type Lang } from '../i18n/index.ts';

/** A native select: the phone's own picker is large and familiar, and costs no JavaScript. */
export function LanguageSelect() {
  const { t, i18n } = useTranslation();
  return (
    <NativeSelect
      aria-label={t('lang.menu')}
      size="lg"
      w={136}
      styles={{ input: { fontSize: 16, paddingInlineStart: 10, paddingInlineEnd: 30 } }}
      value={i18n.language === 'en' ? 'en' : 'vi'}
      onChange={(e) => setLang(e.currentTarget.value === 'en' ? 'en' : ('vi' satisfies Lang))}
      data={[
        { value: 'vi', label: t('lang.vi') },
        { value: 'en', label: t('lang.en') },
      ]}
    />
  );
}
