import { useSyncExternalStore } from 'react';
import { contrast, PREFS_EVENT, textSize } from './prefs.ts';

function subscribe(cb: () => void) {
  window.addEventListener(PREFS_EVENT, cb);
  return () => window.removeEventListener(PREFS_EVENT, cb);
}

export function usePrefs() {
  const size = useSyncExternalStore(subscribe, textSize);
  const contrastMode = useSyncExternalStore(subscribe, contrast);
  return { textSize: size, contrast: contrastMode };
}
