// Reads the SDK's message stream: which model ran, how many turns, what it cost, and how the run ended.
import type { SDKMessage, SDKResultMessage } from '@anthropic-ai/claude-agent-sdk';
import { sanitize, sanitizeShort } from '../../redact/index.js';
import type { PlannerUsage } from './types.js';

const EXPLANATION_CHARS = 2000;

/** Usage of a run that never reached the model (nothing spent but the time). */
export const noUsage = (durationMs = 0): PlannerUsage => ({
  model: null,
  turns: 0,
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
  durationMs,
});

export class RunTracker {
  model: string | null = null;
  result: SDKResultMessage | undefined;
  private readonly assistantIds = new Set<string>();
  /** The last assistant text, in case the run ends without a result message. */
  lastText = '';
  /** The Claude Code session: from system/init, else from the result (a run that failed before init). */
  sessionId: string | undefined;

  see(message: SDKMessage): void {
    if (message.type === 'system' && message.subtype === 'init') {
      this.model = message.model;
      this.sessionId = message.session_id;
    } else if (message.type === 'assistant') {
      this.assistantIds.add(message.message.id);
      const text = message.message.content
        .flatMap((b) => (b.type === 'text' ? [b.text] : []))
        .join('\n')
        .trim();
      if (text) this.lastText = text;
    } else if (message.type === 'result') {
      this.result = message;
      this.sessionId ??= message.session_id;
    }
  }

  /** Whether the model answered at least once in this run. */
  get answered(): boolean {
    return this.assistantIds.size > 0;
  }

  usage(durationMs: number): PlannerUsage {
    const r = this.result;
    const models = Object.values(r?.modelUsage ?? {});
    const sum = (pick: (m: (typeof models)[number]) => number) => models.reduce((n, m) => n + pick(m), 0);
    return {
      model: this.model ?? Object.keys(r?.modelUsage ?? {})[0] ?? null,
      turns: r?.num_turns ?? this.assistantIds.size,
      inputTokens: models.length
        ? sum((m) => m.inputTokens + m.cacheReadInputTokens + m.cacheCreationInputTokens)
        : (r?.usage.input_tokens ?? 0),
      outputTokens: models.length ? sum((m) => m.outputTokens) : (r?.usage.output_tokens ?? 0),
      costUsd: r?.total_cost_usd ?? 0,
      durationMs,
    };
  }

  /** The model's closing words, redacted and bounded, for a no_fix outcome. */
  explanation(): string {
    const text = this.result?.subtype === 'success' ? this.result.result : this.lastText;
    return (
      sanitize((text || this.lastText).trim(), EXPLANATION_CHARS).text ||
      'The model ended without proposing a fix or explaining why.'
    );
  }

  /** Why the run failed, in words, when the result says so; undefined for a clean finish. */
  failure(limits: { maxTurns: number; maxBudgetUsd: number }): string | undefined {
    const r = this.result;
    if (!r) return undefined;
    switch (r.subtype) {
      case 'success':
        return r.is_error ? `the model API call failed: ${sanitizeShort(r.result, 500)}` : undefined;
      case 'error_max_turns':
        return `the model used all ${limits.maxTurns} turns without finishing`;
      case 'error_max_budget_usd':
        return `the model reached the cost limit of $${limits.maxBudgetUsd} without finishing`;
      default:
        return `Claude Code stopped with ${r.subtype}${r.errors.length ? `: ${sanitizeShort(r.errors.join('; '), 500)}` : ''}`;
    }
  }
}
