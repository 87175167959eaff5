/**
 * In-browser PDF viewer (pdf.js), loaded only when a document page opens a PDF, so the library
 * never weighs on the home page. One page at a time on a canvas as wide as the phone screen;
 * pdf.js fetches the file with range requests, so the first page shows before the whole file.
 */
import { useEffect, useRef, useState } from 'react';
import { Button, Group, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

type PdfDoc = Awaited<ReturnType<typeof pdfjs.getDocument>['promise']>;

export default function PdfViewer({ url, title }: { url: string; title: string }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [doc, setDoc] = useState<PdfDoc | null>(null);
  const [page, setPage] = useState(1);
  const [zoom, setZoom] = useState(1);
  const [error, setError] = useState(false);

  useEffect(() => {
    let cancelled = false;
    const task = pdfjs.getDocument({ url, isEvalSupported: false, withCredentials: true });
    task.promise.then(
      (d) => {
        if (!cancelled) setDoc(d);
      },
      () => {
        if (!cancelled) setError(true);
      },
    );
    return () => {
      cancelled = true;
      void task.destroy();
    };
  }, [url]);

  useEffect(() => {
    if (!doc || !canvas.current || !box.current) return;
    let cancelled = false;
    let render: { cancel(): void; promise: Promise<void> } | undefined;
    void doc.getPage(page).then((p) => {
      if (cancelled || !canvas.current || !box.current) return;
      const width = box.current.clientWidth || 360;
      const base = p.getViewport({ scale: 1 });
      const viewport = p.getViewport({ scale: (width / base.width) * zoom });
      const ratio = window.devicePixelRatio || 1;
      const c = canvas.current;
      c.width = Math.floor(viewport.width * ratio);
      c.height = Math.floor(viewport.height * ratio);
      c.style.width = `${Math.floor(viewport.width)}px`;
      c.style.height = `${Math.floor(viewport.height)}px`;
      render = p.render({ canvas: c, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
      render.promise.catch(() => undefined);
    });
    return () => {
      cancelled = true;
      render?.cancel();
    };
  }, [doc, page, zoom]);

  if (error) return <Text c="red">{t('errors.unexpected')}</Text>;
  return (
    <Stack gap="xs">
      <div ref={box} style={{ width: '100%', overflowX: 'auto', background: '#f1f3f5', borderRadius: 8 }}>
        {!doc && (
          <Group p="md" gap="xs" role="status">
            <Loader size="sm" />
            <Text>{t('library.loadingViewer')}</Text>
          </Group>
        )}
        <canvas ref={canvas} role="img" aria-label={`${title} — ${t('library.page', { page, total: doc?.numPages ?? 1 })}`} />
      </div>
      {doc && (
        <Group justify="space-between" wrap="wrap">
          <Group gap="xs">
            <Button size="md" variant="default" onClick={() => setPage((p) => Math.max(1, p - 1))} disabled={page <= 1}>
              {t('library.prevPage')}
            </Button>
            <Text aria-live="polite">{t('library.page', { page, total: doc.numPages })}</Text>
            <Button
              size="md"
              variant="default"
              onClick={() => setPage((p) => Math.min(doc.numPages, p + 1))}
              disabled={page >= doc.numPages}
            >
              {t('library.nextPage')}
            </Button>
          </Group>
          <Group gap="xs">
            <Button
              size="md"
              variant="default"
              onClick={() => setZoom((z) => Math.max(0.5, z - 0.25))}
              aria-label={t('library.zoomOut')}
            >
              −
            </Button>
            <Button
              size="md"
              variant="default"
              onClick={() => setZoom((z) => Math.min(3, z + 0.25))}
              aria-label={t('library.zoomIn')}
            >
              +
            </Button>
          </Group>
        </Group>
      )}
    </Stack>
  );
}
