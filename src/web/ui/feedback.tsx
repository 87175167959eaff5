import { Alert, Button, Center, Loader, Stack, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorTitle } from '../api/client.ts';

export function PageLoader() {
  const { t } = useTranslation();
  return (
    // The words are in the status region itself: an aria-label on the spinner (a plain span) is an
    // attribute axe rejects (aria-prohibited-attr), seen whenever a check ran while a page loaded.
    <Center py="xl" role="status" aria-live="polite">
      <Loader aria-hidden />
      <VisuallyHidden>{t('app.loading')}</VisuallyHidden>
    </Center>
  );
}

/** The server's Vietnamese error title, announced to screen readers. */
export function ErrorText({ error }: { error: unknown }) {
  const title = errorTitle(error);
  if (!title) return null;
  return (
    <Alert color="red" variant="light" role="alert">
      {title}
    </Alert>
  );
}

export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack py="md">
      <ErrorText error={error} />
      {onRetry && (
        <Button variant="default" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      )}
    </Stack>
  );
}

export function SuccessText({ children }: { children: React.ReactNode }) {
  return (
    <Alert color="green" variant="light" role="status">
      {children}
    </Alert>
  );
}
