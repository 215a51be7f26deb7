// What Slack sends an app: signed HTTP requests, block_actions payloads and slash command fields.
import { createHmac } from 'node:crypto';
import type { SlackFake } from './fake.js';

export const SIGNING_SECRET = 'fakesigningsecret0123456789abcdef';
export const TEAM = 'T0FAKE';

/** The headers Slack signs a request with: v0=HMAC-SHA256(secret, "v0:{timestamp}:{body}"). */
export function signedHeaders(
  body: string,
  opts: { secret?: string; timestamp?: number; contentType?: string } = {},
): Record<string, string> {
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const sig = createHmac('sha256', opts.secret ?? SIGNING_SECRET)
    .update(`v0:${ts}:${body}`)
    .digest('hex');
  return {
    'content-type': opts.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': `v0=${sig}`,
  };
}

/** A block_actions payload as Slack sends it for a button click. */
export function buttonPayload(
  fake: SlackFake,
  o: { actionId: string; value: string; userId: string; channel?: string; messageTs?: string },
): Record<string, unknown> {
  const channel = o.channel ?? 'C0OPS';
  const ts = o.messageTs ?? '1.000001';
  return {
    type: 'block_actions',
    team: { id: TEAM, domain: 'fake' },
    user: { id: o.userId, username: o.userId.toLowerCase(), team_id: TEAM },
    api_app_id: 'A0FAKE',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
    trigger_id: fake.views.issueTrigger(o.userId),
    channel: { id: channel, name: 'ops' },
    message: { ts, text: 'incident' },
    response_url: fake.responseUrl(),
    actions: [
      {
        type: 'button',
        action_id: o.actionId,
        block_id: 'b',
        value: o.value,
        action_ts: String(Date.now() / 1000),
        text: { type: 'plain_text', text: o.actionId },
      },
    ],
  };
}

/** The form fields of a slash command. */
export function commandFields(
  fake: SlackFake,
  o: { text: string; userId: string; command?: string; channel?: string },
): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: TEAM,
    team_domain: 'fake',
    channel_id: o.channel ?? 'C0OPS',
    channel_name: 'ops',
    user_id: o.userId,
    user_name: o.userId.toLowerCase(),
    command: o.command ?? '/clopus',
    text: o.text,
    api_app_id: 'A0FAKE',
    response_url: fake.responseUrl(),
    trigger_id: fake.views.issueTrigger(o.userId),
  };
}

/** POSTs a signed request to a Bolt HTTP receiver; returns the status and when the answer came. */
export async function postSigned(
  url: string,
  body: string,
  opts: { secret?: string; timestamp?: number } = {},
): Promise<{ status: number; text: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers: signedHeaders(body, opts), body });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started };
}

export const formBody = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();
export const interactionBody = (payload: unknown): string =>
  new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
