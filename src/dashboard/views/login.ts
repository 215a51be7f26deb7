// Signing in: a form that sends the token with GET (the dashboard has no other method), and the bounce page a
// browser gets when it arrives without a session.
import { html, type Html } from './html.js';

export function loginBody(next: string, error: boolean): Html {
  return html`<section class="login">
<h1>Sign in</h1>
<p class="muted">This dashboard is read-only. Paste the token from <span class="mono">CLOPUS_DASHBOARD_TOKEN</span>; you stay signed in for 12 hours on this browser.</p>
${error ? html`<div class="callout error" role="alert">That token is not right. Check it and try again.</div>` : ''}
<form method="get" action="/login" class="login-form">
  <input type="hidden" name="next" value="${next}">
  <label class="field"><span>Token</span><input type="password" name="token" autocomplete="current-password" required autofocus></label>
  <button type="submit">Sign in</button>
</form>
</section>`;
}

/**
 * Sent (401) to a browser without a session. The session cookie is SameSite=Strict, so a link followed from Slack
 * arrives without it; this page's own refresh is a same-site navigation, so /login sees the cookie and sends the
 * browser straight on. Meta refresh is markup, not script, so the CSP allows it.
 */
export function bounceToLogin(url: string): Html {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="${`0;url=${url}`}"><title>Sign in · Clopus</title></head>
<body><p><a href="${url}">Sign in to the Clopus dashboard</a></p></body></html>`;
}
