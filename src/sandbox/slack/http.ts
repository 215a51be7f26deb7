// How the Slack fake answers an HTTP request: response_url posts are recorded; Web API calls (form-urlencoded, or
// JSON) are parsed, checked against scripted failures and outages, performed, and recorded with their answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http/respond.js';
import type { SlackFake } from './fake.js';
import type { JsonObject } from './types.js';
import { performWebApi } from './web-api.js';

/** Form fields Slack's clients send as JSON strings. */
const JSON_FIELDS = new Set(['blocks', 'metadata', 'attachments', 'view']);

function parseParams(body: string, contentType: string | undefined): JsonObject {
  if (contentType?.includes('application/json')) return body ? JSON.parse(body) : {};
  const out: JsonObject = {};
  for (const [k, v] of new URLSearchParams(body)) out[k] = JSON_FIELDS.has(k) ? JSON.parse(v) : v;
  return out;
}

export async function handleSlackRequest(fake: SlackFake, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = (await readBody(req)).toString('utf8');
  const path = (req.url ?? '').split('?')[0]!;
  if (path.startsWith('/respond/')) {
    fake.responses.push({ id: path.slice('/respond/'.length), body: JSON.parse(body || '{}') });
    res.writeHead(200).end('ok');
    return;
  }
  if (!path.startsWith('/api/')) {
    res.writeHead(404).end();
    return;
  }
  const method = path.slice('/api/'.length);
  const params = parseParams(body, req.headers['content-type']);
  const auth = req.headers.authorization?.replace(/^Bearer /, '');
  const token = auth || params.token;
  const scripted = fake.nextScripted(method);
  if (scripted?.delayMs) await new Promise((r) => setTimeout(r, scripted.delayMs));
  const send = (status: number, json: unknown, headers: Record<string, string> = {}): void => {
    const retryAfter = status === 429 ? Number(headers['retry-after']) : undefined;
    const error =
      (json as { ok?: boolean; error?: string }).ok === false ? (json as { error?: string }).error : undefined;
    fake.calls.push({
      method,
      params,
      token,
      at: Date.now(),
      status,
      ...(retryAfter === undefined ? {} : { retryAfter }),
      ...(error ? { error } : {}),
    });
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(json));
  };
  if (scripted && (scripted.status || scripted.error)) {
    if (scripted.deliver) performWebApi(fake, method, params, token);
    if (scripted.status === 429)
      return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(scripted.retryAfter ?? 1) });
    if (scripted.status && scripted.status !== 200)
      return send(scripted.status, { ok: false, error: 'fake_http_error' });
    return send(200, { ok: false, error: scripted.error });
  }
  send(200, performWebApi(fake, method, params, token));
}
