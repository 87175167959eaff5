import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ActivationCode } from '../api/types.ts';
import { formatDateTime } from '../i18n/index.ts';

interface Props {
  memberName: string;
  code: ActivationCode | null;
  onClose: () => void;
}

/** The server renders the QR as SVG; anything else is refused rather than injected. */
function safeSvg(svg: string): string | null {
  const s = svg.trim();
  return s.startsWith('<svg') ? s : null;
}

export function ActivationCodeModal({ memberName, code, onClose }: Props) {
  const { t } = useTranslation();
  const svg = code ? safeSvg(code.qrSvg) : null;
  return (
    <Modal
      opened={code !== null}
      onClose={onClose}
      title={t('members.codeTitle', { name: memberName })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      styles={{ title: { fontWeight: 700, fontSize: 20 } }}
      size="md"
    >
      {code && (
        <Stack className="print-area">
          <Text fw={700} fz="lg" className="print-only-title">
            {memberName}
          </Text>
          <Text
            ff="monospace"
            fz={32}
            fw={700}
            ta="center"
            style={{ letterSpacing: 2, wordBreak: 'break-all' }}
            data-testid="activation-code"
          >
            {code.code}
          </Text>
          <Text ta="center">{t('members.codeExpires', { time: formatDateTime(code.expiresAt) })}</Text>
          {svg && <div className="qr" role="img" aria-label={t('members.qr')} dangerouslySetInnerHTML={{ __html: svg }} />}
          <Text fz="sm" ta="center" style={{ wordBreak: 'break-all' }}>
            {code.activationUrl}
          </Text>
          <Text>{t('members.codeHelp')}</Text>
          <Group grow className="no-print">
            <Button variant="default" onClick={onClose}>
              {t('common.close')}
            </Button>
            <Button onClick={() => window.print()}>{t('members.print')}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
