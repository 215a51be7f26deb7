// A Slack fake that speaks the wire protocols the real clients use: the Web API over HTTP (form-urlencoded bodies,
// blocks and metadata as JSON strings, 429 with Retry-After), response_url posts, and a Socket Mode server
// (apps.connections.open → ws URL, hello, envelopes, acks, disconnect/refresh). Every call is recorded; responses
// can be scripted per method. Bound to 127.0.0.1:0; close() ends every server and socket.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { handleSlackRequest } from './http.js';
import {
  APP_TOKEN,
  BOT_TOKEN,
  type Envelope,
  type FakeMessage,
  type Json,
  type JsonObject,
  type RecordedCall,
  type Scripted,
} from './types.js';
import { FakeViews } from './views-api.js';

export class SlackFake {
  readonly calls: RecordedCall[] = [];
  readonly messages: FakeMessage[] = [];
  readonly ephemerals: JsonObject[] = [];
  /** Bodies posted to response URLs, in order, with the URL's id. */
  readonly responses: Array<{ id: string; body: Json }> = [];
  readonly usergroups = new Map<string, string[]>();
  /** Modals and Home tabs (views.open/update/publish), and the trigger_ids interactions carry. */
  readonly views = new FakeViews();
  readonly botTokens = new Set([BOT_TOKEN]);
  readonly appTokens = new Set([APP_TOKEN]);
  /**
   * Slack's size limits on a message, as observed: the text of all its blocks together (every `text` string
   * summed) past about 12,000 characters is refused with msg_blocks_too_long (undocumented; slackapi/bolt-js#2509),
   * and `text` past 40,000 with msg_too_long. A test may lower them to reach them with small messages.
   */
  readonly limits = { blocksText: 12_000, text: 40_000 };
  /** Socket Mode connections opened so far (a reconnect opens another). */
  connectionsOpened = 0;
  private readonly scripts = new Map<string, Scripted[]>();
  private outageState: { until: number; answers: Map<string, Scripted[]>; seen: Map<string, number> } | undefined;
  private readonly sockets = new Set<WebSocket>();
  private readonly tcp = new Set<Socket>();
  private readonly pendingAcks = new Map<string, { resolve: (v: { payload: unknown; at: number }) => void }>();
  private readonly connectionWaiters: Array<() => void> = [];
  private seq = 0;
  private envelopes = 0;
  private responseIds = 0;
  readonly wss = new WebSocketServer({ noServer: true });
  url = '';

