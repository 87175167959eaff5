// Asks for the signed-in user as soon as index.html is read, while the app's scripts are still
// downloading on a slow connection; main.tsx takes the answer (one request, one round trip saved,
// and the first page is drawn once, already with the member's name and menu).
window.sotayEarlyMe = fetch('/api/auth/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } }).catch(
  function () {
    return null;
  },
);
