// The page shell: head (stylesheet and htmx from this server only), a header with the cluster's name, the page.
import { type Html, html } from './html.js';
import { signOutButton } from './login.js';

export interface PageChrome {
  cluster: string;
  /** Query strings that make asset URLs change when their content does (see assets/). */
  assetVersion: { css: string; js: string };
  /** Whether a logout link makes sense (a token is configured). */
  auth: boolean;
}

export type Nav = 'overview' | 'incidents' | 'none';

// htmx must not evaluate code from responses, inject its own inline style (the CSP forbids it) or keep pages in
// localStorage; it only ever talks to this server.
const HTMX_CONFIG = JSON.stringify({
  allowEval: false,
  allowScriptTags: false,
  includeIndicatorStyles: false,
  historyCacheSize: 0,
  selfRequestsOnly: true,
  defaultSwapStyle: 'outerHTML',
});

function navLink(href: string, label: string, active: boolean): Html {
  return html`<a href="${href}" class="${active ? 'nav-link active' : 'nav-link'}" ${active ? html`aria-current="page"` : ''}>${label}</a>`;
}

export function layout(chrome: PageChrome, page: { title: string; nav: Nav; body: Html }): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="htmx-config" content="${HTMX_CONFIG}">
<title>${page.title} · Clopus · ${chrome.cluster}</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/app.css?v=${chrome.assetVersion.css}">
<script src="/assets/htmx.min.js?v=${chrome.assetVersion.js}" defer></script>
</head>
<body>
<header class="topbar">
  <div class="topbar-inner">
    <a class="brand" href="/"><span class="brand-mark" aria-hidden="true"></span>Clopus</a>
    <span class="cluster" title="Cluster">${chrome.cluster}</span>
    ${
      page.nav === 'none'
        ? ''
        : html`<nav class="nav">${navLink('/', 'Overview', page.nav === 'overview')}${navLink('/incidents', 'Incidents', page.nav === 'incidents')}</nav>`
    }
    <span class="spacer"></span>
    ${page.nav === 'none' ? '' : html`<span class="live" id="live-status" data-live="live" role="status" title="This page updates itself every few seconds"><span class="live-dot" aria-hidden="true"></span><span class="live-text">Live</span></span>`}
    <span class="readonly" title="Nothing here changes the cluster or the bot">Read-only</span>
    ${chrome.auth && page.nav !== 'none' ? signOutButton() : ''}
  </div>
</header>
<main class="page">
${page.body}
</main>
</body>
</html>`;
}
