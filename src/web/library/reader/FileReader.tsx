/**
 * One viewer for every file a member opens (library documents, news and unit pages, meeting
 * materials): the reading view first (the file's text reflowed at the member's text size, read
 * aloud where the phone can), the original one tap away (the PDF at the width of the screen; a
 * Word file to download), a scan shown as its pages. Which one is shown is in the address
 * (`?xem=goc`), so back and reload keep it.
 */
import { lazy, Suspense, useRef } from 'react';
import { Badge, Button, Group, Image, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { PageLoader, QueryError } from '../../ui/feedback.tsx';
import { ReadAloud } from './ReadAloud.tsx';
import { ReadingText } from './ReadingText.tsx';

// pdf.js is large: it loads only when a PDF's pages are shown.
const PdfViewer = lazy(() => import('../PdfViewer.tsx'));

export type ReaderKind = 'pdf' | 'docx' | 'xlsx' | 'image' | 'video' | 'other';

export interface ReaderFile {
  id: string;
  name: string;
  kind: ReaderKind;
  /** Inline address of the bytes (the viewer, an image, a video). */
  url: string;
  downloadUrl: string;
  /** The reading view's address (PDF and Word only). */
  readingUrl: string | null;
}

export interface ReadingAnswer {
  status: 'text' | 'scan' | 'none';
  html: string;
}

export const readingKey = (url: string) => ['reading', url] as const;

export function kindOfMime(mime: string): ReaderKind {
  if (mime === 'application/pdf') return 'pdf';
  if (mime === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document') return 'docx';
  if (mime === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') return 'xlsx';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  return 'other';
}

export function FileReader({ file, title }: { file: ReaderFile; title: string }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const textRef = useRef<HTMLDivElement>(null);
  const reading = useQuery({
    queryKey: readingKey(file.readingUrl ?? ''),
    queryFn: () => api.get<ReadingAnswer>(file.readingUrl!),
    enabled: !!file.readingUrl,
    staleTime: Infinity,
  });
  const wantsOriginal = params.get('xem') === 'goc';
  const setOriginal = (on: boolean) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (on) next.set('xem', 'goc');
        else next.delete('xem');
        return next;
      },
      { replace: true },
    );

  if (file.readingUrl && reading.isPending) return <PageLoader />;
  if (file.readingUrl && reading.isError) return <QueryError error={reading.error} onRetry={() => void reading.refetch()} />;
  const hasText = reading.data?.status === 'text';
  const scan = reading.data?.status === 'scan';
  const showText = hasText && !wantsOriginal;
  const positionKey = `file:${file.id}`;

  const original =
    file.kind === 'pdf' ? (
      <Suspense fallback={<PageLoader />}>
        <PdfViewer url={file.url} title={title} positionKey={positionKey} />
      </Suspense>
    ) : file.kind === 'image' ? (
      <Image src={file.url} alt={file.name} radius="sm" />
    ) : file.kind === 'video' ? (
      <video src={file.url} controls preload="metadata" style={{ width: '100%' }} aria-label={file.name} />
    ) : (
      <Text>{t('library.noPreview')}</Text>
    );

  return (
    <Stack gap="sm" className="file-reader">
      {hasText && (
        <div className="view-switch" role="group" aria-label={t('library.viewChoice')}>
          <Button variant={showText ? 'filled' : 'default'} aria-pressed={showText} onClick={() => setOriginal(false)}>
            {t('library.readingView')}
          </Button>
          {file.kind === 'pdf' ? (
            <Button variant={showText ? 'default' : 'filled'} aria-pressed={!showText} onClick={() => setOriginal(true)}>
              {t('library.originalPdf')}
            </Button>
          ) : (
            <Button component="a" href={file.downloadUrl} variant="default">
              {t('library.originalDocx')}
            </Button>
          )}
        </div>
      )}
      {scan && (
        <Group gap="xs">
          <Badge color="yellow" c="dark.7" variant="light" size="lg">
            {t('library.scanned')}
          </Badge>
          <Text>{t('library.scannedHelp')}</Text>
        </Group>
      )}
      {showText ? (
        <>
          <ReadAloud textRef={textRef} ready={showText} />
          <ReadingText ref={textRef} html={reading.data!.html} positionKey={`text:${file.id}`} />
        </>
      ) : (
        original
      )}
      {file.kind === 'docx' && !hasText && (
        <Button component="a" href={file.downloadUrl} variant="default">
          {t('library.originalDocx')}
        </Button>
      )}
    </Stack>
  );
}