  constructor(readonly server: Server) {
    server.on('connection', (s: Socket) => {
      this.tcp.add(s);
      s.on('close', () => this.tcp.delete(s));
    });
    server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/link/')) return socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** Queues answers for the next calls of `method`, in order. */
  script(method: string, ...answers: Scripted[]): void {
    this.scripts.set(method, [...(this.scripts.get(method) ?? []), ...answers]);
  }

  /**
   * A sustained outage: for `forMs` from now, calls to each method in `answers` get that method's answers in turn,
   * cycling (an empty answer lets a call through, as a flapping outage does). Scripted answers still come first.
   */
  outage(forMs: number, answers: Record<string, Scripted[]>): { until: number } {
    const until = Date.now() + forMs;
    this.outageState = { until, answers: new Map(Object.entries(answers)), seen: new Map() };
    return { until };
  }

  /** The scripted or outage answer the next call of `method` gets, if any (taking it). */
  nextScripted(method: string): Scripted | undefined {
    return this.scripts.get(method)?.shift() ?? this.outageAnswer(method);
  }

  private outageAnswer(method: string): Scripted | undefined {
    const o = this.outageState;
    const answers = o?.answers.get(method);
    if (!o || !answers?.length || Date.now() >= o.until) return undefined;
    const n = o.seen.get(method) ?? 0;
    o.seen.set(method, n + 1);
    return answers[n % answers.length];
  }

  callsTo(method: string, opts: { okOnly?: boolean } = {}): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && (!opts.okOnly || c.status === 200));
  }

  /** A fresh response_url pointing at this fake. */
  responseUrl(): string {
    return `${this.url}/respond/${++this.responseIds}`;
  }

  responsesTo(url: string): Json[] {
    const id = url.slice(url.lastIndexOf('/') + 1);
    return this.responses.filter((r) => r.id === id).map((r) => r.body);
  }

  /** Resolves once `n` Socket Mode connections were opened (counting reconnects) and one is open now. */
  async waitForConnections(n = 1, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.openSockets() < 1 || this.connectionsOpened < n) {
      if (Date.now() > deadline) throw new Error(`no Socket Mode connection after ${timeoutMs} ms`);
      await new Promise<void>((r) => {
        this.connectionWaiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  openSockets(): number {
    return [...this.sockets].filter((s) => s.readyState === s.OPEN).length;
  }

  /** Sends an envelope over the newest open socket; resolves with the client's ack and when it arrived. */
  sendEnvelope(
    type: Envelope['type'],
    payload: unknown,
  ): { envelopeId: string; sentAt: number; ack: Promise<{ payload: unknown; at: number }> } {
    const socket = [...this.sockets].reverse().find((s) => s.readyState === s.OPEN);
    if (!socket) throw new Error('no open Socket Mode connection');
    const envelopeId = `env-${++this.envelopes}`;
    const ack = new Promise<{ payload: unknown; at: number }>((resolve) =>
      this.pendingAcks.set(envelopeId, { resolve }),
    );
    const sentAt = performance.now();
    socket.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
      } satisfies Envelope),
    );
    return { envelopeId, sentAt, ack };
  }

  /** Asks the client to reconnect, as Slack does when it recycles a connection. */
  requestRefresh(): void {
    for (const s of this.sockets)
      if (s.readyState === s.OPEN)
        s.send(JSON.stringify({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'fake' } }));
  }

  /** A person's message, as if typed in Slack (in a thread when `threadTs`); answers its ts. */
  userPost(o: { channel: string; user: string; text: string; threadTs?: string }): string {
    const ts = this.nextTs();
    this.messages.push({
      channel: this.channelId(o.channel),
      ts,
      text: o.text,
      updates: 0,
      user: o.user,
      ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
    });
    return ts;
  }

  /** Messages in a channel or a thread, oldest first. */
  thread(ts: string): FakeMessage[] {
    return this.messages.filter((m) => m.thread_ts === ts);
  }

  topLevel(channel?: string): FakeMessage[] {
    return this.messages.filter((m) => !m.thread_ts && (channel === undefined || m.channel === channel));
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.terminate();
    this.wss.close();
    for (const s of this.tcp) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data) => {
      let msg: { envelope_id?: string; payload?: unknown };
      try {
        msg = JSON.parse(String(data));
      } catch {
        return;
      }
      if (msg.envelope_id) {
        this.pendingAcks.get(msg.envelope_id)?.resolve({ payload: msg.payload ?? {}, at: performance.now() });
        this.pendingAcks.delete(msg.envelope_id);
      }
    });
    ws.send(
      JSON.stringify({ type: 'hello', num_connections: this.sockets.size, connection_info: { app_id: 'A0FAKE' } }),
    );
    for (const w of this.connectionWaiters.splice(0)) w();
  }

  /** Like Slack's: the current second, then a sequence, so that ts values increase and fall in `oldest` windows. */
  nextTs(): string {
    this.seq++;
    return `${Math.floor(Date.now() / 1000)}.${String(this.seq).padStart(6, '0')}`;
  }

  /**
   * Channel names map to stable IDs, as Slack answers with the ID; a user ID as the channel is that person's DM with
   * the app, which Slack answers with the DM's own ID (D…, the one directMessage() uses).
   */
  channelId(channel: string): string {
    if (channel.startsWith('#'))
      return `C${channel
        .slice(1)
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')}`;
    return /^[UW][A-Z0-9]+$/.test(channel) ? `D${channel.slice(1)}` : channel;
  }

  handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return handleSlackRequest(this, req, res);
  }
}

export async function startSlackFake(): Promise<SlackFake> {
  let fake: SlackFake | undefined;
  const server = createServer((req, res) => {
    fake!.handle(req, res).catch((err: unknown) => res.writeHead(500).end(String(err)));
  });
  fake = new SlackFake(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
