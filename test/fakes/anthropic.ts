// A scripted fake of the Anthropic Messages API, faithful enough for the real Claude Code binary (see TESTING.md).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { MessagesRequest, RecordedRequest } from './anthropic/request.js';
import {
  buildMessage,
  type ContentBlock,
  errorBody,
  newId,
  sseEvent,
  sseEvents,
  type Usage,
} from './anthropic/wire.js';

export type { MessagesRequest, RecordedRequest, ToolResult } from './anthropic/request.js';
export { allText, toolResults } from './anthropic/request.js';

export type BlockSpec =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; name: string; input: Record<string, unknown>; id?: string };

/** What one turn answers. `sticky` replies do not advance the script, so every later request gets them too. */
export type Reply = (
  | { content: BlockSpec[]; usage?: Partial<Usage> }
  | { error: { status: number; type: string; message: string } }
  /** Accept and never answer: before any header, or after message_start. */
  | { hang: 'headers' | 'mid-stream' }
  /** A broken SSE stream; a non-streaming retry of the same turn gets `content` as plain JSON. */
  | { malformed: true; content: BlockSpec[] }
  /**
   * Broken on every request, streaming or not: `garbage` (200 with lines that are not SSE JSON, or a body that is not
   * JSON), `truncated` (the JSON stops halfway, then the response ends cleanly), `cut` (the connection is destroyed
   * mid-event, after the first bytes).
   */
  | { broken: 'garbage' | 'truncated' | 'cut' }
) & { sticky?: boolean };

/** One scripted model turn: a function of the request, so it can look at the tool results the model got. */
export type Turn = (req: MessagesRequest, index: number) => Reply;

export const text = (t: string): BlockSpec => ({ type: 'text', text: t });
export const toolUse = (name: string, input: Record<string, unknown>): BlockSpec => ({ type: 'tool_use', name, input });
export const reply = (...content: BlockSpec[]): Reply => ({ content });
export const overloaded = (sticky = true): Reply => ({
  error: { status: 529, type: 'overloaded_error', message: 'Overloaded' },
  sticky,
});
export const apiError = (sticky = true): Reply => ({
  error: { status: 500, type: 'api_error', message: 'Internal server error' },
  sticky,
});

export interface AnthropicFake {
  url: string;
  /** Every request, main loop or not, in arrival order. */
  requests: RecordedRequest[];
  /** Main-loop requests only. */
  readonly main: RecordedRequest[];
  /** Turns consumed so far, and main-loop requests that arrived after the script ran out. */
  readonly consumed: number;
  readonly overrun: number;
  /**
   * Resolves at the next request, of any kind (or at once if more than `seen` requests have come): a Claude Code
   * child's first sign of life, from which a test counts a run's time budget rather than from its spawn.
   */
  arrival(seen?: number): Promise<RecordedRequest>;
  /** Replaces the script (and resets its position), e.g. for a second run against the same fake. */
  load(script: Turn[]): void;
  close(): Promise<void>;
}

const SIDE_ANSWER = 'OK';

function defaultUsage(raw: string, u: Partial<Usage> = {}): Usage {
  return {
    input_tokens: u.input_tokens ?? Math.ceil(raw.length / 4),
    output_tokens: u.output_tokens ?? 25,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
}

function toBlocks(specs: BlockSpec[]): ContentBlock[] {
  return specs.map((b) =>
    b.type === 'text' ? b : { type: 'tool_use', id: b.id ?? newId('toolu'), name: b.name, input: b.input },
  );
}

function sendMessage(res: ServerResponse, req: MessagesRequest, content: ContentBlock[], usage: Usage): void {
  const msg = buildMessage(req.model, content, usage);
  if (req.stream) {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'request-id': newId('req'),
    });
    for (const event of sseEvents(msg)) res.write(event);
    res.end();
  } else {
    res.writeHead(200, { 'content-type': 'application/json', 'request-id': newId('req') });
    res.end(JSON.stringify(msg));
  }
}

