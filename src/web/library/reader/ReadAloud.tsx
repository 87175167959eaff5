/**
 * "Đọc to": the reading view read by the phone's own speech synthesis, in a Vietnamese voice. The
 * text goes in short pieces (a paragraph, or a sentence of a long one): Chrome stops a long
 * utterance after about 15 seconds, and short pieces let the member pause and go on where it was.
 * The paragraph being read is marked and kept on screen. Where the phone has no Vietnamese voice
 * there is no button, only a line saying why and how to add one.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type RefObject } from 'react';
import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

type VoiceState =
  { status: 'checking' } | { status: 'none'; supported: boolean } | { status: 'ready'; voice: SpeechSynthesisVoice };

const synth = (): SpeechSynthesis | null =>
  typeof window !== 'undefined' && 'speechSynthesis' in window ? window.speechSynthesis : null;

function findVoice(): SpeechSynthesisVoice | null {
  const voices = synth()?.getVoices() ?? [];
  const vi = voices.filter((v) => v.lang.toLowerCase().replace('_', '-').startsWith('vi'));
  return vi.find((v) => v.localService) ?? vi[0] ?? null;
}

/** The Vietnamese voice, once the browser has listed its voices (they arrive late in Chrome). */
export function useVietnameseVoice(): VoiceState {
  const [state, setState] = useState<VoiceState>(() => (synth() ? { status: 'checking' } : { status: 'none', supported: false }));
  useEffect(() => {
    const s = synth();
    if (!s) return;
    const check = (final: boolean) => {
      const v = findVoice();
      if (v) setState({ status: 'ready', voice: v });
      else if (final) setState({ status: 'none', supported: true });
    };
    check(false);
    const onChange = () => check(true);
    s.addEventListener('voiceschanged', onChange);
    // Browsers with no voices at all never send voiceschanged.
    const timer = window.setTimeout(() => check(true), 1500);
    return () => {
      s.removeEventListener('voiceschanged', onChange);
      window.clearTimeout(timer);
    };
  }, []);
  return state;
}

interface Piece {
  el: HTMLElement;
  text: string;
}

const MAX_PIECE = 220;

/** The readable elements of the text, long ones cut at sentence ends (then at commas). */
function pieces(root: HTMLElement): Piece[] {
  const out: Piece[] = [];
  root.querySelectorAll<HTMLElement>('h2, h3, h4, p, li, td, th').forEach((el) => {
    if (el.querySelector('p, li')) return; // a container: its children are read
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (!text) return;
    let rest = text;
    while (rest.length > MAX_PIECE) {
      const head = rest.slice(0, MAX_PIECE);
      const cut = Math.max(head.lastIndexOf('. '), head.lastIndexOf('; '), head.lastIndexOf(': '));
      const at = cut > 60 ? cut + 1 : Math.max(head.lastIndexOf(', ') + 1, head.lastIndexOf(' '));
      out.push({ el, text: rest.slice(0, at > 0 ? at : MAX_PIECE).trim() });
      rest = rest.slice(at > 0 ? at : MAX_PIECE).trim();
    }
    if (rest) out.push({ el, text: rest });
  });
  return out;
}

type Playing = 'idle' | 'playing' | 'paused';

function subscribeOnline(cb: () => void) {
  window.addEventListener('online', cb);
  window.addEventListener('offline', cb);
  return () => {
    window.removeEventListener('online', cb);
    window.removeEventListener('offline', cb);
  };
}

export function ReadAloud({ textRef, ready }: { textRef: RefObject<HTMLElement | null>; ready: boolean }) {
  const { t } = useTranslation();
  const voice = useVietnameseVoice();
  const [playing, setPlaying] = useState<Playing>('idle');
  const queue = useRef<Piece[]>([]);
  const index = useRef(0);
  /** Raised by pause and stop: a piece that ends after it does not start the next one. */
  const generation = useRef(0);
  const marked = useRef<HTMLElement | null>(null);
  // Voices that come from the network (not on the device) need a connection.
  const online = useSyncExternalStore(subscribeOnline, () => navigator.onLine);

  const mark = (el: HTMLElement | null) => {
    marked.current?.classList.remove('speaking');
    marked.current = el;
    if (el) {
      el.classList.add('speaking');
      el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    }
  };

  const speakFrom = useCallback(
    (i: number) => {
      const s = synth();
      if (!s || voice.status !== 'ready') return;
      const piece = queue.current[i];
      if (!piece) {
        mark(null);
        setPlaying('idle');
        return;
      }
      index.current = i;
      const gen = generation.current;
      mark(piece.el);
      const u = new SpeechSynthesisUtterance(piece.text);
      u.voice = voice.voice;
      u.lang = voice.voice.lang;
      u.rate = 0.95;
      u.onend = () => {
        if (generation.current === gen) speakFrom(i + 1);
      };
      u.onerror = (e) => {
        // "interrupted"/"canceled" are our own pause and stop.
        if (generation.current === gen && e.error !== 'interrupted' && e.error !== 'canceled') {
          mark(null);
          setPlaying('idle');
        }
      };
      s.speak(u);
    },
    [voice],
  );

  const stop = useCallback(() => {
    generation.current += 1;
    synth()?.cancel();
    mark(null);
    setPlaying('idle');
  }, []);

  // Leaving the page stops the voice.
  useEffect(() => stop, [stop]);

  if (voice.status === 'checking') return null;
  if (voice.status === 'none') {
    return (
      <details className="read-aloud-why">
        <summary>{voice.supported ? t('library.readAloudNoVoice') : t('library.readAloudUnsupported')}</summary>
        {voice.supported && <Text>{t('library.readAloudHowTo')}</Text>}
      </details>
    );
  }
  if (!ready) return null;
  return (
    <Group gap="xs" wrap="wrap">
      {playing === 'idle' && (
        <Button
          variant="outline"
          onClick={() => {
            if (!textRef.current) return;
            synth()?.cancel();
            queue.current = pieces(textRef.current);
            setPlaying('playing');
            speakFrom(0);
          }}
        >
          {t('library.readAloud')}
        </Button>
      )}
      {playing === 'playing' && (
        <Button
          variant="outline"
          onClick={() => {
            // Pause as a cancel: speechSynthesis.pause() does nothing on many Android phones.
            generation.current += 1;
            synth()?.cancel();
            setPlaying('paused');
          }}
        >
          {t('library.readAloudPause')}
        </Button>
      )}
      {playing === 'paused' && (
        <Button
          variant="outline"
          onClick={() => {
            setPlaying('playing');
            speakFrom(Math.max(0, index.current));
          }}
        >
          {t('library.readAloudResume')}
        </Button>
      )}
      {playing !== 'idle' && (
        <Button variant="default" onClick={stop}>
          {t('library.readAloudStop')}
        </Button>
      )}
      {!online && !voice.voice.localService && <Text c="dimmed">{t('library.readAloudOffline')}</Text>}
    </Group>
  );
}
