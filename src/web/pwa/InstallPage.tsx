/** "Cài đặt ứng dụng": the install button where the browser offers one, step-by-step help, a QR code. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { Alert, Button, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import { canPrompt, INSTALL_EVENT, isStandalone, platform, promptInstall } from './install.ts';

function subscribe(cb: () => void) {
  window.addEventListener(INSTALL_EVENT, cb);
  return () => window.removeEventListener(INSTALL_EVENT, cb);
}

function Steps({ title, steps }: { title: string; steps: string[] }) {
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="xs">
        {title}
      </Title>
      <List type="ordered" spacing="xs" size="lg">
        {steps.map((s) => (
          <List.Item key={s}>{s}</List.Item>
        ))}
      </List>
    </Paper>
  );
}

export default function InstallPage() {
  const { t } = useTranslation();
  const promptable = useSyncExternalStore(subscribe, canPrompt);
  const [svg, setSvg] = useState('');
  const url = window.location.origin + '/';
  useEffect(() => {
    void QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then(setSvg);
  }, [url]);
  const android = t('pwa.android', { returnObjects: true }) as string[];
  const iphone = t('pwa.iphone', { returnObjects: true }) as string[];
  const first = platform() === 'ios' ? 'ios' : 'android';
  const sections = [
    <Steps key="android" title={t('pwa.androidTitle')} steps={android} />,
    <Steps key="ios" title={t('pwa.iphoneTitle')} steps={iphone} />,
  ];
  return (
    <Stack gap="lg">
      <Title order={1}>{t('pwa.installTitle')}</Title>
      <Text>{t('pwa.installIntro')}</Text>
      {isStandalone() && <Alert color="green">{t('pwa.installed')}</Alert>}
      {promptable && (
        <Button size="xl" onClick={() => void promptInstall()}>
          {t('pwa.installNow')}
        </Button>
      )}
      {first === 'ios' ? sections.reverse() : sections}
      <Paper withBorder p="md">
        <Title order={2} size="h3" mb="xs">
          {t('pwa.qrTitle')}
        </Title>
        <Text mb="sm">{t('pwa.qrHelp')}</Text>
        {svg && <div className="qr" role="img" aria-label={t('pwa.qrAlt', { url })} dangerouslySetInnerHTML={{ __html: svg }} />}
        <Text ta="center" fw={700} mt="xs">
          {url}
        </Text>
      </Paper>
    </Stack>
  );
}