function sendBroken(
  res: ServerResponse,
  req: MessagesRequest,
  how: 'garbage' | 'truncated' | 'cut',
  usage: Usage,
): void {
  const start = sseEvents(buildMessage(req.model, [], usage))[0]!;
  const whole = JSON.stringify(buildMessage(req.model, [{ type: 'text', text: 'never seen' }], usage));
  if (req.stream) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'request-id': newId('req') });
    if (how === 'garbage')
      return void res.end('event: message_start\ndata: <html>502 Bad Gateway</html>\n\nevent: ???\ndata: {{{\n\n');
    res.write(start);
    const half = 'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_bl';
    if (how === 'truncated') return void res.end(half);
    res.write(half, () => res.destroy());
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json', 'request-id': newId('req') });
  if (how === 'garbage') return void res.end('<html><body>502 Bad Gateway</body></html>');
  if (how === 'truncated') return void res.end(whole.slice(0, whole.length >> 1));
  res.write(whole.slice(0, whole.length >> 1), () => res.destroy());
}

function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'request-id': newId('req'),
    ...(status === 529 || status === 429 ? { 'retry-after': '0' } : {}),
  });
  res.end(errorBody(type, message));
}

/** Starts the fake on 127.0.0.1, port 0. Requests without tools (titles and other side calls) get a short text and consume nothing. */
export async function startAnthropicFake(script: Turn[] = []): Promise<AnthropicFake> {
  let turns = script;
  let position = 0;
  let overrun = 0;
  const requests: RecordedRequest[] = [];
  const waiting: Array<(r: RecordedRequest) => void> = [];
  const sockets = new Set<Socket>();

  const answerMain = (res: ServerResponse, body: MessagesRequest, raw: string): void => {
    const turn = turns[position];
    if (!turn) {
      overrun++;
      return sendMessage(
        res,
        body,
        [{ type: 'text', text: 'The fake model has nothing more to say.' }],
        defaultUsage(raw),
      );
    }
    const r = turn(body, position);
    const isMalformedStream = 'malformed' in r && body.stream === true;
    if (!r.sticky && !isMalformedStream) position++;
    if ('error' in r) return sendError(res, r.error.status, r.error.type, r.error.message);
    if ('broken' in r) return sendBroken(res, body, r.broken, defaultUsage(raw));
    if ('hang' in r) {
      if (r.hang === 'mid-stream' && body.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(sseEvents(buildMessage(body.model, [], defaultUsage(raw)))[0]!);
      }
      return; // never answered; close() destroys the socket
    }
    if (isMalformedStream) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sseEvents(buildMessage(body.model, [], defaultUsage(raw)))[0]!);
      res.write(sseEvent('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }));
      res.end('event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_de\n\n');
      return;
    }
    sendMessage(res, body, toBlocks(r.content), defaultUsage(raw, 'usage' in r ? r.usage : undefined));
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string): void => {
    let body: MessagesRequest | undefined;
    try {
      body = raw ? (JSON.parse(raw) as MessagesRequest) : undefined;
    } catch {
      body = undefined;
    }
    const main = Array.isArray(body?.tools) && body.tools.length > 0;
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      raw,
      body,
      main,
      at: Date.now(),
    };
    requests.push(recorded);
    for (const waiter of waiting.splice(0)) waiter(recorded);
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || path !== '/v1/messages')
      return sendError(res, 404, 'not_found_error', `Not found: ${req.method} ${path}`);
    if (!body || !Array.isArray(body.messages))
      return sendError(res, 400, 'invalid_request_error', 'messages: Field required');
    if (!main)
      return sendMessage(res, body, [{ type: 'text', text: SIDE_ANSWER }], defaultUsage(raw, { output_tokens: 2 }));
    answerMain(res, body, raw);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get main() {
      return requests.filter((r) => r.main);
    },
    arrival(seen = requests.length) {
      const already = requests[seen];
      return already ? Promise.resolve(already) : new Promise((resolve) => waiting.push(resolve));
    },
    get consumed() {
      return position;
    },
    get overrun() {
      return overrun;
    },
    load(script: Turn[]) {
      turns = script;
      position = 0;
      overrun = 0;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
