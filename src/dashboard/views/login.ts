// Signing in and out: the sign-in form (the token goes in a POST body, never in a URL), the sign-out form, and the
// bounce page a browser gets when it arrives without a session.
import { type Html, html } from './html.js';

/** Why the sign-in form is shown again: a wrong token, or a token put in the URL (refused, whatever it is). */
export type LoginNotice = 'wrong-token' | 'token-in-url';

export interface LoginPage {
  next: string;
  notice?: LoginNotice | undefined;
  /** Plain HTTP to a name other than localhost: the browser will not keep the (Secure) session cookie. */
  insecure: boolean;
}

const NOTICES: Record<LoginNotice, Html> = {
  'wrong-token': html`<div class="callout error" role="alert">That token is not right. Check it and try again.</div>`,
  'token-in-url': html`<div class="callout warn" role="alert"><span>A token in the address is no longer accepted: it stays in the browser's history and in proxy logs. Paste it below instead, and since it has been in a URL, consider rotating <span class="mono">CLOPUS_DASHBOARD_TOKEN</span>.</span></div>`,
};

export function loginBody(page: LoginPage): Html {
  return html`<section class="login">
<h1>Sign in</h1>
<p class="muted">This dashboard is read-only. Paste the token from <span class="mono">CLOPUS_DASHBOARD_TOKEN</span>; you stay signed in for 12 hours on this browser.</p>
${page.notice === undefined ? '' : NOTICES[page.notice]}
${
  page.insecure
    ? html`<div class="callout warn"><span>This page came over plain HTTP, so the browser will not keep the session. Open the dashboard over HTTPS, or through <span class="mono">kubectl port-forward</span> on localhost.</span></div>`
    : ''
}
<form method="post" action="/login" class="login-form">
  <input type="hidden" name="next" value="${page.next}">
  <label class="field"><span>Token</span><input type="password" name="token" autocomplete="current-password" required autofocus></label>
  <button type="submit">Sign in</button>
</form>
</section>`;
}

const SIGN_OUT_TITLE = 'There is one token, so this ends every session on this dashboard, in every browser';

/** The sign-out button in the header: a POST, since signing out changes something. */
export function signOutButton(): Html {
  return html`<form method="post" action="/logout" class="signout"><button type="submit" class="nav-link subtle" title="${SIGN_OUT_TITLE}">Sign out</button></form>`;
}

/** GET /logout: a GET changes nothing, so it asks for the POST. */
export function logoutBody(): Html {
  return html`<section class="login">
<h1>Sign out</h1>
<p class="muted">${SIGN_OUT_TITLE}: everyone signs in again with the token.</p>
<form method="post" action="/logout" class="login-form"><button type="submit">Sign out everywhere</button></form>
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
