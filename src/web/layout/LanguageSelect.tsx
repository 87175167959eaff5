import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { setLang, type Lang } from '../i18n/index.ts';

/**
 * The language of the app on this device, in the account settings ("Tôi", "Tài khoản"). A native
 * select: the phone's own picker is large and familiar, and costs no JavaScript. The label is in
 * both languages so a member who switched by mistake finds the way back.
 */
export function LanguageSelect() {
  const { t, i18n } = useTranslation();
  return (
    <NativeSelect
      label={t('lang.menu')}
      value={i18n.language === 'en' ? 'en' : 'vi'}
      onChange={(e) => setLang(e.currentTarget.value === 'en' ? 'en' : ('vi' satisfies Lang))}
      data={[
        { value: 'vi', label: t('lang.vi') },
        { value: 'en', label: t('lang.en') },
      ]}
    />
  );
}

/** Signed out (sign-in, activation): one button that switches to the other language. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const other: Lang = i18n.language === 'en' ? 'vi' : 'en';
  return (
    <button type="button" className="lang-switch" lang={other} onClick={() => setLang(other)}>
      {t(`lang.${other}`)}
    </button>
  );
}
