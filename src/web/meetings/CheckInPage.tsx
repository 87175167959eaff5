import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Stack, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../ui/feedback.tsx';
import { sendOrQueue } from '../pwa/outbox.ts';
import { MeetingWaiting } from './Waiting.tsx';

interface Result {
  status: 'present' | 'late' | 'absent_excused' | 'absent_unexcused';
  counted: boolean;
}

/**
 * "Điểm danh". The QR on the secretary's screen opens this page with ?t=<code> and checks in at
 * once; without it the member types the 6 digits shown under the QR. Offline, the check-in waits
 * in the outbox with its client id and is sent when the connection returns.
 */
export default function CheckInPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const [code, setCode] = useState(params.get('t') ?? '');
  const [queued, setQueued] = useState(false);
  const check = useMutation({
    // Not paused while offline (TanStack's default): the outbox is what handles no connection.
    networkMode: 'always',
    mutationFn: async (token: string) => {
      // The outbox gives the check-in its client id: a replay after the connection returns counts once.
      // scannedAt travels with a queued check-in: sent later, it still counts at the time of the scan.
      const r = await sendOrQueue<Result>(
        `/api/meetings/${id}/check-in`,
        { token, scannedAt: new Date().toISOString() },
        t('meetings.ob.checkIn'),
      );
      if (r.queued) {
        setQueued(true);
        return null;
      }
      return r.result;
    },
  });
  const auto = useRef(false);
  useEffect(() => {
    const tok = params.get('t');
    if (tok && !auto.current) {
      auto.current = true;
      check.mutate(tok);
    }
  }, [params, check]);
  return (
    <Stack>
      <Title order={1}>{t('meetings.checkIn')}</Title>
      {check.data && (
        <Alert color="green" role="status">
          {t('meetings.checkedIn', { status: t(`meetings.att.${check.data.status}`) })}
        </Alert>
      )}
      {queued && (
        <Alert color="yellow" role="status">
          {t('meetings.queued')}
        </Alert>
      )}
      <ErrorText error={check.error} />
      <MeetingWaiting meetingId={id} />
      <Stack
        component="form"
        gap="xs"
        onSubmit={(e) => {
          e.preventDefault();
          check.mutate(code);
        }}
      >
        <TextInput
          label={t('meetings.f.code')}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={8}
          size="lg"
          required
        />
        <Button type="submit" size="lg" loading={check.isPending}>
          {t('meetings.checkInBtn')}
        </Button>
      </Stack>
      <Button component={Link} to={`/sinh-hoat/${id}`} variant="subtle">
        {t('meetings.open')}
      </Button>
    </Stack>
  );
}
