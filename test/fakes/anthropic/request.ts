// What the fake received, parsed, plus helpers a scripted turn uses to read the tool results the model was given.

export interface MessageParam {
  role: 'user' | 'assistant' | 'system';
  content: string | Array<Record<string, unknown>>;
}

export interface MessagesRequest {
  model: string;
  max_tokens?: number;
  stream?: boolean;
  system?: string | Array<{ type: string; text?: string }>;
  messages: MessageParam[];
  tools?: Array<{ name: string; description?: string; input_schema?: unknown }>;
  /** Claude Code sends `user_id` as a JSON string holding device_id, account_uuid and session_id. */
  metadata?: { user_id?: string };
}

export interface RecordedRequest {
  method: string;
  /** Path with query, e.g. `/v1/messages?beta=true`. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received, for "this string never left the process" assertions. */
  raw: string;
  body?: MessagesRequest;
  /** A main-loop request: it offers tools. Only these consume the script. */
  main: boolean;
  /** Date.now() when its body had arrived. */
  at: number;
}

export interface ToolResult {
  toolUseId: string;
  /** The tool_use name the result answers, looked up in the previous assistant message. */
  name: string | undefined;
  isError: boolean;
  text: string;
}

function blocksOf(message: MessageParam | undefined): Array<Record<string, unknown>> {
  if (!message || typeof message.content === 'string') return [];
  return message.content;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((c) => (typeof c?.text === 'string' ? c.text : '')).join('\n');
  return '';
}

/** The tool_result blocks of the last user message, i.e. what the model is answering in this turn. */
export function toolResults(req: MessagesRequest): ToolResult[] {
  const names = new Map<string, string>();
  for (const m of req.messages) {
    for (const b of blocksOf(m)) if (b.type === 'tool_use') names.set(String(b.id), String(b.name));
  }
  const lastUser = [...req.messages].reverse().find((m) => m.role === 'user');
  return blocksOf(lastUser)
    .filter((b) => b.type === 'tool_result')
    .map((b) => ({
      toolUseId: String(b.tool_use_id),
      name: names.get(String(b.tool_use_id)),
      isError: b.is_error === true,
      text: textOf(b.content),
    }));
}

/** All text the model was shown in this request: system prompt and every message, as one string. */
export function allText(req: MessagesRequest): string {
  const system = typeof req.system === 'string' ? req.system : (req.system ?? []).map((s) => s.text ?? '').join('\n');
  const parts = req.messages.flatMap((m) =>
    typeof m.content === 'string'
      ? [m.content]
      : m.content.map((b) => (b.type === 'tool_result' ? textOf(b.content) : textOf([b]))),
  );
  return [system, ...parts].join('\n');
}
