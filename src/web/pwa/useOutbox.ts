import { useEffect, useSyncExternalStore } from 'react';
import { loadOutbox, OUTBOX_EVENT, pendingItems } from './outbox.ts';

function subscribe(cb: () => void) {
  window.addEventListener(OUTBOX_EVENT, cb);
  return () => window.removeEventListener(OUTBOX_EVENT, cb);
}

/** The actions waiting in the offline outbox, kept current. */
export function useOutbox() {
  useEffect(() => {
    void loadOutbox();
  }, []);
  return useSyncExternalStore(subscribe, pendingItems);
}

/** Calls `onSent` after the outbox delivered something (to refetch lists). */
export function useOutboxSent(onSent: () => void) {
  useEffect(() => {
    const h = (e: Event) => {
      if ((e as CustomEvent<{ sent?: number }>).detail?.sent) onSent();
    };
    window.addEventListener(OUTBOX_EVENT, h);
    return () => window.removeEventListener(OUTBOX_EVENT, h);
  }, [onSent]);
}
