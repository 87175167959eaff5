/**
 * The original PDF on a phone (pdf.js, loaded only when a PDF is opened): every page one under
 * the other at the width of the screen ("vừa khung"), pinch and double-tap to zoom (and buttons,
 * for one finger), a page box to jump to a page, and the place the member stopped kept on the
 * device, so the file opens there next time. Only the pages near the screen are drawn, and far
 * ones are let go, so a 100-page resolution does not fill a cheap phone's memory.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { ActionIcon, Button, Group, Loader, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { loadPosition, savePosition } from './reader/positions.ts';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

type PdfDoc = Awaited<ReturnType<typeof pdfjs.getDocument>['promise']>;
type Size = { w: number; h: number };

const MIN_ZOOM = 1;
const MAX_ZOOM = 4;
/** Canvas pixels per page at most (Safari refuses larger canvases; memory on cheap phones). */
const MAX_PIXELS = 12_000_000;
/** Pages drawn at once at most; the farthest from the screen are let go first. */
const KEEP_DRAWN = 8;
const clamp = (z: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));

export default function PdfViewer({ url, title, positionKey }: { url: string; title: string; positionKey: string }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const pagesEl = useRef<HTMLDivElement>(null);
  const [doc, setDoc] = useState<PdfDoc | null>(null);
  const [error, setError] = useState(false);
  const [sizes, setSizes] = useState<Size[]>([]);
  const [boxWidth, setBoxWidth] = useState(0);
  const [zoom, setZoom] = useState(1);
  const [page, setPage] = useState(1);
  const [jump, setJump] = useState('');
  const [resumed, setResumed] = useState<number | null>(null);
  const drawn = useRef(new Map<number, { scale: number; task?: { cancel(): void } }>());
  const visible = useRef(new Set<number>());
  const restoreTo = useRef<{ page: number; zoom: number } | null>(null);

  // Open the file; pdf.js asks for byte ranges, so the first page shows before the whole file came.
  useEffect(() => {
    let cancelled = false;
    const task = pdfjs.getDocument({ url, isEvalSupported: false, withCredentials: true });
    task.promise.then(
      async (d) => {
        const first = (await d.getPage(1)).getViewport({ scale: 1 });
        if (cancelled) return;
        setSizes(Array.from({ length: d.numPages }, () => ({ w: first.width, h: first.height })));
        const saved = loadPosition(positionKey);
        if (saved && saved.page > 1 && saved.page <= d.numPages) {
          restoreTo.current = { page: saved.page, zoom: clamp(saved.zoom ?? 1) };
          setZoom(clamp(saved.zoom ?? 1));
          setResumed(saved.page);
        }
        setDoc(d);
      },
      () => !cancelled && setError(true),
    );
    return () => {
      cancelled = true;
      void task.destroy();
    };
  }, [url, positionKey]);

  // Fit to the width of the box, again when the phone turns.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setBoxWidth(el.clientWidth);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [doc]);

  const pad = 8;
  const fit = sizes[0] && boxWidth ? (boxWidth - pad * 2) / sizes[0].w : 0;
  const scale = fit * zoom;
  const pageTop = useCallback(
    (n: number) => {
      let y = pad;
      for (let i = 0; i < n - 1; i++) y += (sizes[i]?.h ?? 0) * scale + pad;
      return y;
    },
    [sizes, scale],
  );

  const draw = useCallback(
    async (n: number) => {
      if (!doc || !scale) return;
      const have = drawn.current.get(n);
      if (have && Math.abs(have.scale - scale) < 0.001) return;
      have?.task?.cancel();
      const entry: { scale: number; task?: { cancel(): void } } = { scale };
      drawn.current.set(n, entry);
      const p = await doc.getPage(n);
      const base = p.getViewport({ scale: 1 });
      if (sizes[n - 1] && (Math.abs(sizes[n - 1]!.w - base.width) > 0.5 || Math.abs(sizes[n - 1]!.h - base.height) > 0.5)) {
        // A page of another size than the first: its box takes its own shape.
        setSizes((s) => s.map((x, i) => (i === n - 1 ? { w: base.width, h: base.height } : x)));
      }
      const canvas = pagesEl.current?.querySelector<HTMLCanvasElement>(`canvas[data-page="${n}"]`);
      if (!canvas || drawn.current.get(n) !== entry) return;
      const viewport = p.getViewport({ scale });
      const ratio = Math.min(window.devicePixelRatio || 1, 2, Math.sqrt(MAX_PIXELS / (viewport.width * viewport.height)));
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      const task = p.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
      entry.task = task;
      await task.promise.catch(() => undefined);
    },
    [doc, scale, sizes],
  );

  // Draw what is on screen (and a screen ahead); let go of the farthest pages beyond KEEP_DRAWN.
  const drawVisible = useCallback(() => {
    const around = [...visible.current].sort((a, b) => a - b);
    for (const n of around) void draw(n);
    if (drawn.current.size <= KEEP_DRAWN) return;
    const mid = around[Math.floor(around.length / 2)] ?? page;
    const far = [...drawn.current.keys()]
      .filter((n) => !visible.current.has(n))
      .sort((a, b) => Math.abs(b - mid) - Math.abs(a - mid));
    for (const n of far.slice(0, drawn.current.size - KEEP_DRAWN)) {
      drawn.current.get(n)?.task?.cancel();
      drawn.current.delete(n);
      const c = pagesEl.current?.querySelector<HTMLCanvasElement>(`canvas[data-page="${n}"]`);
      if (c) {
        c.width = 0;
        c.height = 0;
      }
    }
  }, [draw, page]);

  useEffect(() => {
    const root = box.current;
    const el = pagesEl.current;
    if (!doc || !root || !el || !scale) return;
    const io = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          const n = Number((e.target as HTMLElement).dataset.page);
          if (e.isIntersecting) visible.current.add(n);
          else visible.current.delete(n);
        }
        drawVisible();
      },
      { root, rootMargin: '100% 0px' },
    );
    el.querySelectorAll('[data-page-box]').forEach((p) => io.observe(p));
    return () => io.disconnect();
  }, [doc, scale, sizes.length, drawVisible]);

  // A new scale: the drawn pages are drawn again at it.
  useEffect(() => {
    drawVisible();
  }, [scale, drawVisible]);

  // Back to the page the member stopped at, once the layout is known.
  useLayoutEffect(() => {
    const r = restoreTo.current;
    if (!r || !scale || !box.current) return;
    restoreTo.current = null;
    box.current.scrollTop = pageTop(r.page) - pad;
    setPage(r.page);
  }, [scale, pageTop]);

  const onScroll = useCallback(() => {
    const el = box.current;
    if (!el || !scale) return;
    const probe = el.scrollTop + el.clientHeight / 3;
    let n = 1;
    let y = pad;
    for (let i = 0; i < sizes.length; i++) {
      const h = (sizes[i]?.h ?? 0) * scale + pad;
      if (probe < y + h) {
        n = i + 1;
        break;
      }
      y += h;
      n = i + 1;
    }
    setPage(n);
  }, [scale, sizes]);

  useEffect(() => {
    if (!doc) return;
    const id = window.setTimeout(() => savePosition(positionKey, { page, zoom }), 500);
    return () => window.clearTimeout(id);
  }, [doc, page, zoom, positionKey]);

  /** Zoom to `next`, keeping the point (x, y) of the box where it is on the screen. */
  const zoomAt = useCallback(
    (next: number, x?: number, y?: number) => {
      const el = box.current;
      const z = clamp(next);
      if (!el || z === zoom) return;
      const fx = x ?? el.clientWidth / 2;
      const fy = y ?? el.clientHeight / 2;
      const k = z / zoom;
      const left = (el.scrollLeft + fx) * k - fx;
      const top = (el.scrollTop + fy) * k - fy;
      setZoom(z);
      requestAnimationFrame(() => {
        el.scrollLeft = left;
        el.scrollTop = top;
      });
    },
    [zoom],
  );

  // Pinch: the pages follow the fingers (a CSS scale), the new zoom is drawn when they lift.
  const gesture = useRef<{ dist: number; x: number; y: number; live: number } | null>(null);
  const lastTap = useRef<{ at: number; x: number; y: number } | null>(null);
  useEffect(() => {
    const el = box.current;
    const pages = pagesEl.current;
    if (!el || !pages) return;
    const point = (e: TouchEvent, i: number) => {
      const r = el.getBoundingClientRect();
      return { x: e.touches[i]!.clientX - r.left, y: e.touches[i]!.clientY - r.top };
    };
    const start = (e: TouchEvent) => {
      if (e.touches.length !== 2) return;
      const a = point(e, 0);
      const b = point(e, 1);
      gesture.current = { dist: Math.hypot(a.x - b.x, a.y - b.y), x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, live: 1 };
      pages.style.transformOrigin = `${el.scrollLeft + gesture.current.x}px ${el.scrollTop + gesture.current.y}px`;
    };
    const move = (e: TouchEvent) => {
      const g = gesture.current;
      if (!g || e.touches.length !== 2) return;
      e.preventDefault();
      const a = point(e, 0);
      const b = point(e, 1);
      g.live = clamp(zoom * (Math.hypot(a.x - b.x, a.y - b.y) / g.dist)) / zoom;
      pages.style.transform = `scale(${g.live})`;
    };
    const end = (e: TouchEvent) => {
      const g = gesture.current;
      if (g && e.touches.length < 2) {
        gesture.current = null;
        pages.style.transform = '';
        zoomAt(zoom * g.live, g.x, g.y);
        return;
      }
      // Double tap: zoom in on the place tapped, or back to the width of the screen.
      if (e.touches.length === 0 && e.changedTouches.length === 1) {
        const r = el.getBoundingClientRect();
        const x = e.changedTouches[0]!.clientX - r.left;
        const y = e.changedTouches[0]!.clientY - r.top;
        const prev = lastTap.current;
        const now = performance.now();
        if (prev && now - prev.at < 320 && Math.hypot(prev.x - x, prev.y - y) < 30) {
          lastTap.current = null;
          e.preventDefault();
          zoomAt(zoom > 1 ? 1 : 2, x, y);
        } else lastTap.current = { at: now, x, y };
      }
    };
    el.addEventListener('touchstart', start, { passive: true });
    el.addEventListener('touchmove', move, { passive: false });
    el.addEventListener('touchend', end, { passive: false });
    return () => {
      el.removeEventListener('touchstart', start);
      el.removeEventListener('touchmove', move);
      el.removeEventListener('touchend', end);
    };
  }, [zoom, zoomAt]);

  function goTo(n: number) {
    const el = box.current;
    if (!el || !doc) return;
    const target = Math.min(doc.numPages, Math.max(1, Math.round(n)));
    el.scrollTop = pageTop(target) - pad;
    setPage(target);
  }
  function submitJump(e: FormEvent) {
    e.preventDefault();
    const n = Number(jump);
    if (Number.isFinite(n) && n >= 1) goTo(n);
    setJump('');
  }

  if (error) return <Text c="red.9">{t('library.viewerError')}</Text>;
  const total = doc?.numPages ?? 0;
  return (
    <div className="pdf-viewer">
      {doc && (
        <div className="pdf-toolbar">
          <Group gap={6} wrap="wrap">
            <ActionIcon
              size={44}
              variant="default"
              onClick={() => goTo(page - 1)}
              disabled={page <= 1}
              aria-label={t('library.prevPage')}
            >
              ‹
            </ActionIcon>
            <ActionIcon
              size={44}
              variant="default"
              onClick={() => goTo(page + 1)}
              disabled={page >= total}
              aria-label={t('library.nextPage')}
            >
              ›
            </ActionIcon>
            <Text component="span" aria-live="polite" fw={600} px={4}>
              {t('library.ofPages', { page, total })}
            </Text>
            <ActionIcon
              size={44}
              variant="default"
              onClick={() => zoomAt(zoom / 1.5)}
              disabled={zoom <= MIN_ZOOM}
              aria-label={t('library.zoomOut')}
            >
              −
            </ActionIcon>
            <ActionIcon
              size={44}
              variant="default"
              onClick={() => zoomAt(zoom * 1.5)}
              disabled={zoom >= MAX_ZOOM}
              aria-label={t('library.zoomIn')}
            >
              +
            </ActionIcon>
          </Group>
          <Group gap={6} wrap="wrap">
            {total > 1 && (
              <form onSubmit={submitJump} className="pdf-jump">
                <TextInput
                  aria-label={t('library.pageBox', { total })}
                  placeholder={String(page)}
                  value={jump}
                  onChange={(e) => setJump(e.currentTarget.value.replace(/\D/g, ''))}
                  inputMode="numeric"
                  w={88}
                />
                <Button type="submit" variant="default" disabled={!jump}>
                  {t('library.goToPage')}
                </Button>
              </form>
            )}
            <Button variant="default" onClick={() => zoomAt(1)} disabled={zoom === 1}>
              {t('library.fitWidth')}
            </Button>
          </Group>
          {resumed && (
            <Group gap="xs" role="status">
              <Text>{t('library.resumedAt', { page: resumed })}</Text>
              <Button
                variant="subtle"
                onClick={() => {
                  setResumed(null);
                  goTo(1);
                }}
              >
                {t('library.toFirstPage')}
              </Button>
            </Group>
          )}
        </div>
      )}
      <div
        ref={box}
        className="pdf-box"
        onScroll={onScroll}
        onDoubleClick={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          zoomAt(zoom > 1 ? 1 : 2, e.clientX - r.left, e.clientY - r.top);
        }}
      >
        {!doc && (
          <Group p="md" gap="xs" role="status">
            <Loader size="sm" />
            <Text>{t('library.loadingViewer')}</Text>
          </Group>
        )}
        <div ref={pagesEl} className="pdf-pages" style={{ width: scale && sizes[0] ? sizes[0].w * scale + pad * 2 : '100%' }}>
          {scale > 0 &&
            sizes.map((s, i) => (
              <div
                key={i}
                data-page-box=""
                data-page={i + 1}
                className="pdf-page"
                style={{ width: s.w * scale, height: s.h * scale }}
              >
                <canvas
                  data-page={i + 1}
                  role="img"
                  aria-label={`${title} — ${t('library.page', { page: i + 1, total })}`}
                  style={{ width: s.w * scale, height: s.h * scale }}
                />
              </div>
            ))}
        </div>
      </div>
    </div>
  );
}
