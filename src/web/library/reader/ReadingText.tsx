/**
 * The reading view's text at the member's text size. It remembers how far down the member read
 * (on this device) and opens there next time, saying so, with a way back to the top.
 */
import { forwardRef, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState } from 'react';
import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { loadPosition, savePosition } from './positions.ts';

export const ReadingText = forwardRef<HTMLDivElement | null, { html: string; positionKey: string }>(function ReadingText(
  { html, positionKey },
  ref,
) {
  const { t } = useTranslation();
  const el = useRef<HTMLDivElement>(null);
  useImperativeHandle(ref, () => el.current!, []);
  const [resumed, setResumed] = useState(false);

  const fraction = () => {
    const box = el.current;
    if (!box) return 0;
    const top = box.getBoundingClientRect().top + window.scrollY;
    return Math.min(1, Math.max(0, (window.scrollY + window.innerHeight / 3 - top) / box.offsetHeight));
  };

  // Back to where the member stopped: drawn first, then scrolled before the browser paints.
  useLayoutEffect(() => {
    const saved = loadPosition(positionKey);
    const box = el.current;
    if (!box || !saved?.fraction || saved.fraction < 0.05 || saved.fraction > 0.98) return;
    const top = box.getBoundingClientRect().top + window.scrollY;
    window.scrollTo(0, top + saved.fraction * box.offsetHeight - window.innerHeight / 3);
    setResumed(true);
  }, [positionKey, html]);

  useEffect(() => {
    let timer = 0;
    const onScroll = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => savePosition(positionKey, { page: 1, fraction: fraction() }), 400);
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('scroll', onScroll);
    };
  }, [positionKey]);

  return (
    <>
      {resumed && (
        <Group gap="xs" role="status" className="resume-note">
          <Text>{t('library.resumedText')}</Text>
          <Button
            variant="subtle"
            onClick={() => {
              setResumed(false);
              el.current?.scrollIntoView({ block: 'start' });
            }}
          >
            {t('library.toTop')}
          </Button>
          <Button variant="subtle" onClick={() => setResumed(false)}>
            {t('library.dismiss')}
          </Button>
        </Group>
      )}
      {/* Escaped (PDF) or sanitized (Word) on the server: reading-html.ts. */}
      <div ref={el} className="reading" lang="vi" dangerouslySetInnerHTML={{ __html: html }} />
    </>
  );
});
