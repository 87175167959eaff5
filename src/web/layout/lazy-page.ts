/**
 * React's lazy() for the app's pages, which also waits for what only lazy pages need: the rest of
 * Mantine's styles (mantine-rest.css) and the strings of the areas not on the first screen
 * (i18n/lazy-areas.ts). Both load once, in parallel with the first lazy page, so the sign-in page
 * and the member home download neither before they draw.
 */
import { lazy as reactLazy } from 'react';
import { loadLazyAreas } from '../i18n/index.ts';

let rest: Promise<unknown> | null = null;

/** Starts (once) loading the styles and strings lazy pages need; resolves when both are there. */
export function loadPageExtras(): Promise<unknown> {
  rest ??= Promise.all([import('./mantine-rest.css'), loadLazyAreas()]).catch((err: unknown) => {
    rest = null; // offline before the service worker had them: try again on the next page
    throw err;
  });
  return rest;
}

// Missing extras (offline before the service worker kept them) must not keep the page from opening.
export const lazy: typeof reactLazy = (load) =>
  reactLazy(() => Promise.all([load(), loadPageExtras().catch(() => undefined)]).then(([m]) => m));
