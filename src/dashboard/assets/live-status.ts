// The header's live indicator, as a script served after htmx in the same file (assets/index.ts): the page's one
// script stays this server's htmx.min.js, and the CSP needs no inline code. It listens to htmx's events for the
// live region's polls (views/live.ts) and says what the page is: "Live" while polls are answered with 2xx;
// "Offline · last update 14:02:11 UTC" as soon as one fails (no connection, a timeout, or any other status);
// "Stale · last update …" when no poll has been answered for two intervals (a request hangs, or the browser has
// stopped the timers of a hidden tab). The first answered poll makes it Live again. It sets text and classes only.

export const LIVE_STATUS_JS = `
;(function () {
  'use strict';
  var status = document.getElementById('live-status');
  if (!status || !document.body) return;
  var text = status.querySelector('.live-text');
  var lastOk = Date.now();
  var shown = 'live';

  function clock(t) { return new Date(t).toISOString().slice(11, 19) + ' UTC'; }
  function pollMs() {
    var region = document.querySelector('.live-region[data-poll-ms]');
    var ms = region ? Number(region.getAttribute('data-poll-ms')) : NaN;
    return ms > 0 ? ms : 5000;
  }
  function isPoll(detail) {
    var path = detail && detail.pathInfo && detail.pathInfo.requestPath;
    return typeof path === 'string' && path.indexOf('/fragments/') === 0;
  }
  function show(next, why) {
    shown = next;
    status.classList.toggle('live-offline', next === 'offline');
    status.classList.toggle('live-stale', next === 'stale');
    document.body.classList.toggle('not-live', next !== 'live');
    status.setAttribute('data-live', next);
    if (next === 'live') {
      text.textContent = 'Live';
      status.title = 'This page updates itself every ' + pollMs() / 1000 + ' s';
      return;
    }
    text.textContent = (next === 'offline' ? 'Offline' : 'Stale') + ' \\u00b7 last update ' + clock(lastOk);
    status.title = why + '. The page shows what the server said at ' + clock(lastOk) + ' and keeps asking every ' + pollMs() / 1000 + ' s.';
  }

  status.title = 'This page updates itself every ' + pollMs() / 1000 + ' s';
  document.body.addEventListener('htmx:afterRequest', function (e) {
    if (!isPoll(e.detail) || e.detail.successful !== true) return;
    lastOk = Date.now();
    if (shown !== 'live') show('live');
  });
  document.body.addEventListener('htmx:sendError', function (e) {
    if (isPoll(e.detail)) show('offline', 'The server did not answer at ' + clock(Date.now()));
  });
  document.body.addEventListener('htmx:timeout', function (e) {
    if (isPoll(e.detail)) show('offline', 'The server did not answer in time at ' + clock(Date.now()));
  });
  document.body.addEventListener('htmx:responseError', function (e) {
    if (isPoll(e.detail)) show('offline', 'The server answered ' + e.detail.xhr.status + ' at ' + clock(Date.now()));
  });
  setInterval(function () {
    if (shown === 'live' && Date.now() - lastOk > 2 * pollMs() + 1000) show('stale', 'No poll has been answered since ' + clock(lastOk));
  }, 1000);
})();
`;
